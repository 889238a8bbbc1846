/**
 * One source database: its own MikroORM instance, migrations and connection pool, and the per-request session
 * through which a connector runs SQL.
 */
import { MikroORM, type Constructor, type EntitySchema, type Options } from '@mikro-orm/core';
import { PostgreSqlDriver, type EntityManager, type Knex } from '@mikro-orm/postgresql';
import { Migrator, type Migration } from '@mikro-orm/migrations';
import pg from 'pg';
import { FairGate } from './fair-gate';
import type { Logger } from 'pino';
import { boundedMemo, preparedStatement } from './prepared';
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
  /** Tables the schema diff leaves out (see SourceDefinition.derivedTables). */
  derivedTables?: readonly string[];
  migrations: MigrationEntry[];
  poolMax: number;
  /** Statements one client may run at once on this source's pool (see FairGate). */
  poolPerClient: number;
  /** Longest a statement may run before PostgreSQL cancels it, milliseconds. */
  statementTimeoutMs: number;
  logger: Logger;
}

/** The per-request handle of a source: a forked EntityManager and SQL helpers that map connection failures. */
export interface SourceSession {
  readonly source: string;
  /** EntityManager forked for this request (its own identity map), forked on first use. */
  readonly em: EntityManager;
  /** The source's knex, for writes in transactions (reads go through `rows`). */
  readonly knex: Knex;
  /**
   * A value shared by every request of this database for `ttlMs` (reference data such as region codes), loaded
   * once by `load` however many requests ask at the same time. A failed load is forgotten at once. `load` reads
   * through the session it is given, which is the hub's own, not the caller's: every client waiting on the value
   * would otherwise wait for the turn of the first one to ask, a busy client's turn included.
   */
  remember<T>(key: string, ttlMs: number, load: (shared: SourceSession) => Promise<T>): Promise<T>;
  /** Runs one parameterised statement (`?` placeholders; an array value binds as one PostgreSQL array, for `= ANY(?)`) and returns its rows. */
  rows<T>(sql: string, bindings?: readonly unknown[]): Promise<T[]>;
}

/** The fair gate's lane for loads shared by every request (`remember`): the hub's own, no client's. */
const SHARED_LOADS = '(shared)';

/**
 * An open source database. Counts every SQL statement sent on its connections (a hook on each pg client), so
 * tests and benchmarks can show that nested queries issue a bounded number of statements.
 */
export class SourceDatabase {
  private statements = 0;
  private readonly remembered = new Map<string, { value: Promise<unknown>; until: number }>();

  private constructor(
    readonly name: string,
    readonly orm: MikroORM<PostgreSqlDriver>,
    /** Connection URL (contains the password: never log it). */
    readonly url: string,
    private readonly statementTimeoutMs: number,
    /**
     * The pool `rows` reads through: node-postgres directly. Knex's query builder and pool cost more per
     * statement than the statement itself takes on an index lookup; MikroORM and knex keep migrations and writes.
     */
    private readonly reads: pg.Pool,
    /** Shares `reads` fairly between clients. */
    private readonly gate: FairGate,
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
      schemaGenerator: { skipTables: [...(options.derivedTables ?? [])] },
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
    const reads = new pg.Pool({
      connectionString: options.url,
      max: options.poolMax,
      connectionTimeoutMillis: 3000,
      statement_timeout: options.statementTimeoutMs,
      application_name: `exchange-hub:${options.name}`,
      // Reads are named prepared statements (./prepared.ts), kept per connection: recycling a
      // connection now and then bounds how many one server session holds.
      maxUses: 10_000,
    });
    // An idle connection that breaks (server restart) is reported here; the next query reconnects.
    reads.on('error', (err) =>
      options.logger.warn({ err, source: options.name }, 'idle source connection lost'),
    );
    const db = new SourceDatabase(
      options.name,
      orm,
      options.url,
      options.statementTimeoutMs,
      reads,
      new FairGate(options.poolMax, Math.min(options.poolPerClient, options.poolMax)),
    );
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

  /**
   * A session for one request of `client` (whose reads share the pool fairly with other clients'). Cheap: the
   * EntityManager is forked only if the connector asks for it.
   */
  session(client = ''): SourceSession {
    return new RequestSession(this, this.knex(), client);
  }

  /** See `SourceSession.remember`: the values are this database's, shared by every request. */
  remember<T>(key: string, ttlMs: number, load: (shared: SourceSession) => Promise<T>): Promise<T> {
    const now = Date.now();
    const hit = this.remembered.get(key);
    if (hit && hit.until > now) return hit.value as Promise<T>;
    const value = load(this.session(SHARED_LOADS));
    this.remembered.set(key, { value, until: now + ttlMs });
    value.catch(() => this.remembered.delete(key));
    return value;
  }

  /** See `SourceSession.rows`: one counted, prepared statement on the read pool, in `client`'s turn. */
  async rows<T>(sql: string, bindings: readonly unknown[] = [], client = ''): Promise<T[]> {
    try {
      this.statements++;
      const statement = preparedStatement(numberedPlaceholders(sql), bindings);
      const result = await this.gate.run(client, () => this.reads.query(statement));
      return result.rows as T[];
    } catch (error) {
      if (isTimeoutError(error)) throw queryTimeout(this.name, this.statementTimeoutMs);
      throw isUnavailableError(error) ? sourceUnavailable(this.name) : error;
    }
  }

  async close(): Promise<void> {
    await this.reads.end();
    await this.orm.close(true);
  }
}

/**
 * One request's session: its own EntityManager (forked on first use) over the database's shared reads. A class,
 * so that `em` is a getter on the prototype: a getter in an object literal is a new closure per session, which V8
 * keeps in an old-generation hidden class, holding the request's objects past young collections (src/context.ts).
 */
class RequestSession implements SourceSession {
  private forked: EntityManager | undefined;
  readonly source: string;

  constructor(
    private readonly db: SourceDatabase,
    readonly knex: Knex,
    private readonly client: string,
  ) {
    this.source = db.name;
  }

  get em(): EntityManager {
    return (this.forked ??= this.db.orm.em.fork());
  }

  remember<T>(key: string, ttlMs: number, load: (shared: SourceSession) => Promise<T>): Promise<T> {
    return this.db.remember(key, ttlMs, load);
  }

  rows<T>(sql: string, bindings?: readonly unknown[]): Promise<T[]> {
    return this.db.rows<T>(sql, bindings, this.client);
  }
}

/**
 * The connectors' `?` placeholders as PostgreSQL's `$1, $2, ...` (memoised: statements come from a few templates).
 * Connector SQL never holds a literal `?` (no jsonb `?` operators, no `?` in string constants).
 */
export const numberedPlaceholders = boundedMemo((sql) => {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
});
