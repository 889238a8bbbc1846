/**
 * The hub as the benchmark runs it, in its own process (so the load generator never shares its event loop):
 * the real hub, plus two copies on the same databases and tokens that differ in one thing each — without the
 * permission layer (scenario 4) and without the audit trail (scenario 5).
 *
 *   <SOURCE>_DATABASE_URL=... node dist/bench/hub-server.js   -> prints {"hub":N,"noPermissions":N,"noAudit":N}
 */
import pino from 'pino';
import { loadConfig } from '../src/config';
import { initHub } from '../src/hub';
import { sources } from '../src/sources';
import { createServer } from '../src/server';
import { buildHubSchema } from '../src/schema';

async function main(): Promise<void> {
  // Logs go to standard error: standard output carries only the ports line.
  const logger = pino({ level: process.env.LOG_LEVEL ?? 'warn' }, pino.destination(2));
  // The process runs with NODE_ENV=production (set by bench/run.ts), so graphql-js and Fastify take their
  // production paths, as in a deployment. The hub's own settings are read as in development only because the
  // benchmark calls as the demo clients, whose credentials production mode refuses; no setting that
  // development changes (log format, demo credentials, demo seeding) is on a request's path.
  const config = loadConfig(
    sources.map((s) => s.name),
    { ...process.env, NODE_ENV: 'development' },
  );
  const hub = await initHub(config, logger);
  // Without the permission layer the fields must not carry its guard either: the schema as built, unguarded.
  const unguarded = buildHubSchema({
    projectRoot: config.projectRoot,
    version: 'bench',
    maxPageSize: config.maxPageSize,
  });
  const variant = (changes: { permissions?: false; audit?: null; schema?: typeof unguarded }) =>
    createServer({
      schema: hub.schema,
      auth: hub.auth,
      audit: hub.audit,
      ruleTree: hub.ruleTree,
      databases: hub.databases,
      logger,
      config,
      ...changes,
    });
  const noPermissions = await variant({ permissions: false, schema: unguarded });
  const noAudit = await variant({ audit: null });
  const port = async (server: typeof noAudit) => {
    await server.listen({ host: '127.0.0.1', port: 0 });
    return (server.server.address() as { port: number }).port;
  };
  const ports = {
    hub: await port(hub.server),
    noPermissions: await port(noPermissions),
    noAudit: await port(noAudit),
  };
  process.stdout.write(`${JSON.stringify(ports)}\n`);
  const stop = async () => {
    await noPermissions.close();
    await noAudit.close();
    await hub.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? error}\n`);
  process.exit(1);
});
