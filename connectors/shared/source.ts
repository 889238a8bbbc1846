/**
 * What a source's connector contributes to the hub: its database, migrations, loaders and demo data. The
 * registry (`src/sources.ts`) pairs each connector with its resolver file, and its SDL is `schema/<name>.graphql`;
 * nothing else in the hub names a particular source.
 */
import type { EntitySchema } from '@mikro-orm/core';
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

/**
 * The per-request loaders of every source, by source name. Each connector adds its own entry from its
 * `index.ts`, by declaration merging, so the hub's context is typed from the connectors themselves:
 *
 *     declare module '../shared/source' { interface SourceLoaders { fiscal: FiscalLoaders } }
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled in by each connector (see above)
export interface SourceLoaders {}

/** A source's name: a key its connector added to SourceLoaders. */
export type SourceName = keyof SourceLoaders & string;

/** The open databases of the registered sources, as the per-request context needs them. */
export interface OpenSources {
  /** Open database per source. */
  readonly bySource: ReadonlyMap<SourceName, SourceDatabase>;
  /** The connectors whose databases these are, in registry order. */
  readonly connectors: readonly AnySource[];
  /** Row types (of every source) whose connectors apply district scopes in SQL. */
  readonly districtScopedTypes: ReadonlySet<string>;
  /**
   * The row types whose rows this process fetches and can limit to districts: all of `districtScopedTypes` in the
   * single process; a subgraph's own source's only. A subgraph that meets another source's entity (market's fields
   * on fiscal's Enterprise) gets it by reference and cannot limit which of its rows exist, so a grant scoped there
   * is refused rather than served beyond its districts.
   */
  readonly rowScopedTypes?: ReadonlySet<string>;
}

export interface SourceDefinition<Name extends SourceName = SourceName> {
  /** Short name, used in the registry, error messages and `<NAME>_DATABASE_URL`. */
  readonly name: Name;
  /** Chinese name of the owning system, for logs and docs. */
  readonly title: string;
  /**
   * The tables' shape: every table of the database is an entity here, exactly as its migrations left it (a test
   * checks that MikroORM's schema diff is empty), and new migrations are generated from them.
   */
  readonly entities: EntitySchema<any, any>[];
  /**
   * Tables kept by SQL of their own rather than through entities (a derived cube without a primary key, say),
   * left out of the schema diff: their migrations are their only description.
   */
  readonly derivedTables?: readonly string[];
  readonly migrations: MigrationEntry[];
  /** GraphQL row types whose every query this connector limits to `rowScope(type)` in SQL. */
  readonly districtScopedTypes: readonly string[];
  /** Per-request DataLoaders and queries over this source's session. */
  createLoaders(session: SourceSession, options: LoaderOptions): SourceLoaders[Name];
  /**
   * The loaders that load one of this source's federation entities by its @key, with the entity's type and key
   * field: `{ enterprise: { type: 'Enterprise', key: 'creditCode' } }`. Where this source is served by a subgraph
   * of its own, another subgraph's resolvers get from such a loader the entity's reference (`{ creditCode }`),
   * which the gateway resolves in this source's subgraph; any other loader of a source served elsewhere throws
   * (src/context.ts).
   */
  readonly references?: {
    readonly [Loader in keyof SourceLoaders[Name]]?: { readonly type: string; readonly key: string };
  };
  /** True when the demo data has not been loaded yet. */
  isEmpty(db: SourceDatabase): Promise<boolean>;
  /**
   * True when `seed` loads reference data every deployment needs (the directory's regions and departments), not
   * demo data: it is loaded into an empty database whatever SEED_DEMO_DATA says.
   */
  readonly seedIsReferenceData?: boolean;
  /** Loads the deterministic demo data into an empty, migrated database. */
  seed(db: SourceDatabase, options: SeedOptions): Promise<void>;
  /**
   * Background upkeep the hub runs soon after start and then every SOURCE_MAINTENANCE_INTERVAL_MS (never two runs
   * of one source at once in a process): refreshing summary tables, say. Must be safe with several hub processes.
   */
  maintain?(db: SourceDatabase, logger: Logger): Promise<void>;
}

/** A connector of any source. */
export type AnySource = { [Name in SourceName]: SourceDefinition<Name> }[SourceName];

/**
 * Identity helper that checks a connector against the loaders it declared in SourceLoaders (so a connector
 * cannot register loaders of another shape than the context promises its resolvers).
 */
export function defineSource<const Name extends SourceName>(
  definition: SourceDefinition<Name>,
): SourceDefinition<Name> {
  return definition;
}
