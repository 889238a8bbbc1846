/**
 * One source database: its own MikroORM instance, migrations and connection pool, and the per-request session
 * through which a connector runs SQL.
 */
import { MikroORM, type Constructor, type EntitySchema, type Options } from '@mikro-orm/core';
import { PostgreSqlDriver, type EntityManager, type Knex } from '@mikro-orm/postgresql';
import { Migrator, type Migration } from '@mikro-orm/migrations';
import type { Logger } from 'pino';
import { isTimeoutError, isUnavailableError, queryTimeout, sourceUnavailable } from './errors';

/** A committed migration: a name that sorts in apply order, and its class. */
export interface MigrationEntry {
  name: string;
  class: Constructor<Migration>;
}

export interface SourceDatabaseOptions {
  name: string;
  url: string;
  entities: EntitySchema<any, any>[];
  migrations: MigrationEntry[];
  poolMax: number;
  /** Longest a statement may run before PostgreSQL cancels it, milliseconds. */
  statementTimeoutMs: number;
  logger: Logger;
}

/** The per-request handle of a source: a forked EntityManager and SQL helpers that map connection failures. */
export interface SourceSession {
  readonly source: string;
  /** EntityManager forked for this request (its own identity map). */
  readonly em: EntityManager;
  /** Runs one parameterised statement (`?` placeholders; an array value binds as one PostgreSQL array, for `= ANY(?)`) and returns its rows. */
  rows<T>(sql: string, bindings?: readonly unknown[]): Promise<T[]>;
}

/**
 * An open source database. Counts every SQL statement sent on its connections (a hook on each pg client), so
 * tests and benchmarks can show that nested queries issue a bounded number of statements.
 */
export class SourceDatabase {
  private statements = 0;

  private constructor(
    readonly name: string,
    readonly orm: MikroORM<PostgreSqlDriver>,
    /** Connection URL (contains the password: never log it). */
    readonly url: string,
    private readonly statementTimeoutMs: number,
  ) {}

  /**
   * Creates the ORM for `options.url` without connecting: a database that is down does not stop the hub from
   * starting; its fields fail with SOURCE_UNAVAILABLE until it is back.
   */
  static async open(options: SourceDatabaseOptions): Promise<SourceDatabase> {
    const holder: { db?: SourceDatabase } = {};
    const config: Options<PostgreSqlDriver> = {
      driver: PostgreSqlDriver,
      clientUrl: options.url,
      entities: options.entities,
      connect: false,
      ensureDatabase: false,
      allowGlobalContext: false,
      discovery: { warnWhenNoEntities: false },
      extensions: [Migrator],
      migrations: {
        migrationsList: options.migrations,
        tableName: 'hub_migrations',
        transactional: true,
        allOrNothing: true,
        snapshot: false,
      },
      pool: {
        min: 0,
        max: options.poolMax,
        // Counts statements on the raw pg client: every query of MikroORM, knex and our raw SQL passes here.
        afterCreate: (
          conn: { query: (...args: unknown[]) => unknown },
          done: (err: Error | null, conn: unknown) => void,
        ) => {
          const query = conn.query.bind(conn);
          conn.query = (...args: unknown[]) => {
            if (holder.db) holder.db.statements++;
            return query(...args);
          };
          done(null, conn);
        },
      },
      driverOptions: {
        acquireConnectionTimeout: 5000,
        // knex prints its warnings with console.log; route them into the structured log instead.
        log: {
          warn: (message: unknown) =>
            options.logger.warn({ source: options.name, component: 'knex' }, String(message)),
          error: (message: unknown) =>
            options.logger.error({ source: options.name, component: 'knex' }, String(message)),
          deprecate: (message: unknown) =>
            options.logger.warn({ source: options.name, component: 'knex' }, String(message)),
          debug: (message: unknown) =>
            options.logger.debug({ source: options.name, component: 'knex' }, String(message)),
        },
        connection: {
          connectionTimeoutMillis: 3000,
          application_name: `exchange-hub:${options.name}`,
          // Every statement is bounded in time too: a runaway aggregate cannot hold a connection for minutes.
          statement_timeout: options.statementTimeoutMs,
        },
      },
      logger: (message: string) => options.logger.debug({ source: options.name }, message),
    };
    const orm = await MikroORM.init<PostgreSqlDriver>(config);
    const db = new SourceDatabase(options.name, orm, options.url, options.statementTimeoutMs);
    holder.db = db;
    return db;
  }

  /** SQL statements sent since this database was opened. */
  statementCount(): number {
    return this.statements;
  }

  /** Applies pending committed migrations; returns the names applied. Never synchronises schema from entities. */
  async migrate(): Promise<string[]> {
    const applied = await this.orm.getMigrator().up();
    return applied.map((m) => m.name);
  }

  /** Resolves when the database answers `SELECT 1`. */
  async ping(): Promise<void> {
    await this.knex().raw('SELECT 1');
  }

  /** The knex instance behind the ORM (for COPY and bulk work in seeding). */
  knex(): Knex {
    return this.orm.em.getKnex();
  }

  /** A session for one request: forks the EntityManager. Cheap; call once per request. */
  session(): SourceSession {
    const em = this.orm.em.fork();
    const knex = this.knex();
    const source = this.name;
    const timeoutMs = this.statementTimeoutMs;
    return {
      source,
      em,
      async rows<T>(sql: string, bindings: readonly unknown[] = []): Promise<T[]> {
        try {
          const result = await knex.raw(sql, bindings as Knex.RawBinding[]);
          return result.rows as T[];
        } catch (error) {
          if (isTimeoutError(error)) throw queryTimeout(source, timeoutMs);
          throw isUnavailableError(error) ? sourceUnavailable(source) : error;
        }
      },
    };
  }

  async close(): Promise<void> {
    await this.orm.close(true);
  }
}
