/**
 * One call builds a hub on fresh databases (clones of the seeded templates) and serves it on a free port over
 * real HTTP. Each test file gets its own copy, so tests may write and break things without touching others.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import pino from 'pino';
import { loadConfig } from '../../src/config';
import { initHub, type Hub } from '../../src/hub';
import { sources, type SourceName } from '../../src/sources';
import { TEMPLATE_PREFIX, testDatabaseUrl } from './cluster';

export interface GraphQLResponse<T = any> {
  status: number;
  headers: Headers;
  body: {
    data?: T;
    errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
  };
}

export interface TestHub {
  hub: Hub;
  /** Base URL, e.g. http://127.0.0.1:41234 */
  baseUrl: string;
  /** POSTs a GraphQL document to /graphql and returns status and parsed body. */
  query<T = any>(
    query: string,
    variables?: Record<string, unknown>,
    headers?: Record<string, string>,
  ): Promise<GraphQLResponse<T>>;
  /** Runs SQL directly on a source's database, bypassing the hub: the tests' independent oracle. */
  sql<R = any>(source: SourceName, text: string, values?: unknown[]): Promise<R[]>;
  /** SQL statements the hub has sent to each source so far. */
  statementCounts(): Record<SourceName, number>;
  /** Database name of each source (to break one on purpose). */
  databaseNames: Record<SourceName, string>;
  close(): Promise<void>;
}

/** Creates `name` as a copy of `template` on the test cluster. */
async function cloneDatabase(template: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: testDatabaseUrl('postgres') });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
  } finally {
    await client.end();
  }
}

/**
 * Builds a hub on cloned databases. `urlOverrides` replaces a source's database URL (e.g. with one that points
 * nowhere, to test a source that is down).
 */
export async function createTestHub(
  options: { urlOverrides?: Partial<Record<SourceName, string>> } = {},
): Promise<TestHub> {
  const suffix = randomUUID().slice(0, 8);
  const databaseNames = {} as Record<SourceName, string>;
  const env: Record<string, string> = { NODE_ENV: 'test', SEED_DEMO_DATA: 'false' };
  for (const source of sources) {
    const name = `t_${suffix}_${source.name}`;
    databaseNames[source.name] = name;
    await cloneDatabase(TEMPLATE_PREFIX + source.name, name);
    env[`${source.name.toUpperCase()}_DATABASE_URL`] =
      options.urlOverrides?.[source.name] ?? testDatabaseUrl(name);
  }
  const config = loadConfig(
    sources.map((s) => s.name),
    env,
  );
  const hub = await initHub(config, pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }));
  await hub.server.listen({ host: '127.0.0.1', port: 0 });
  const address = hub.server.server.address();
  const baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

  const oracles = new Map<SourceName, pg.Pool>();
  return {
    hub,
    baseUrl,
    databaseNames,
    async query(query, variables, headers = {}) {
      const res = await fetch(`${baseUrl}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ query, variables }),
      });
      return {
        status: res.status,
        headers: res.headers,
        body: (await res.json()) as GraphQLResponse['body'],
      };
    },
    async sql(source, text, values = []) {
      let pool = oracles.get(source);
      if (!pool) {
        pool = new pg.Pool({ connectionString: testDatabaseUrl(databaseNames[source]), max: 2 });
        oracles.set(source, pool);
      }
      return (await pool.query(text, values)).rows;
    },
    statementCounts() {
      return Object.fromEntries(
        [...hub.databases.bySource].map(([name, db]) => [name, db.statementCount()]),
      ) as Record<SourceName, number>;
    },
    async close() {
      await hub.close();
      await Promise.all([...oracles.values()].map((p) => p.end()));
      const admin = new pg.Client({ connectionString: testDatabaseUrl('postgres') });
      await admin.connect();
      try {
        for (const name of Object.values(databaseNames))
          await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await admin.end();
      }
    },
  };
}
