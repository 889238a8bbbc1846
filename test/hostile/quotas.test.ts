/**
 * One client cannot starve the others: token floods cost microseconds, failures back off per client and address,
 * and GraphQL quotas (rate and concurrency, overridable per client) answer 429 to the client over them only.
 */
import http from 'node:http';
import pg from 'pg';
import { createTestHub, type TestHub } from '../helpers/test-hub';
import { testDatabaseUrl } from '../helpers/cluster';
import { legacyScryptHash } from '../helpers/legacy-secret';
import { watch } from './watch';

/** POST /oauth/token from `localAddress` (any 127.x address reaches the hub on 127.0.0.1). */
function tokenFrom(
  t: TestHub,
  localAddress: string,
  clientId: string,
  secret: string,
): Promise<{ status: number; retryAfter?: string; body: any }> {
  const body = new URLSearchParams({
    grant_type: 'client_credentials',
    client_id: clientId,
    client_secret: secret,
  });
  const url = new URL(`${t.baseUrl}/oauth/token`);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        localAddress,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      },
      (res) => {
        let text = '';
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode!,
            retryAfter: res.headers['retry-after'] as string | undefined,
            body: JSON.parse(text),
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(body.toString());
  });
}

describe('the token endpoint', () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await createTestHub({
      env: {
        TOKEN_FREE_FAILURES_PER_CLIENT: '3',
        // Long enough that the requests of one test always fall inside the lock, however busy the machine.
        TOKEN_FIRST_LOCK_SECONDS: '600',
        TOKEN_FREE_FAILURES_PER_ADDRESS: '1000',
        TOKEN_RATE_LIMIT_PER_MINUTE: '100000',
      },
    });
  });
  afterAll(() => t.close());

  test('120 concurrent wrong secrets do not delay a legitimate login', async () => {
    const watched = await watch(t.baseUrl, async () => {
      const flood = Array.from({ length: 120 }, (_, i) =>
        tokenFrom(t, `127.0.1.${(i % 200) + 1}`, 'tax-office-app', `wrong-${i}`),
      );
      const started = performance.now();
      const legit = await tokenFrom(t, '127.0.0.9', 'tax-office-app', 'dev-secret-tax-office');
      const legitMs = performance.now() - started;
      return { legit, legitMs, flood: await Promise.all(flood) };
    });
    expect(watched.probes).toBeGreaterThan(0);
    expect(watched.slowestHealthMs).toBeLessThan(1000);
    expect(watched.result.legit.status).toBe(200);
    expect(watched.result.legitMs).toBeLessThan(1000);
    for (const res of watched.result.flood) expect([401, 429]).toContain(res.status);
  });

  test('failures back off per client id and address: 429 with Retry-After, other addresses unaffected', async () => {
    const statuses: number[] = [];
    let retryAfter: string | undefined;
    for (let i = 0; i < 6; i++) {
      const res = await tokenFrom(t, '127.0.0.20', 'stats-bureau-app', 'wrong');
      statuses.push(res.status);
      retryAfter ??= res.retryAfter;
      if (res.status === 429) expect(res.body.error).toBe('slow_down');
    }
    expect(statuses.slice(0, 3)).toEqual([401, 401, 401]);
    expect(statuses[3]).toBe(429);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
    // Locked even with the right secret, from that address ...
    expect((await tokenFrom(t, '127.0.0.20', 'stats-bureau-app', 'dev-secret-stats-bureau')).status).toBe(
      429,
    );
    // ... but an attacker elsewhere cannot lock the real app out.
    expect((await tokenFrom(t, '127.0.0.21', 'stats-bureau-app', 'dev-secret-stats-bureau')).status).toBe(
      200,
    );
  });

  test('a secret hashed with scrypt by an earlier version still works and is rehashed on its first use', async () => {
    await t.sql('directory', `UPDATE client SET secret_hash = $1 WHERE client_id = 'ndrc-projects-app'`, [
      await legacyScryptHash('dev-secret-ndrc'),
    ]);
    expect((await tokenFrom(t, '127.0.0.30', 'ndrc-projects-app', 'dev-secret-ndrc')).status).toBe(200);
    const [row] = await t.sql(
      'directory',
      `SELECT secret_hash FROM client WHERE client_id = 'ndrc-projects-app'`,
    );
    expect(row.secret_hash).toMatch(/^hmac-sha256\$/);
    expect((await tokenFrom(t, '127.0.0.30', 'ndrc-projects-app', 'dev-secret-ndrc')).status).toBe(200);
  });

  test('requests per address are rate limited too', async () => {
    const limited = await createTestHub({ env: { TOKEN_RATE_LIMIT_PER_MINUTE: '5' } });
    try {
      const results = [];
      for (let i = 0; i < 7; i++) results.push(await tokenFrom(limited, '127.0.0.40', 'nobody-app', 'x'));
      expect(results.map((r) => r.status)).toEqual([401, 401, 401, 401, 401, 429, 429]);
      expect(results[5].body.error).toBe('slow_down');
      expect(Number(results[5].retryAfter)).toBeGreaterThan(0);
    } finally {
      await limited.close();
    }
  });
});

