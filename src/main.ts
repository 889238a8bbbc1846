/**
 * Command line: `start` (default) runs the hub; `seed` loads demo or benchmark data; `migrate` applies migrations
 * (and loads the directory's reference data and declared catalogue where they are missing).
 *
 *   node dist/src/main.js start
 *   node dist/src/main.js seed --scale 50 [--reset]
 *   node dist/src/main.js migrate
 */
import { parseArgs } from 'node:util';
import { loadConfig, type HubConfig } from './config';
import { createLogger, type Logger } from './logger';
import { initHub } from './hub';
import { runMaintenanceOnce } from './maintenance';
import { openDatabases, prepareDatabases } from './databases';
import { sources } from './sources';
import { DEMO_CLIENTS, DEMO_CONSOLE_USERS } from './demo-access';
import { ensureConsoleBuilt } from './console-app';
import { SigningKeys } from '../auth/keys';
import { AuditStore } from '../audit/store';

const USAGE = `Usage: main.js [start [--subgraph SOURCE] | seed [--scale N] [--reset] | migrate | rotate-keys]

  start            run the hub (default); seeds demo data into empty databases unless SEED_DEMO_DATA=false
    --subgraph S   serve one source as a Federation v2 subgraph for the gateway (as HUB_ROLE=subgraph:S): its
                   own database and the directory's; it answers only requests carrying the gateway's credential
  seed             migrate and load demo data into empty databases
    --scale N      multiply the large tables (enterprises, tax payments) by N, e.g. 50 for benchmarks
    --reset        drop every source's tables first (all data is lost)
  migrate          apply pending migrations, load the directory's reference data (regions, departments) into
                   an empty directory and store the catalogue entries the sources declare and it lacks; no demo data
  rotate-keys      add a new token signing key; tokens signed by the old ones stay valid until they expire
  audit-verify     recompute the audit chain and report the first broken link (exit 1 if there is one)
  audit-export     write the audit records as NDJSON to standard output, oldest first (streams: any size)
    --from ISO     only records made at or after this time (and the link to the one before)
    --to ISO       only records made before this time`;

