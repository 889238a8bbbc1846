/**
 * The hub federated on one machine: each source's subgraph and the gateway replicas as processes of their own,
 * started in order and watched until they answer. `npm run start:federated`, the federation test and the
 * benchmark all start it through `startFederation`.
 *
 * Order matters once: the directory's subgraph goes first, because it migrates the directory and stores the
 * catalogue the other subgraphs' rules are built from; the other subgraphs then start side by side, each
 * migrating (and, outside production, seeding) its own database; the gateways last.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { sources, type SourceName } from './sources';
import { databaseUrlVariable } from './config';

/** The folder of the gateway's own package (Hive Gateway). */
export function gatewayFolder(projectRoot: string): string {
  return path.join(projectRoot, 'gateway');
}

/**
 * Installs the gateway's package (`npm ci` in gateway/, about 500 MB, a minute) unless it is there; resolves once
 * it is. Its dependencies stay out of the hub's own node_modules: the single process never loads them.
 */
export async function ensureGatewayInstalled(
  projectRoot: string,
  say: (line: string) => void,
): Promise<void> {
  const folder = gatewayFolder(projectRoot);
  if (fs.existsSync(path.join(folder, 'node_modules', '@graphql-hive', 'gateway', 'package.json'))) return;
  say('installing Hive Gateway into gateway/ (first run only, about a minute)');
  // The lock file pins every version: what npm's cache already holds needs no second look at the registry.
  const npm = spawn('npm', ['ci', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd: folder,
    stdio: 'inherit',
  });
  const status = await new Promise<number | null>((resolve) => npm.once('exit', resolve));
  if (status !== 0) throw new Error(`npm ci in ${folder} failed with status ${status}`);
}

/** One process of the federation. */
export interface FederatedProcess {
  /** `gateway-1`, `subgraph:fiscal`... */
  readonly name: string;
  readonly port: number;
  /** Its base URL, e.g. http://127.0.0.1:4103 */
  readonly url: string;
  readonly pid: number;
  /** Resolves with the exit code once the process has ended. */
  readonly exited: Promise<number | null>;
  /** SIGTERM, then SIGKILL after 10 s; resolves once it has ended. */
  stop(): Promise<void>;
  /** Ends it at once (SIGKILL), as a crash would. */
  kill(): Promise<void>;
}

export interface FederationOptions {
  projectRoot: string;
  /** Connection URL of each source's database. */
  databaseUrls: Record<SourceName, string>;
  /** Port per subgraph; a free one where not given. */
  subgraphPorts?: Partial<Record<SourceName, number>>;
  /** Ports of the gateway replicas (their number is the number of replicas); free ones by default. */
  gatewayPorts?: number[];
  replicas?: number;
  host?: string;
  /** Added to every process's environment (limits, LOG_LEVEL...). */
  env?: Record<string, string>;
  /** Each process's output goes to `<logDir>/<name>.log`. */
  logDir: string;
  /** Progress lines. */
  say?: (line: string) => void;
}

export interface Federation {
  gateways: FederatedProcess[];
  subgraphs: Map<SourceName, FederatedProcess>;
  /** (Re)starts one subgraph on its port (after a kill). */
  restartSubgraph(source: SourceName): Promise<FederatedProcess>;
  /** Stops the gateways, then the subgraphs. */
  stop(): Promise<void>;
}

/** A free TCP port on `host` (bound and released: another process may take it meanwhile, rarely). */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Spawns `command args` and resolves once `GET <url>/health` answers 200; rejects, pointing at the log, if the
 * process ends first or does not answer within `timeoutMs`.
 */
