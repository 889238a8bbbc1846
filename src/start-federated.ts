/**
 * `npm run start:federated`: the hub as the city would run it across machines, on this one. The embedded
 * PostgreSQL holds each source's database (the same data as `npm start`); each source runs as its own subgraph
 * (`--subgraph <source>`), the directory's among them; two Hive Gateway replicas route between them. Ctrl-C stops
 * them all, then the database.
 *
 * Configuration: as `npm start` (README), plus GATEWAY_PORT (first replica; default 4200, the next ones follow),
 * GATEWAY_REPLICAS (default 2) and SUBGRAPH_BASE_PORT's fixed ports 4101... (the supergraph's own URLs).
 */
import path from 'node:path';
import { z } from 'zod';
import { loadConfig } from './config';
import { createLogger } from './logger';
import { sources, type SourceName } from './sources';
import { embeddedDatabaseName, startEmbeddedFor } from './databases';
import { ensureGatewayInstalled, startFederation } from './federation';
import { SUBGRAPH_BASE_PORT } from './supergraph';

const federatedEnv = z.object({
  GATEWAY_PORT: z.coerce.number().int().min(1).max(65535).default(4200),
  GATEWAY_REPLICAS: z.coerce.number().int().min(1).max(16).default(2),
});

async function main(): Promise<void> {
  const names = sources.map((s) => s.name);
  const config = loadConfig(names);
  const extra = federatedEnv.parse(process.env);
  const logger = createLogger(config.logLevel, config.env !== 'production');
  const say = (line: string) => process.stdout.write(`${line}\n`);
  const started = Date.now();
  await ensureGatewayInstalled(config.projectRoot, say);

  const missing = names.filter((name) => !config.databaseUrls[name]);
  const embedded = missing.length ? await startEmbeddedFor(config, logger, missing) : undefined;
  const databaseUrls = Object.fromEntries(
    names.map((name) => [name, config.databaseUrls[name] ?? embedded!.url(embeddedDatabaseName(name))]),
  ) as Record<SourceName, string>;

  say('starting the subgraphs (the directory first) and the gateways:');
  let federation;
  try {
    federation = await startFederation({
      projectRoot: config.projectRoot,
      databaseUrls,
      subgraphPorts: Object.fromEntries(names.map((name, i) => [name, SUBGRAPH_BASE_PORT + i + 1])),
      gatewayPorts: Array.from({ length: extra.GATEWAY_REPLICAS }, (_, i) => extra.GATEWAY_PORT + i),
      host: config.host,
      env: { LOG_LEVEL: config.logLevel },
      logDir: path.join(config.projectRoot, '.data', 'federated-logs'),
      say,
    });
  } catch (error) {
    logger.fatal({ err: error }, (error as Error).message);
    await embedded?.stop();
    process.exit(1);
  }
  const gateway = federation.gateways[0];
  say(`
  The federated hub is ready in ${((Date.now() - started) / 1000).toFixed(1)} s.
  Gateway           ${gateway.url}/graphql   (replicas: ${federation.gateways.map((g) => g.port).join(', ')})
  Token endpoint    ${federation.subgraphs.get('directory')!.url}/oauth/token   (the directory's subgraph)
  Logs              .data/federated-logs/

  Every request needs a bearer token, as on the single process:
    TOKEN=$(curl -s ${federation.subgraphs.get('directory')!.url}/oauth/token -d grant_type=client_credentials -d client_id=tax-office-app -d client_secret=dev-secret-tax-office | sed 's/.*"access_token":"\\([^"]*\\)".*/\\1/')
    curl -s ${gateway.url}/graphql -H 'content-type: application/json' -H "authorization: Bearer $TOKEN" \\
      -d '{"query":"{ region(code: \\"370202\\") { name enterprises(first: 2) { nodes { name businessLicence { status } taxPayments(first: 2) { nodes { period amount } } } } } }"}'

  Subgraphs answer only the gateway (its GATEWAY client's token in X-Gateway-Authorization).
  Ctrl-C stops the gateways, the subgraphs and the embedded PostgreSQL.
`);
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    logger.info({ signal }, 'stopping the federated hub');
    void federation
      .stop()
      .then(() => embedded?.stop())
      .then(
        () => process.exit(0),
        (err: unknown) => {
          logger.error({ err }, 'error while stopping');
          process.exit(1);
        },
      );
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => shutdown(signal));
}

void main();