async function start(config: HubConfig, logger: Logger): Promise<void> {
  // Before the hub: the console's routes are registered from what the build wrote. A subgraph serves no console.
  const subgraph = config.role.kind === 'subgraph' ? config.role.source : null;
  const consoleBuilt = subgraph ? false : await ensureConsoleBuilt(config.projectRoot, logger);
  const hub = await initHub(config, logger, { progress: process.stderr.isTTY });
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    logger.info({ signal }, 'shutting down');
    hub.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'error while shutting down');
        process.exit(1);
      },
    );
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => shutdown(signal));

  await hub.server.listen({ host: config.host, port: config.port });
  const address = hub.server.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const endpoint = `http://${config.host}:${port}/graphql`;
  if (subgraph) {
    logger.info(
      { endpoint, subgraph, readyInMs: Math.round(process.uptime() * 1000) },
      `${subgraph} subgraph ready; it answers only the gateway`,
    );
    return;
  }
  logger.info({ endpoint, readyInMs: Math.round(process.uptime() * 1000) }, 'hub ready');
  if (config.env !== 'production') {
    const token = `curl -s http://${config.host}:${port}/oauth/token -d grant_type=client_credentials -d client_id=tax-office-app -d client_secret=dev-secret-tax-office`;
    process.stdout.write(`
  Exchange hub ready in ${process.uptime().toFixed(1)} s
  GraphQL endpoint  ${endpoint}   (every request needs a bearer token)
  Token endpoint    http://${config.host}:${port}/oauth/token   JWKS  http://${config.host}:${port}/.well-known/jwks.json
  Health            http://${config.host}:${port}/health   Readiness  http://${config.host}:${port}/ready
  Console           ${consoleBuilt ? `http://${config.host}:${port}/console/` : 'not built (see the log above)'}

  Console users (username / password):
${DEMO_CONSOLE_USERS.map((u) => `    ${u.username.padEnd(26)} ${u.password.padEnd(28)} ${u.roles.join(', ')}${u.department ? ` ${u.department}` : ''}`).join('\n')}

  Development credentials (client_id / client_secret; production mode refuses to start while they are enabled):
${DEMO_CLIENTS.map((c) => `    ${c.clientId.padEnd(26)} ${c.secret.padEnd(28)} ${c.role}${c.department ? ` ${c.department}` : ''}`).join('\n')}

  Try, across four sources, as the tax office's app:
    TOKEN=$(${token} | sed 's/.*"access_token":"\\([^"]*\\)".*/\\1/')
    curl -s ${endpoint} -H 'content-type: application/json' -H "authorization: Bearer $TOKEN" \\
      -d '{"query":"{ region(code: \\"370202\\") { name indicatorValues(indicatorCodes: [\\"A01\\"], from: \\"2007\\") { nodes { period value } } enterprises(first: 2) { nodes { name businessLicence { status registeredOn } taxPayments(first: 2) { nodes { period taxType amount } } keyProjects { nodes { name status } } } } keyProjects(first: 2) { nodes { name investor { name } } } } }"}'

  Ctrl-C stops the hub and the embedded PostgreSQL.
`);
  }
}

async function seed(config: HubConfig, logger: Logger, scale: number, reset: boolean): Promise<void> {
  const databases = await openDatabases(config, logger);
  try {
    if (reset) {
      for (const source of sources) {
        logger.warn({ source: source.name }, `dropping every table of ${source.name}`);
        await databases.bySource
          .get(source.name)!
          .knex()
          .raw('DROP SCHEMA public CASCADE; CREATE SCHEMA public;');
      }
    }
    const started = Date.now();
    await prepareDatabases(
      databases,
      { projectRoot: config.projectRoot, seed: true, scale, progress: process.stderr.isTTY },
      logger,
    );
    // Summary tables too, so that a hub started on this data answers dashboards from them at once.
    await runMaintenanceOnce(databases, logger);
    logger.info({ scale, seconds: (Date.now() - started) / 1000 }, 'seed finished');
  } finally {
    await databases.close();
  }
}

async function migrate(config: HubConfig, logger: Logger): Promise<void> {
  const databases = await openDatabases(config, logger);
  try {
    await prepareDatabases(
      databases,
      { projectRoot: config.projectRoot, seed: false, scale: 1, progress: false },
      logger,
    );
  } finally {
    await databases.close();
  }
}

async function rotateKeys(config: HubConfig, logger: Logger): Promise<void> {
  const databases = await openDatabases(config, logger);
  try {
    await prepareDatabases(
      databases,
      { projectRoot: config.projectRoot, seed: false, scale: 1, progress: false },
      logger,
    );
    const keys = new SigningKeys(databases.bySource.get('directory')!.knex(), config.tokenTtlSeconds);
    await keys.reload();
    const kid = await keys.rotate();
    logger.info(
      { kid, published: keys.jwks().keys.map((k) => k.kid) },
      'new signing key active; running hubs pick it up at their next unknown key id',
    );
  } finally {
    await databases.close();
  }
}

/** Parses an optional ISO time option; throws a message naming the option. */
function timeOption(value: string | undefined, name: string): Date | null {
  if (value === undefined) return null;
  const d = new Date(value);
  if (Number.isNaN(d.getTime()))
    throw new Error(`--${name} must be an ISO 8601 time, e.g. 2026-11-27T00:00:00Z; got "${value}"`);
  return d;
}

async function auditExport(config: HubConfig, logger: Logger, from?: string, to?: string): Promise<void> {
  const databases = await openDatabases(config, logger);
  const store = new AuditStore(databases.bySource.get('directory')!.url, logger);
  let count = 0;
  try {
    for await (const record of store.records({ from: timeOption(from, 'from'), to: timeOption(to, 'to') })) {
      // Respect back-pressure: a slow reader (a pipe to gzip, a network copy) must not make us buffer.
      if (!process.stdout.write(`${JSON.stringify(record)}\n`))
        await new Promise((r) => process.stdout.once('drain', r));
      count++;
    }
    logger.info({ records: count }, 'audit export finished');
  } finally {
    await store.close();
    await databases.close();
  }
}

async function auditVerify(config: HubConfig, logger: Logger, from?: string, to?: string): Promise<boolean> {
  const databases = await openDatabases(config, logger);
  const store = new AuditStore(databases.bySource.get('directory')!.url, logger);
  try {
    const records = await store.verify({ from: timeOption(from, 'from'), to: timeOption(to, 'to') });
    const changes = await store.verifyChangeLog();
    const broken = records.firstBreak ?? changes.firstBreak;
    if (broken) {
      process.stdout.write(`BROKEN at ${broken.seq}: ${broken.reason}\n`);
      return false;
    }
    process.stdout.write(
      `intact: ${records.checked} audit records and ${changes.checked} directory changes checked\n`,
    );
    return true;
  } finally {
    await store.close();
    await databases.close();
  }
}

async function main(): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: {
        scale: { type: 'string', default: '1' },
        reset: { type: 'boolean', default: false },
        from: { type: 'string' },
        to: { type: 'string' },
        help: { type: 'boolean' },
        subgraph: { type: 'string' },
      },
    });
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}\n`);
    process.exit(2);
  }
  const command = parsed.positionals[0] ?? 'start';
  if (
    parsed.values.help ||
    !['start', 'seed', 'migrate', 'rotate-keys', 'audit-verify', 'audit-export'].includes(command) ||
    parsed.positionals.length > 1
  ) {
    process.stderr.write(`${USAGE}\n`);
    process.exit(parsed.values.help ? 0 : 2);
  }
  const scale = Number(parsed.values.scale);
  if (!(scale > 0 && scale <= 500)) {
    process.stderr.write(`--scale must be a number above 0 and at most 500; got "${parsed.values.scale}".\n`);
    process.exit(2);
  }

  let config: HubConfig;
  try {
    const { subgraph } = parsed.values;
    config = loadConfig(
      sources.map((s) => s.name),
      subgraph === undefined ? process.env : { ...process.env, HUB_ROLE: `subgraph:${subgraph}` },
    );
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(2);
  }
  // The audit export writes records to standard output, so its log goes to standard error.
  const logger = createLogger(
    config.logLevel,
    config.env !== 'production',
    command === 'audit-export' ? 2 : 1,
  );
  try {
    if (command === 'start') await start(config, logger);
    else if (command === 'seed') await seed(config, logger, scale, parsed.values.reset ?? false);
    else if (command === 'rotate-keys') await rotateKeys(config, logger);
    else if (command === 'audit-export')
      await auditExport(config, logger, parsed.values.from, parsed.values.to);
    else if (command === 'audit-verify')
      process.exitCode = (await auditVerify(config, logger, parsed.values.from, parsed.values.to)) ? 0 : 1;
    else await migrate(config, logger);
  } catch (error) {
    logger.fatal({ err: error }, (error as Error).message ?? 'failed');
    // Let the pretty-printing transport flush before exiting.
    setTimeout(() => process.exit(1), 100);
  }
}

void main();
