/**
 * Scenario 6, scale: latency of a deep keyset page against the first page, and of dashboard aggregates over a
 * year, one request at a time (these are latency targets, not throughput).
 */
import pg from 'pg';
import { encodeCursor } from '../../connectors/shared/pagination';
import { graphql } from './scenarios';
import type { HttpRequest } from './load';
import { median } from './load';

export interface LatencyRow {
  label: string;
  medianMs: number;
  maxMs: number;
  runs: number;
  /** Rows (or groups) in the answer, to show it is real. */
  rows: number;
}

export interface ScaleResult {
  pages: { list: string; firstPage: LatencyRow; deepPage: LatencyRow; deepPageNumber: number }[];
  aggregates: LatencyRow[];
  /** One aggregate computed from the payments directly (what the hub did before the cube), in ms. */
  withoutCube: { label: string; ms: number };
}

const PAGE = 50;
const WANTED_PAGE = 1000;

/** POSTs `request` and returns [milliseconds, parsed body]; throws on HTTP or GraphQL errors. */
async function timed(baseUrl: string, request: HttpRequest): Promise<[number, any]> {
  const started = performance.now();
  const res = await fetch(baseUrl + request.path, {
    method: request.method,
    headers: request.headers,
    body: request.body,
  });
  const body = (await res.json()) as { errors?: unknown[] };
  const ms = performance.now() - started;
  if (res.status !== 200 || body.errors)
    throw new Error(`scale scenario: ${JSON.stringify(body).slice(0, 400)}`);
  return [ms, body];
}

async function measure(
  baseUrl: string,
  label: string,
  runs: number,
  request: HttpRequest,
  count: (body: any) => number,
): Promise<LatencyRow> {
  await timed(baseUrl, request); // warm
  const times: number[] = [];
  let rows = 0;
  for (let i = 0; i < runs; i++) {
    const [ms, body] = await timed(baseUrl, request);
    times.push(ms);
    rows = count(body);
  }
  return { label, medianMs: median(times), maxMs: Math.max(...times), runs, rows };
}

/**
 * Runs scenario 6 against the hub at `hubUrl`: pages of the enterprise lists (all, and one district's) and the
 * dashboard aggregates, reading the positions of deep pages from the fiscal database at `fiscalUrl`.
 */
export async function runScaleScenario(options: {
  hubUrl: string;
  fiscalUrl: string;
  tokens: { taxOffice: string; dashboard: string };
  runs: number;
}): Promise<ScaleResult> {
  const db = new pg.Client({ connectionString: options.fiscalUrl });
  await db.connect();
  try {
    const pages: ScaleResult['pages'] = [];
    for (const list of [
      { name: 'enterprises (all, credit-code order)', district: null },
      { name: 'enterprises of district 370212', district: '370212' },
    ]) {
      const where = list.district ? 'WHERE district_code = $1' : '';
      const params = list.district ? [list.district] : [];
      const [{ n }] = (await db.query(`SELECT count(*)::int AS n FROM enterprise ${where}`, params)).rows;
      const deepPageNumber = Math.max(2, Math.min(WANTED_PAGE, Math.floor(n / PAGE)));
      // The cursor of page P is the key of the last row of page P-1, as the hub would have returned it.
      const [{ credit_code: last }] = (
        await db.query(
          `SELECT credit_code FROM enterprise ${where} ORDER BY credit_code OFFSET ${(deepPageNumber - 1) * PAGE - 1} LIMIT 1`,
          params,
        )
      ).rows;
      const query = `query ($d: ID, $after: String) { enterprises(districtCode: $d, first: ${PAGE}, after: $after) {
        nodes { creditCode name registeredCapital } pageInfo { hasNextPage endCursor } } }`;
      const rows = (b: any) => b.data.enterprises.nodes.length;
      const ask = (after: string | null) =>
        graphql(options.tokens.taxOffice, query, { d: list.district, after });
      const firstPage = await measure(options.hubUrl, 'page 1', options.runs, ask(null), rows);
      const deepPage = await measure(
        options.hubUrl,
        `page ${deepPageNumber}`,
        options.runs,
        ask(encodeCursor([last])),
        rows,
      );
      pages.push({ list: list.name, firstPage, deepPage, deepPageNumber });
    }

    const dashboards: [string, string][] = [
      ['revenue by district, 2009', `groupBy: [DISTRICT], from: "2009-01", to: "2009-12"`],
      ['revenue by industry, 2009', `groupBy: [INDUSTRY], from: "2009-01", to: "2009-12"`],
      [
        'revenue by district and tax type, 2009',
        `groupBy: [DISTRICT, TAX_TYPE], from: "2009-01", to: "2009-12"`,
      ],
      ['revenue by month, 2009', `groupBy: [PERIOD], from: "2009-01", to: "2009-12"`],
      ['revenue by month and district, 2009', `groupBy: [PERIOD, DISTRICT], from: "2009-01", to: "2009-12"`],
      ['revenue by year and district, all years', `groupBy: [YEAR, DISTRICT]`],
    ];
    const aggregates: LatencyRow[] = [];
    for (const [label, args] of dashboards) {
      const request = graphql(
        options.tokens.dashboard,
        `{ revenueSummary(${args}) { district { code } industry { code } taxType period year totalAmount paymentCount enterpriseCount suppressed } }`,
      );
      aggregates.push(
        await measure(options.hubUrl, label, options.runs, request, (b) => b.data.revenueSummary.length),
      );
    }

    // Before the cube: the same first aggregate summed from the payments (the hub's fallback SQL), once.
    await db.query('SET statement_timeout = 0');
    const started = performance.now();
    await db.query(
      `SELECT district_code, sum(amount)::float8, count(*)::int, count(DISTINCT enterprise_code)::int
       FROM tax_payment WHERE period >= '2009-01' AND period <= '2009-12' GROUP BY 1 ORDER BY 1`,
    );
    return { pages, aggregates, withoutCube: { label: dashboards[0][0], ms: performance.now() - started } };
  } finally {
    await db.end();
  }
}
