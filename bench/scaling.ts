/**
 * `npm run bench:scaling`: the federated hub under load with 1, 2, 3... gateway replicas (issue 15, docs/scaling.md).
 * The subgraphs start once; for each count N the load is split evenly over the first N replicas (one autocannon
 * per replica, running together) and their requests/s are summed. Then what the directory must sustain: tokens
 * per second at its token endpoint, and how long a grant takes to reach the subgraphs (NOTIFY).
 *
 *   npm run bench:scaling -- [--scale 1] [--replicas 1,2,3] [--seconds 8] [--rounds 2] [--connections 24]
 *                            [--data-dir DIR] [--port 54341]
 *
 * The data folder is the benchmark's (npm run bench) at that scale; it is seeded first when empty.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { startEmbeddedCluster, folderBlockingPostgresUser } from '../src/embedded-postgres';
import { embeddedDatabaseName } from '../src/databases';
import { sources, type SourceName } from '../src/sources';
import { ensureGatewayInstalled, startFederation } from '../src/federation';
import { graphql } from './harness/scenarios';
import { median, runLoad, type HttpRequest, type LoadResult } from './harness/load';
import { FEDERATED_BENCH_ENV } from './harness/federated';

const ROOT = path.resolve(__dirname, '..', '..');
const { values: args } = parseArgs({
  options: {
    scale: { type: 'string', default: '1' },
    replicas: { type: 'string', default: '1,2,3' },
    seconds: { type: 'string', default: '8' },
    rounds: { type: 'string', default: '2' },
    connections: { type: 'string', default: '24' },
    'data-dir': { type: 'string' },
    port: { type: 'string', default: '54341' },
  },
});
const scale = Number(args.scale);
const counts = args.replicas.split(',').map(Number);
const seconds = Number(args.seconds);
const rounds = Number(args.rounds);
const connections = Number(args.connections);
const say = (line: string) => process.stdout.write(`${line}\n`);

const SIX_FIELDS = 'creditCode name legalRepresentative contactPhone registeredCapital establishedOn';
const CROSS = `query ($d: ID!) { enterprises(districtCode: $d, first: 50) {
  nodes { creditCode name businessLicence { status registeredOn }
    district { code name indicatorValues(first: 5) { nodes { period value } } keyProjects(first: 5) { nodes { name } } } } } }`;

async function token(url: string, clientId: string, secret: string): Promise<string> {
  const res = await fetch(`${url}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ grant_type: 'client_credentials', client_id: clientId, client_secret: secret }),
  });
  if (!res.ok) throw new Error(`token for ${clientId}: HTTP ${res.status}`);
  return ((await res.json()) as { access_token: string }).access_token;
}

/** Requests/s of N autocannons at once, one per gateway, the connections split between them. */
async function loadAcross(urls: readonly string[], request: (i: number) => HttpRequest): Promise<LoadResult> {
  const each = Math.max(1, Math.round(connections / urls.length));
  const results = await Promise.all(urls.map((url) => runLoad(url, request, { connections: each, seconds })));
  return {
    requestsPerSecond: results.reduce((sum, r) => sum + r.requestsPerSecond, 0),
    p50: median(results.map((r) => r.p50)),
    p99: Math.max(...results.map((r) => r.p99)),
    errors: results.reduce((sum, r) => sum + r.errors, 0),
    requests: results.reduce((sum, r) => sum + r.requests, 0),
  };
}

