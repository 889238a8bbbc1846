/**
 * The source databases: given by `<SOURCE>_DATABASE_URL`, or databases on the embedded PostgreSQL cluster.
 * Opens each one, applies its committed migrations and, when asked, seeds the demo data into empty ones.
 */
import { createHash } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import type { Logger } from 'pino';
import type { HubConfig } from './config';
import { databaseUrlVariable } from './config';
import { DISTRICT_SCOPED_TYPES, sources, type SourceName } from './sources';
import { SourceDatabase } from '../connectors/shared/source-db';
import type { OpenSources } from '../connectors/shared/source';
import { hubCatalogue } from './schema';
import { storeDeclaredCatalogue } from '../auth/catalogue-declarations';
import { seedDemoAccess } from './demo-access';
import { isUnavailableError, rootCause } from '../connectors/shared/errors';
import type { EmbeddedCluster } from './embedded-postgres';

export interface HubDatabases extends OpenSources {
  /** The embedded cluster, when at least one source uses it. */
  readonly embedded?: EmbeddedCluster;
  /** Closes every pool, then stops the embedded cluster if this process started it. */
  close(): Promise<void>;
}

/** Name of a source's database on the embedded cluster. */
export function embeddedDatabaseName(source: string): string {
  return `hub_${source}`;
}

/**
 * Starts (or joins) the embedded cluster in the configured data folder, with a database for each source in
 * `names` (`hub_<source>`, created if missing).
 */
export async function startEmbeddedFor(
  config: HubConfig,
  logger: Logger,
  names: readonly string[],
): Promise<EmbeddedCluster> {
  const started = Date.now();
  // Loaded only when needed: the embedded-postgres package is ESM and brings a server along.
  const { startEmbeddedCluster, folderBlockingPostgresUser } = await import('./embedded-postgres.js');
  let dataDir = config.dataDir;
  const blocking = config.dataDirExplicit ? null : folderBlockingPostgresUser(path.join(dataDir, 'pg'));
  if (blocking) {
    // A clone under a private folder (root's home is 0700) cannot hold the cluster when PostgreSQL runs as the
    // `postgres` user. Rather than fail a first `npm start`, keep the data in a per-project folder under /var/tmp.
    const digest = createHash('sha256').update(config.projectRoot).digest('hex').slice(0, 12);
    dataDir = path.join(os.tmpdir() === '/tmp' ? '/var/tmp' : os.tmpdir(), `exchange-hub-${digest}`);
    logger.warn(
      { blocking, dataDir },
      `the postgres user cannot enter ${blocking}; keeping the embedded database in ${dataDir} (set HUB_DATA_DIR to choose)`,
    );
  }
  const embedded = await startEmbeddedCluster({
    dataDir,
    port: config.embeddedPgPort,
    onLog: (line) => logger.info({ component: 'postgres' }, line),
  });
  await embedded.ensureDatabases(names.map(embeddedDatabaseName));
  logger.info(
    { dataDir, port: config.embeddedPgPort, sources: names, ms: Date.now() - started },
    `embedded PostgreSQL ready for ${names.join(', ')}`,
  );
  return embedded;
}

/**
 * Opens the database of every registered source (or of the sources in `only`: a subgraph opens its own and the
 * directory's), starting the embedded cluster for those without a URL. Does not migrate or seed: see
 * `prepareDatabases`. The returned `connectors` are always every registered source: the loaders of one whose
 * database is not open here answer with entity references (src/context.ts).
 */
export async function openDatabases(
  config: HubConfig,
  logger: Logger,
  only?: readonly SourceName[],
): Promise<HubDatabases> {
  const opened = only ? sources.filter((s) => only.includes(s.name)) : sources;
  const missing = opened.filter((s) => !config.databaseUrls[s.name]).map((s) => s.name);
  const embedded = missing.length ? await startEmbeddedFor(config, logger, missing) : undefined;
  const bySource = new Map<SourceName, SourceDatabase>();
  try {
    for (const source of opened) {
      const url = config.databaseUrls[source.name] ?? embedded!.url(embeddedDatabaseName(source.name));
      bySource.set(
        source.name,
        await SourceDatabase.open({
          name: source.name,
          url,
          entities: source.entities,
          derivedTables: source.derivedTables,
          migrations: source.migrations,
          poolMax: config.poolMax,
          poolPerClient: config.poolPerClient,
          statementTimeoutMs: config.statementTimeoutMs,
          logger,
        }),
      );
    }
  } catch (error) {
    await Promise.allSettled([...bySource.values()].map((db) => db.close()));
    await embedded?.stop();
    throw error;
  }
  return {
    bySource,
    connectors: sources,
    districtScopedTypes: DISTRICT_SCOPED_TYPES,
    rowScopedTypes: only ? new Set(opened.flatMap((s) => s.districtScopedTypes)) : DISTRICT_SCOPED_TYPES,
    embedded,
    async close() {
      await Promise.allSettled([...bySource.values()].map((db) => db.close()));
      await embedded?.stop();
    },
  };
}

