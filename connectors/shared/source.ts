/**
 * What a source contributes to the hub. Registering a source (one line in `src/sources.ts`) adds its database,
 * migrations, SDL, resolvers, loaders and demo data; nothing else in the hub names a particular source.
 */
import type { EntitySchema } from '@mikro-orm/core';
import type { IResolvers } from '@graphql-tools/utils';
import type { Logger } from 'pino';
import type { MigrationEntry, SourceDatabase, SourceSession } from './source-db';

export interface SeedOptions {
  /** Multiplies the large tables (enterprises, tax payments...) for benchmarks; 1 is the demo size. */
  scale: number;
  logger: Logger;
  /** Show progress bars (interactive terminals). */
  progress: boolean;
}

export interface LoaderOptions {
  maxPageSize: number;
  /**
   * District codes the caller's rows of a GraphQL type are limited to (from row-scoped grants), or null for all.
   * Connectors apply it in SQL to every query of that type, so rows outside the scope are never fetched.
   */
  rowScope(typeName: string): readonly string[] | null;
  /** Row types (of every source) whose connectors apply district scopes; grants may be scoped only on these. */
  districtScopedTypes: ReadonlySet<string>;
}

export interface SourceDefinition<Name extends string = string, Loaders = unknown> {
  /** Short name, used in the registry, error messages and `<NAME>_DATABASE_URL`. */
  readonly name: Name;
  /** Chinese name of the owning system, for logs and docs. */
  readonly title: string;
  /** The SDL file under `schema/`. */
  readonly schemaFile: string;
  readonly entities: EntitySchema<any, any>[];
  readonly migrations: MigrationEntry[];
  /** Resolver map for the types this source's SDL defines or extends. */
  readonly resolvers: IResolvers;
  /** GraphQL row types whose every query this connector limits to `rowScope(type)` in SQL. */
  readonly districtScopedTypes: readonly string[];
  /** Per-request DataLoaders and queries over this source's session. */
  createLoaders(session: SourceSession, options: LoaderOptions): Loaders;
  /** True when the demo data has not been loaded yet. */
  isEmpty(db: SourceDatabase): Promise<boolean>;
  /** Loads the deterministic demo data into an empty, migrated database. */
  seed(db: SourceDatabase, options: SeedOptions): Promise<void>;
  /**
   * With demo data on, at every start of a database that is not empty: adds demo entries a newer version of the
   * hub brings (new catalogue items, say) without touching what is there.
   */
  topUpDemo?(db: SourceDatabase, options: SeedOptions): Promise<void>;
  /**
   * Background upkeep the hub runs soon after start and then every SOURCE_MAINTENANCE_INTERVAL_MS (never two runs
   * of one source at once in a process): refreshing summary tables, say. Must be safe with several hub processes.
   */
  maintain?(db: SourceDatabase, logger: Logger): Promise<void>;
}

/** Identity helper that keeps the literal `name` type, so the context can be typed from the registry. */
export function defineSource<const Name extends string, Loaders>(
  definition: SourceDefinition<Name, Loaders>,
): SourceDefinition<Name, Loaders> {
  return definition;
}
