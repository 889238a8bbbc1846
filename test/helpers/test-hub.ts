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
import { DEMO_CLIENTS } from '../../src/demo-access';
import { TEMPLATE_PREFIX, TEST_READER, testDatabaseUrl } from './cluster';

export interface GraphQLResponse<T = any> {
  status: number;
  headers: Headers;
  body: {
    data?: T;
    errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
    extensions?: Record<string, any>;
  };
}

export interface QueryOptions {
  /** Client id to call as (a demo client or TEST_READER, the default, who reads everything in clear). */
  as?: string;
  /** A token to send instead; null sends none. */
  token?: string | null;
  headers?: Record<string, string>;
  /** The operation to run, for documents that hold several. */
  operationName?: string;
}

export interface TestHub {
  hub: Hub;
  /** Base URL, e.g. http://127.0.0.1:41234 */
  baseUrl: string;
  /** POSTs a GraphQL document to /graphql and returns status and parsed body. */
  query<T = any>(
    query: string,
    variables?: Record<string, unknown>,
    options?: QueryOptions,
  ): Promise<GraphQLResponse<T>>;
  /** A fresh access token for a demo client or TEST_READER. */
  token(clientId?: string): Promise<string>;
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

const SECRETS = new Map<string, string>([
  [TEST_READER.clientId, TEST_READER.secret],
  ...DEMO_CLIENTS.map((c) => [c.clientId, c.secret] as [string, string]),
]);

/**
 * Builds a hub on cloned databases. `urlOverrides` replaces a source's database URL (e.g. with one that points
 * nowhere, to test a source that is down); `env` adds configuration variables.
 */
export async function createTestHub(
  options: { urlOverrides?: Partial<Record<SourceName, string>>; env?: Record<string, string> } = {},
): Promise<TestHub> {
  const suffix = randomUUID().slice(0, 8);
  const databaseNames = {} as Record<SourceName, string>;
  // Background upkeep off unless a test asks for it: its statements would blur the statement counts tests check.
  const env: Record<string, string> = {
    NODE_ENV: 'test',
    SEED_DEMO_DATA: 'false',
    SOURCE_MAINTENANCE_INTERVAL_MS: '0',
    // Every test calls from 127.0.0.1 as a few clients: quotas and back-off only where a test asks for them.
    GRAPHQL_MAX_CONCURRENT: '10000',
    GRAPHQL_RATE_LIMIT_PER_MINUTE: '1000000',
    TOKEN_RATE_LIMIT_PER_MINUTE: '1000000',
    TOKEN_FREE_FAILURES_PER_ADDRESS: '1000000',
    TOKEN_FREE_FAILURES_PER_CLIENT: '1000000',
    ...options.env,
  };
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

  async function token(clientId: string = TEST_READER.clientId): Promise<string> {
    const secret = SECRETS.get(clientId);
    if (!secret) throw new Error(`No known secret for client ${clientId}`);
    const res = await fetch(`${baseUrl}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: clientId,
        client_secret: secret,
      }),
    });
    if (res.status !== 200) throw new Error(`token for ${clientId}: HTTP ${res.status} ${await res.text()}`);
    return ((await res.json()) as { access_token: string }).access_token;
  }
  // Tokens live 15 minutes: one per client per test file is enough (scrypt makes each cost ~0.1 s).
  const tokens = new Map<string, Promise<string>>();
  const cachedToken = (clientId: string) => {
    let t = tokens.get(clientId);
    if (!t) {
      t = token(clientId);
      tokens.set(clientId, t);
    }
    return t;
  };

  const oracles = new Map<SourceName, pg.Pool>();
  return {
    hub,
    baseUrl,
    databaseNames,
    token,
    async query(query, variables, options = {}) {
      const bearer =
        options.token === undefined ? await cachedToken(options.as ?? TEST_READER.clientId) : options.token;
      const res = await fetch(`${baseUrl}/graphql`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
          ...options.headers,
        },
        body: JSON.stringify({ query, variables, operationName: options.operationName }),
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