/** "Migration<name>: <what PostgreSQL said>", without the migration's SQL text that knex puts in messages. */
function migrationFailure(error: unknown, cause: unknown): string {
  const name = (error as { migration?: { name?: string } }).migration?.name;
  const said = String((cause as Error)?.message ?? cause)
    .split(' - ')
    .pop()!
    .trim();
  return name ? `${name}: ${said}` : said;
}

export interface PrepareOptions {
  /** Where schema/ is: the sources' SDL declares the catalogue the directory is given. */
  projectRoot: string;
  seed: boolean;
  scale: number;
  progress: boolean;
  /**
   * The sources to migrate and seed (default: every open one). A subgraph prepares its own source only; the
   * directory's catalogue and demo access are stored by the process that prepares the directory.
   */
  sources?: readonly SourceName[];
}

/**
 * Applies pending migrations to every reachable source and seeds empty ones when `options.seed` (reference data,
 * the directory's regions and departments, always). Then stores in the directory the catalogue entries the
 * sources' SDL declares and it lacks (auth/catalogue-declarations.ts), and, with `options.seed`, the demo clients
 * and grants (src/demo-access.ts).
 * A source whose database cannot be reached is logged and skipped, so the other sources still serve; it
 * reports not ready on /ready and its fields answer SOURCE_UNAVAILABLE. A migration that fails on a database
 * that answers rejects: the hub must not serve from a schema it does not know.
 */
export async function prepareDatabases(
  databases: HubDatabases,
  options: PrepareOptions,
  logger: Logger,
): Promise<void> {
  const reachable = new Set<string>();
  for (const source of sources) {
    const db = databases.bySource.get(source.name);
    if (!db || (options.sources && !options.sources.includes(source.name))) continue;
    try {
      const applied = await db.migrate();
      if (applied.length) logger.info({ source: source.name, applied }, `migrated ${source.name}`);
    } catch (error) {
      const variable = databaseUrlVariable(source.name);
      // A reachable database whose migration failed has a schema the code does not know: serving from it could
      // answer wrongly (or, for the directory, grant wrongly), so the hub does not start.
      const cause = rootCause(error);
      if (!isUnavailableError(cause)) {
        throw new Error(
          `cannot migrate the ${source.name} database (${variable}): ${migrationFailure(error, cause)}. ` +
            'The database answers but its schema could not be brought up to date; fix it, then start again.',
          { cause: error },
        );
      }
      logger.error(
        { source: source.name, err: error, variable },
        `cannot reach the ${source.name} database; its fields will answer SOURCE_UNAVAILABLE`,
      );
      continue;
    }
    reachable.add(source.name);
    if ((options.seed || source.seedIsReferenceData) && (await source.isEmpty(db))) {
      const started = Date.now();
      await source.seed(db, { scale: options.scale, logger, progress: options.progress });
      const what = source.seedIsReferenceData ? 'reference data' : 'demo data';
      logger.info({ source: source.name, ms: Date.now() - started }, `seeded ${source.name} ${what}`);
    }
  }
  if (!reachable.has('directory')) return;
  // The directory's catalogue comes from the sources' SDL, demo or not; demo clients and grants need it.
  const directory = databases.bySource.get('directory')!;
  const catalogue = hubCatalogue(options.projectRoot);
  const stored = await storeDeclaredCatalogue(directory.knex(), catalogue);
  if (stored.added.length) {
    logger.info(
      { added: stored.added.length },
      'stored the catalogue entries the sources declare and the directory lacked',
    );
  }
  if (stored.differing.length) {
    // Usually an administrator's reclassification, which stands: a changed declaration does not override it.
    logger.warn(
      { items: stored.differing },
      `${stored.differing.length} catalogue items are classified in the directory otherwise than declared in their SDL (resource/share type/sensitivity: directory -> declaration); the directory's classification applies`,
    );
  }
  if (options.seed)
    await seedDemoAccess(directory, { scale: options.scale, logger, progress: options.progress });
}