async function main(): Promise<void> {
  const dataDir = args['data-dir']
    ? path.resolve(args['data-dir'])
    : folderBlockingPostgresUser(path.join(ROOT, '.data', `bench-scale-${scale}`))
      ? path.join('/var/tmp', `exchange-hub-bench-scale-${scale}`)
      : path.join(ROOT, '.data', `bench-scale-${scale}`);
  const logDir = path.join(dataDir, 'logs-scaling');
  fs.mkdirSync(logDir, { recursive: true });
  await ensureGatewayInstalled(ROOT, say);
  const cluster = await startEmbeddedCluster({
    dataDir,
    port: Number(args.port),
    postgresFlags: ['-c', 'max_connections=300'],
    onLog: say,
  });
  const urls = Object.fromEntries(
    sources.map((s) => [s.name, cluster.url(embeddedDatabaseName(s.name))]),
  ) as Record<SourceName, string>;
  await cluster.ensureDatabases(sources.map((s) => embeddedDatabaseName(s.name)));
  const seed = spawnSync(
    process.execPath,
    [path.join(ROOT, 'dist/src/main.js'), 'seed', '--scale', String(scale)],
    {
      stdio: 'inherit',
      env: {
        ...process.env,
        ...Object.fromEntries(sources.map((s) => [`${s.name.toUpperCase()}_DATABASE_URL`, urls[s.name]])),
        NODE_ENV: 'development',
        LOG_LEVEL: 'warn',
      },
    },
  );
  if (seed.status !== 0) throw new Error(`seeding failed with status ${seed.status}`);

  say(`starting the subgraphs and ${Math.max(...counts)} gateway replicas`);
  const federation = await startFederation({
    projectRoot: ROOT,
    databaseUrls: urls,
    replicas: Math.max(...counts),
    logDir,
    env: {
      ...FEDERATED_BENCH_ENV,
      TOKEN_RATE_LIMIT_PER_MINUTE: '100000000',
      TOKEN_FREE_FAILURES_PER_ADDRESS: '100000000',
    },
    say,
  });
  try {
    const directoryUrl = federation.subgraphs.get('directory')!.url;
    const taxOffice = await token(directoryUrl, 'tax-office-app', 'dev-secret-tax-office');
    const client = new pg.Client({ connectionString: urls.fiscal });
    await client.connect();
    const codes = (
      await client.query<{ c: string }>(
        'SELECT credit_code AS c FROM enterprise ORDER BY md5(credit_code) LIMIT 1000',
      )
    ).rows.map((r) => r.c);
    await client.end();
    const directory = new pg.Client({ connectionString: urls.directory });
    await directory.connect();
    const statsDepartment = (
      await directory.query<{ d: string }>(
        `SELECT department_code AS d FROM client WHERE client_id = 'stats-bureau-app'`,
      )
    ).rows[0].d;
    await directory.end();
    const districts = ['370202', '370203', '370211', '370212', '370213', '370214', '370281', '370283'];
    const queries: [string, (i: number) => HttpRequest][] = [
      [
        '1. point lookup',
        (i) =>
          graphql(taxOffice, `query ($c: ID!) { enterprise(creditCode: $c) { ${SIX_FIELDS} } }`, {
            c: codes[i % codes.length],
          }),
      ],
      [
        '3. cross-source, 50 enterprises',
        (i) => graphql(taxOffice, CROSS, { d: districts[i % districts.length] }),
      ],
    ];
    const gatewayUrls = federation.gateways.map((g) => g.url);
    say(
      `\n${os.cpus().length} × ${os.cpus()[0]?.model}; ${connections} connections in all; ${rounds} rounds of ${seconds} s\n`,
    );
    const table: string[] = [
      '| Query | Replicas | Requests/s (median of rounds) | p50 ms | p99 ms | Errors |',
      '|---|---|---|---|---|---|',
    ];
    for (const [label, request] of queries) {
      for (const url of gatewayUrls) await runLoad(url, request, { connections: 4, seconds: 2 }); // warm-up
      const byCount = new Map<number, LoadResult[]>(counts.map((n) => [n, []]));
      for (let round = 0; round < rounds; round++) {
        const order = counts.map((_, k) => counts[(k + round) % counts.length]);
        for (const n of order) {
          const r = await loadAcross(gatewayUrls.slice(0, n), request);
          byCount.get(n)!.push(r);
          say(
            `   ${label}, ${n} replica(s), round ${round + 1}: ${r.requestsPerSecond.toFixed(0)} req/s, p50 ${r.p50} ms`,
          );
        }
      }
      for (const n of counts) {
        const rs = byCount.get(n)!;
        table.push(
          `| ${label} | ${n} | ${median(rs.map((r) => r.requestsPerSecond)).toFixed(0)} | ${median(rs.map((r) => r.p50)).toFixed(1)} | ${median(rs.map((r) => r.p99)).toFixed(1)} | ${rs.reduce((a, r) => a + r.errors, 0)} |`,
        );
      }
    }

    // What the directory must sustain: tokens per second (each a secret check and an ES256 signature).
    const tokens = await runLoad(
      directoryUrl,
      () => ({
        method: 'POST',
        path: '/oauth/token',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          grant_type: 'client_credentials',
          client_id: 'tax-office-app',
          client_secret: 'dev-secret-tax-office',
        }),
      }),
      { connections: 8, seconds },
    );

    // A grant, from its commit to the first request that reads with it through the gateway (NOTIFY to each process).
    const admin = await token(directoryUrl, 'hub-admin', 'dev-secret-hub-admin');
    const stats = await token(directoryUrl, 'stats-bureau-app', 'dev-secret-stats-bureau');
    const post = (tokenValue: string, query: string, variables: Record<string, unknown> = {}) =>
      fetch(`${gatewayUrls[0]}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${tokenValue}` },
        body: JSON.stringify({ query, variables }),
      }).then((r) => r.json() as Promise<{ data?: any; errors?: unknown[] }>);
    const propagation: number[] = [];
    for (let k = 0; k < 5; k++) {
      const granted = await post(
        admin,
        `mutation ($input: CreateGrantInput!) { createGrant(input: $input) { id } }`,
        {
          input: {
            consumerDepartmentCode: statsDepartment,
            resourceCode: 'FIS-TAX-PAYMENT',
            items: ['Enterprise.taxPayments', 'TaxPayment.amount'],
            purpose: 'scaling benchmark',
            reason: 'bench:scaling',
          },
        },
      );
      const committed = performance.now();
      const id = granted.data?.createGrant?.id;
      if (!id) throw new Error(`createGrant failed: ${JSON.stringify(granted).slice(0, 300)}`);
      for (;;) {
        const read = await post(
          stats,
          `{ enterprise(creditCode: "${codes[0]}") { taxPayments(first: 1) { nodes { amount } } } }`,
        );
        if (!read.errors) break;
        if (performance.now() - committed > 10_000)
          throw new Error('the grant did not reach the subgraphs in 10 s');
      }
      propagation.push(performance.now() - committed);
      await post(admin, `mutation ($id: ID!) { revokeGrant(id: $id, reason: "bench:scaling") { id } }`, {
        id,
      });
      await new Promise((r) => setTimeout(r, 300));
    }

    say('');
    say(table.join('\n'));
    say('');
    say(
      `Tokens issued by the directory: ${tokens.requestsPerSecond.toFixed(0)}/s (8 connections, p50 ${tokens.p50} ms, errors ${tokens.errors}).`,
    );
    say(
      `A grant, from createGrant's answer to the first read through the gateway that uses it: median ${median(propagation).toFixed(1)} ms, worst ${Math.max(...propagation).toFixed(1)} ms (${propagation.length} grants).`,
    );
  } finally {
    await federation.stop();
    await cluster.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? error}\n`);
  process.exit(1);
});