async function startProcess(options: {
  name: string;
  command: string;
  args: string[];
  cwd: string;
  env: Record<string, string>;
  host: string;
  port: number;
  logDir: string;
  timeoutMs?: number;
}): Promise<FederatedProcess> {
  const logFile = path.join(options.logDir, `${options.name.replace(/[^a-z0-9-]/gi, '-')}.log`);
  const log = fs.openSync(logFile, 'a');
  const child: ChildProcess = spawn(options.command, options.args, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', log, log],
  });
  fs.closeSync(log);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = `http://${options.host}:${options.port}`;
  const ended = (signal: NodeJS.Signals, graceMs: number) => async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const kill = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.kill(signal);
    await exited;
    clearTimeout(kill);
  };
  const made: FederatedProcess = {
    name: options.name,
    port: options.port,
    url,
    pid: child.pid!,
    exited,
    stop: ended('SIGTERM', 10_000),
    kill: ended('SIGKILL', 0),
  };
  const deadline = Date.now() + (options.timeoutMs ?? 180_000);
  let gone = false;
  void exited.then(() => (gone = true));
  while (!gone) {
    try {
      const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) return made;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await made.kill();
      throw new Error(`${options.name} did not answer on ${url}/health in time; see ${logFile}`);
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`${options.name} exited with code ${child.exitCode} before answering; see ${logFile}`);
}

/** Starts the subgraphs and the gateway replicas (see the module comment); stops what it started if one fails. */
export async function startFederation(options: FederationOptions): Promise<Federation> {
  const host = options.host ?? '127.0.0.1';
  const say = options.say ?? (() => {});
  fs.mkdirSync(options.logDir, { recursive: true });
  const urls = Object.fromEntries(
    sources.map((s) => [databaseUrlVariable(s.name), options.databaseUrls[s.name]]),
  );
  const ports = new Map<SourceName, number>();
  for (const source of sources) {
    ports.set(source.name, options.subgraphPorts?.[source.name] ?? (await freePort(host)));
  }
  const subgraphs = new Map<SourceName, FederatedProcess>();
  const gateways: FederatedProcess[] = [];
  const startSubgraph = (source: SourceName) =>
    startProcess({
      name: `subgraph-${source}`,
      command: process.execPath,
      args: [path.join(options.projectRoot, 'dist', 'src', 'main.js'), 'start', '--subgraph', source],
      cwd: options.projectRoot,
      env: { ...urls, ...options.env, HOST: host, PORT: String(ports.get(source)) },
      host,
      port: ports.get(source)!,
      logDir: options.logDir,
    }).then((started) => {
      subgraphs.set(source, started);
      say(`  subgraph ${source.padEnd(10)} ${started.url}/graphql`);
      return started;
    });
  const stop = async () => {
    await Promise.all(gateways.map((g) => g.stop()));
    await Promise.all([...subgraphs.values()].map((s) => s.stop()));
  };
  try {
    await startSubgraph('directory');
    await Promise.all(sources.filter((s) => s.name !== 'directory').map((s) => startSubgraph(s.name)));
    const subgraphUrls = Object.fromEntries(
      sources.map((s) => [
        `${s.name.toUpperCase()}_SUBGRAPH_URL`,
        `http://${host}:${ports.get(s.name)}/graphql`,
      ]),
    );
    const gatewayPorts =
      options.gatewayPorts ??
      (await Promise.all(Array.from({ length: options.replicas ?? 2 }, () => freePort(host))));
    const folder = gatewayFolder(options.projectRoot);
    const bin = path.join(folder, 'node_modules', '@graphql-hive', 'gateway', 'dist', 'bin.js');
    await Promise.all(
      gatewayPorts.map(async (port, i) => {
        const gateway = await startProcess({
          name: `gateway-${i + 1}`,
          command: process.execPath,
          args: [
            bin,
            '-c',
            './gateway.ts',
            'supergraph',
            '../schema/supergraph.graphql',
            '--host',
            host,
            '--port',
            String(port),
          ],
          cwd: folder,
          env: { DIRECTORY_DATABASE_URL: options.databaseUrls.directory, ...subgraphUrls, ...options.env },
          host,
          port,
          logDir: options.logDir,
        });
        gateways[i] = gateway;
        say(`  gateway ${String(i + 1).padEnd(11)} ${gateway.url}/graphql`);
      }),
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    gateways,
    subgraphs,
    restartSubgraph: (source) => startSubgraph(source),
    stop,
  };
}
