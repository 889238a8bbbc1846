/**
 * What auditing costs: one hub process, two servers on the same databases — with the audit trail (records
 * group-committed before each response leaves) and without — loaded in turn with autocannon at fixed concurrency.
 *
 *   npm run bench:audit          (demo data of `npm start`; ROUNDS=3, SECONDS=10, CONNECTIONS=32 by default)
 */
import autocannon from 'autocannon';
import pino from 'pino';
import { loadConfig } from '../src/config';
import { initHub } from '../src/hub';
import { sources } from '../src/sources';
import { createServer } from '../src/server';

const ROUNDS = Number(process.env.ROUNDS ?? 3);
const SECONDS = Number(process.env.SECONDS ?? 10);
const CONNECTIONS = Number(process.env.CONNECTIONS ?? 32);
// A typical department query: a page of a district's enterprises with their industry and latest payments.
const QUERY = `{ enterprises(districtCode: "370214", first: 20) { nodes { creditCode name industry { name }
  taxPayments(first: 3) { nodes { period taxType amount } } } } }`;

interface Result {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

function load(url: string, token: string): Promise<Result> {
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url,
        method: 'POST',
        connections: CONNECTIONS,
        duration: SECONDS,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: QUERY }),
      },
      (err, r) => {
        if (err) return reject(err);
        resolve({
          rps: r.requests.average,
          p50: r.latency.p50,
          p99: r.latency.p99,
          errors: r.errors + r.non2xx,
        });
      },
    );
  });
}

async function main(): Promise<void> {
  const logger = pino({ level: 'warn' });
  const config = loadConfig(sources.map((s) => s.name));
  const hub = await initHub(config, logger);
  const unaudited = await createServer({
    schema: hub.schema,
    auth: hub.auth,
    ruleTree: hub.ruleTree,
    databases: hub.databases,
    logger,
    maxPageSize: config.maxPageSize,
    maxQueryCost: config.maxQueryCost,
    audit: null,
  });
  try {
    await hub.server.listen({ host: '127.0.0.1', port: 0 });
    await unaudited.listen({ host: '127.0.0.1', port: 0 });
    const url = (s: typeof unaudited) =>
      `http://127.0.0.1:${(s.server.address() as { port: number }).port}/graphql`;
    const { access_token: token } = await hub.auth.identity.issueToken({
      grant_type: 'client_credentials',
      client_id: 'tax-office-app',
      client_secret: 'dev-secret-tax-office',
    });
    await load(url(hub.server), token); // warm-up
    await load(url(unaudited), token);
    const on: Result[] = [];
    const off: Result[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      if (i % 2) {
        off.push(await load(url(unaudited), token));
        on.push(await load(url(hub.server), token));
      } else {
        on.push(await load(url(hub.server), token));
        off.push(await load(url(unaudited), token));
      }
    }
    const mean = (rs: Result[], k: keyof Result) => rs.reduce((a, r) => a + r[k], 0) / rs.length;
    const lines = [
      `typical department query, ${CONNECTIONS} connections, ${ROUNDS} rounds x ${SECONDS} s each, alternating (node ${process.version})`,
      `audit on : ${mean(on, 'rps').toFixed(0)} req/s, p50 ${mean(on, 'p50').toFixed(1)} ms, p99 ${mean(on, 'p99').toFixed(1)} ms, errors ${mean(on, 'errors')}`,
      `audit off: ${mean(off, 'rps').toFixed(0)} req/s, p50 ${mean(off, 'p50').toFixed(1)} ms, p99 ${mean(off, 'p99').toFixed(1)} ms, errors ${mean(off, 'errors')}`,
      `throughput with auditing relative to without: ${(mean(on, 'rps') / mean(off, 'rps')).toFixed(3)} (goal >= 0.9)`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    const verified = await hub.audit.verify();
    process.stdout.write(
      `audit chain after the run: ${verified.firstBreak ? `BROKEN at ${verified.firstBreak.seq}` : 'intact'}, ${verified.checked} records\n`,
    );
  } finally {
    await unaudited.close();
    await hub.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? error}\n`);
  process.exit(1);
});
