/**
 * Where a federated request's time goes (issue 15): one request at a time, through the gateway and to the single
 * process, with the gateway's Server-Timing (GATEWAY_SERVER_TIMING=true) and each subgraph's own audit record.
 *
 * - front: the hub's checks at the gateway (token, limits, parse and validation, cost, the operation's row scopes);
 * - plan: from the checks to the first subgraph fetch (Hive's parse, validation and query planning; cached per
 *   document after the first request, so the first request of a new document is measured apart);
 * - fetch: from the first fetch's start to the last one's end, with the sum of all fetches beside it;
 * - in subgraphs: the subgraphs' own durations for the request (their audit records), summed; the rest of the
 *   fetch time is the hop (HTTP over loopback, serialising, the subgraph's request checks);
 * - merge: after the last fetch (merging the answers, the audit record, serialising).
 */
import pg from 'pg';
import type { HttpRequest } from './load';
import { median } from './load';

/**
 * The settings the benchmarks run the federated hub with: the hub process's (bench/hub-server.ts), development
 * for the demo credentials, no background upkeep (the single hub keeps the revenue cube fresh), quotas out of the
 * way of one loading client.
 */
export const FEDERATED_BENCH_ENV: Record<string, string> = {
  NODE_ENV: 'development',
  LOG_LEVEL: 'warn',
  SEED_DEMO_DATA: 'false',
  SOURCE_MAINTENANCE_INTERVAL_MS: '0',
  MAX_PAGE_SIZE: '5000',
  MAX_QUERY_COST: '10000000',
  GRAPHQL_MAX_CONCURRENT: '10000',
  GRAPHQL_RATE_LIMIT_PER_MINUTE: '100000000',
  DB_POOL_MAX: '10',
  DB_POOL_PER_CLIENT: '10',
};

export interface FederatedBreakdown {
  label: string;
  requests: number;
  /** Client-observed median latency, ms. */
  singleMs: number;
  federatedMs: number;
  /** Medians of the gateway's Server-Timing parts, ms. */
  frontMs: number;
  planMs: number;
  /** The first requests of new documents: planning included. */
  coldPlanMs: number;
  fetchWallMs: number;
  fetchSumMs: number;
  fetches: number;
  subgraphMs: number;
  mergeMs: number;
}

async function timed(url: string, request: HttpRequest): Promise<{ ms: number; res: Response }> {
  const started = performance.now();
  const res = await fetch(url + request.path, {
    method: request.method,
    headers: request.headers,
    body: request.body,
  });
  await res.arrayBuffer();
  return { ms: performance.now() - started, res };
}

/** `name;dur=X` parts of a Server-Timing header, and the fetch count from its description. */
function serverTiming(header: string | null): Record<string, number> {
  const parts: Record<string, number> = {};
  for (const part of (header ?? '').split(',')) {
    const name = part.trim().split(';')[0];
    const dur = /dur=([\d.]+)/.exec(part);
    if (dur) parts[name] = Number(dur[1]);
    const count = /desc="(\d+)"/.exec(part);
    if (name === 'fetches' && count) parts.fetchCount = Number(count[1]);
  }
  return parts;
}

/**
 * Measures `n` sequential requests of `request(i)` on each side (after 20 of warm-up), and `cold` requests of
 * documents the gateway has not seen (`coldRequest(k)`).
 */
export async function measureFederatedBreakdown(options: {
  label: string;
  hubUrl: string;
  gatewayUrl: string;
  directoryUrl: string;
  request: (i: number) => HttpRequest;
  coldRequest: (k: number) => HttpRequest;
  n: number;
  cold: number;
}): Promise<FederatedBreakdown> {
  for (let i = 0; i < 20; i++) {
    await timed(options.hubUrl, options.request(i));
    await timed(options.gatewayUrl, options.request(i));
  }
  const single: number[] = [];
  const federated: number[] = [];
  const parts: Record<string, number>[] = [];
  const ids: string[] = [];
  for (let i = 0; i < options.n; i++) {
    single.push((await timed(options.hubUrl, options.request(i))).ms);
    const { ms, res } = await timed(options.gatewayUrl, options.request(i));
    federated.push(ms);
    parts.push(serverTiming(res.headers.get('server-timing')));
    ids.push(res.headers.get('x-request-id') ?? '');
  }
  const cold: number[] = [];
  for (let k = 0; k < options.cold; k++) {
    const { res } = await timed(options.gatewayUrl, options.coldRequest(k));
    cold.push(serverTiming(res.headers.get('server-timing')).plan ?? NaN);
  }
  // Each subgraph's own time on these requests: its audit records carry the gateway's request id.
  const client = new pg.Client({ connectionString: options.directoryUrl });
  await client.connect();
  const { rows } = await client
    .query<{ ms: number }>(
      `SELECT sum(duration_ms)::float8 AS ms FROM audit_record
       WHERE request_id = ANY($1) AND recorded_by LIKE 'subgraph:%' GROUP BY request_id`,
      [ids],
    )
    .finally(() => client.end());
  const of = (name: string) => median(parts.map((p) => p[name] ?? NaN));
  return {
    label: options.label,
    requests: options.n,
    singleMs: median(single),
    federatedMs: median(federated),
    frontMs: of('front'),
    planMs: of('plan'),
    coldPlanMs: median(cold),
    fetchWallMs: of('fetch'),
    fetchSumMs: of('fetches'),
    fetches: of('fetchCount'),
    subgraphMs: median(rows.map((r) => r.ms)),
    mergeMs: of('merge'),
  };
}
