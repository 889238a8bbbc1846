/**
 * What the permission layer costs on a large list: one hub process, two servers on the same databases, the same
 * 5,000-row, 8-field query, alternately against the guarded hub and an unguarded copy; median and p90 latency.
 *
 *   npm run bench:permissions            (uses the demo data of `npm start`; ROUNDS=60 by default)
 */
import pino from 'pino';
import { loadConfig } from '../src/config';
import { initHub } from '../src/hub';
import { sources } from '../src/sources';
import { buildHubSchema } from '../src/schema';
import { createServer } from '../src/server';
import { buildRuleTree } from '../auth/rules';
import { hubCatalogue } from '../src/schema';
import { shield } from 'graphql-shield';
import { applyMiddleware } from 'graphql-middleware';

const ROUNDS = Number(process.env.ROUNDS ?? 60);
const QUERY = `{ enterprises(first: 5000) { nodes {
  creditCode name registeredCapital establishedOn legalRepresentative contactPhone industry { code } district { code } } } }`;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function main(): Promise<void> {
  const logger = pino({ level: 'warn' });
  const config = loadConfig(
    sources.map((s) => s.name),
    { ...process.env, MAX_PAGE_SIZE: '5000', MAX_QUERY_COST: '1000000' },
  );
  const hub = await initHub(config, logger);
  const raw = buildHubSchema({
    projectRoot: config.projectRoot,
    version: 'bench',
    maxPageSize: config.maxPageSize,
  });
  const ruleTree = buildRuleTree(
    raw,
    new Set(hub.auth.directory.snapshot().items.keys()),
    hubCatalogue(hub.config.projectRoot).apiAccess,
  );
  /** A server on the same databases and tokens, without the permission layer, serving `schema`. */
  const unguarded = (schema: typeof raw) =>
    createServer({
      schema,
      auth: hub.auth,
      audit: hub.audit,
      ruleTree,
      databases: hub.databases,
      logger,
      config,
      permissions: false,
    });
  const off = await unguarded(raw);
  // For comparison only: the same rules applied the usual graphql-shield way, as middleware on every field.
  const shielded = await unguarded(
    applyMiddleware(
      raw,
      shield(ruleTree.rules, { fallbackRule: ruleTree.fallbackRule, allowExternalErrors: true }),
    ),
  );
  try {
    await hub.server.listen({ host: '127.0.0.1', port: 0 });
    await off.listen({ host: '127.0.0.1', port: 0 });
    await shielded.listen({ host: '127.0.0.1', port: 0 });
    const url = (s: typeof off) =>
      `http://127.0.0.1:${(s.server.address() as { port: number }).port}/graphql`;
    // The provider reads its own data in clear: the layer decides every field but withholds nothing.
    const { access_token } = (await hub.auth.identity.issueToken(
      {
        grant_type: 'client_credentials',
        client_id: 'tax-office-app',
        client_secret: 'dev-secret-tax-office',
      },
      undefined,
      '127.0.0.1',
    )) as { access_token: string };
    const run = async (target: string) => {
      const started = performance.now();
      const res = await fetch(target, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${access_token}` },
        body: JSON.stringify({ query: QUERY }),
      });
      const body = (await res.json()) as { data?: { enterprises: { nodes: unknown[] } }; errors?: unknown[] };
      if (body.errors || body.data?.enterprises.nodes.length !== 5000)
        throw new Error(`unexpected answer: ${JSON.stringify(body).slice(0, 300)}`);
      return performance.now() - started;
    };
    const on: number[] = [];
    const without: number[] = [];
    const middleware: number[] = [];
    for (let i = 0; i < 5; i++) {
      await run(url(hub.server));
      await run(url(off));
    }
    for (let i = 0; i < ROUNDS; i++) {
      // Alternate the order too, so neither side always runs on a warmer cache.
      if (i % 2) {
        on.push(await run(url(hub.server)));
        without.push(await run(url(off)));
        middleware.push(await run(url(shielded)));
      } else {
        middleware.push(await run(url(shielded)));
        without.push(await run(url(off)));
        on.push(await run(url(hub.server)));
      }
    }
    const medianOn = percentile(on, 50);
    const medianOff = percentile(without, 50);
    const lines = [
      `5,000 rows x 8 fields, ${ROUNDS} rounds each, alternating (node ${process.version})`,
      `permission layer on : median ${medianOn.toFixed(1)} ms, p90 ${percentile(on, 90).toFixed(1)} ms`,
      `permission layer off: median ${medianOff.toFixed(1)} ms, p90 ${percentile(without, 90).toFixed(1)} ms`,
      `speed with the layer, relative to without (off median / on median): ${(medianOff / medianOn).toFixed(3)} (goal >= 0.9)`,
      `for comparison, the same rules as graphql-shield middleware on every field: median ${percentile(middleware, 50).toFixed(1)} ms, ` +
        `relative speed ${(medianOff / percentile(middleware, 50)).toFixed(3)}`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    await off.close();
    await shielded.close();
    await hub.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? error}\n`);
  process.exit(1);
});