describe('GraphQL quotas', () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await createTestHub({
      env: { GRAPHQL_RATE_LIMIT_PER_MINUTE: '5', GRAPHQL_MAX_CONCURRENT: '3', DB_POOL_MAX: '2' },
    });
  });
  afterAll(() => t.close());

  test('over its rate a client gets 429 RATE_LIMITED with Retry-After; other clients do not', async () => {
    const statuses = [];
    let last;
    for (let i = 0; i < 6; i++) {
      last = await t.query('{ regions { code } }', {}, { as: 'tax-office-app' });
      statuses.push(last.status);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    expect(last!.body.errors?.[0].extensions).toMatchObject({ code: 'RATE_LIMITED', limit: 5 });
    expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await t.query('{ regions { code } }', {}, { as: 'stats-bureau-app' })).status).toBe(200);
  });

  test("an administrator raises one client's quota; the change is logged and applies at once", async () => {
    const set = await t.query(
      `mutation { setClientQuota(clientId: "general-office-dashboard", requestsPerMinute: 100, maxConcurrentRequests: 50, reason: "决策大屏") { clientId rateLimitPerMinute maxConcurrentRequests } }`,
      {},
      { as: 'hub-admin' },
    );
    expect(set.body.data.setClientQuota).toEqual({
      clientId: 'general-office-dashboard',
      rateLimitPerMinute: 100,
      maxConcurrentRequests: 50,
    });
    const [logged] = await t.sql(
      'directory',
      `SELECT action, reason FROM directory_change WHERE subject = 'client:general-office-dashboard' ORDER BY id DESC LIMIT 1`,
    );
    expect(logged).toEqual({ action: 'CLIENT_QUOTA_SET', reason: '决策大屏' });
    const statuses = [];
    for (let i = 0; i < 8; i++)
      statuses.push((await t.query('{ regions { code } }', {}, { as: 'general-office-dashboard' })).status);
    expect(statuses).toEqual(Array(8).fill(200));
    const refused = await t.query(
      `mutation { setClientQuota(clientId: "general-office-dashboard", requestsPerMinute: 0, reason: "x") { clientId } }`,
      {},
      { as: 'hub-admin' },
    );
    expect(refused.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const notAdmin = await t.query(
      `mutation { setClientQuota(clientId: "tax-office-app", requestsPerMinute: 1000000, reason: "x") { clientId } }`,
      {},
      { as: 'general-office-dashboard' },
    );
    expect(notAdmin.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  /**
   * Holds the fiscal source's payment tables locked while `during` runs, so that summaries block in PostgreSQL
   * for as long as the test needs: no timing involved.
   */
  async function withPaymentsLocked<T>(during: () => Promise<T>): Promise<T> {
    const lock = new pg.Client({ connectionString: testDatabaseUrl(t.databaseNames.fiscal) });
    await lock.connect();
    try {
      await lock.query('BEGIN');
      await lock.query('LOCK TABLE tax_payment, revenue_summary IN ACCESS EXCLUSIVE MODE');
      try {
        return await during();
      } finally {
        await lock.query('COMMIT');
      }
    } finally {
      await lock.end();
    }
  }

  /** Waits until `n` statements of the hub wait on a lock in the fiscal database. */
  async function blockedStatements(n: number): Promise<void> {
    for (let tries = 0; ; tries++) {
      if (tries > 1000) throw new Error(`${n} statements never blocked on the lock`);
      const [{ waiting }] = await t.sql(
        'fiscal',
        `SELECT count(*)::int AS waiting FROM pg_stat_activity
         WHERE datname = current_database() AND wait_event_type = 'Lock' AND application_name = 'exchange-hub:fiscal'`,
      );
      if (waiting >= n) return;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  test("a client flooding a source waits its turn; another client's requests and shared loads on that source all answer", async () => {
    // The flooding client may have 50 requests in flight (set above); the pool has 2 connections.
    const summary = `{ revenueSummary(groupBy: [DISTRICT, INDUSTRY, TAX_TYPE], from: "2009-02", to: "2009-11") { totalAmount } }`;
    const { flooded, others } = await withPaymentsLocked(async () => {
      let settled = 0;
      const flood = Array.from({ length: 60 }, () =>
        t.query(summary, {}, { as: 'general-office-dashboard' }).finally(() => settled++),
      );
      // The flooder's first statement holds one connection, blocked; its others wait their turn in the hub, and
      // the ten over its 50 slots are answered at once: wait for all of that before going on.
      await blockedStatements(1);
      while (settled < 10) await new Promise((resolve) => setTimeout(resolve, 20));
      // Reference data shared by every request is loaded in the hub's own turn: asked for through the flooder's
      // session, its load does not queue behind the flooder's blocked statement (before, this waited for good).
      const fiscal = t.hub.databases.bySource.get('fiscal')!;
      const shared = await fiscal
        .session('general-office-dashboard')
        .remember('test:shared-turn', 60_000, (s) => s.rows<{ one: number }>('SELECT 1 AS one'));
      expect(shared).toEqual([{ one: 1 }]);
      const answered = await Promise.all(
        Array.from({ length: 3 }, () =>
          t.query('{ enterprises(first: 3) { nodes { name } } }', {}, { as: 'test-reader' }),
        ),
      );
      return { others: answered, flooded: flood };
    });
    for (const res of others) {
      expect(res.body.errors).toBeUndefined();
      expect(res.status).toBe(200);
    }
    const statuses = [];
    for (const res of await Promise.all(flooded)) {
      statuses.push(res.status);
      const codes = (res.body.errors ?? []).map((e) => e.extensions?.code);
      expect(codes).not.toContain('SOURCE_UNAVAILABLE');
    }
    expect(statuses.filter((s) => s === 429)).toHaveLength(10);
    expect(statuses.filter((s) => s === 200)).toHaveLength(50);
  });

  test('concurrency over the limit is 429 RATE_LIMITED for that client only', async () => {
    const summary = `{ revenueSummary(groupBy: [INDUSTRY], from: "2008-03", to: "2009-10") { totalAmount } }`;
    const quota = await t.query(
      `mutation { setClientQuota(clientId: "test-reader", requestsPerMinute: 1000, maxConcurrentRequests: 3, reason: "test") { clientId } }`,
      {},
      { as: 'hub-admin' },
    );
    expect(quota.body.errors).toBeUndefined();
    const { held, refused, other } = await withPaymentsLocked(async () => {
      const inFlight = Array.from({ length: 3 }, () => t.query(summary, {}, { as: 'test-reader' }));
      await blockedStatements(1);
      // Its three slots are taken (one statement blocked, two waiting their turn): a fourth is refused at once.
      const fourth = await t.query(summary, {}, { as: 'test-reader' });
      const another = await t.query('{ regions { code } }', {}, { as: 'shinan-planning-app' });
      return { held: inFlight, refused: fourth, other: another };
    });
    expect(refused.status).toBe(429);
    expect(refused.body.errors?.[0].extensions?.code).toBe('RATE_LIMITED');
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(other.status).toBe(200);
    for (const res of await Promise.all(held)) expect(res.status).toBe(200);
  });

  test('a client that drops its connection mid-request gets its in-flight slot back', async () => {
    const quota = await t.query(
      `mutation { setClientQuota(clientId: "test-reader", requestsPerMinute: 1000, maxConcurrentRequests: 1, reason: "test") { clientId } }`,
      {},
      { as: 'hub-admin' },
    );
    expect(quota.body.errors).toBeUndefined();
    const token = await t.token('test-reader');
    const summary = `{ revenueSummary(groupBy: [DISTRICT], from: "2009-02", to: "2009-11") { totalAmount } }`;
    await withPaymentsLocked(async () => {
      const controller = new AbortController();
      const dropped = fetch(`${t.baseUrl}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: summary }),
        signal: controller.signal,
      }).catch(() => 'dropped');
      await blockedStatements(1);
      controller.abort();
      expect(await dropped).toBe('dropped');
      // Its one slot is free again once the connection is gone, while the statement is still blocked.
      for (let tries = 0; ; tries++) {
        const res = await t.query('{ regions { code } }', {}, { as: 'test-reader' });
        if (res.status === 200) break;
        if (tries > 200) throw new Error('the slot was never given back');
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    });
  });
});
