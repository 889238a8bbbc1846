/**
 * A source database that is down makes that source's fields fail with SOURCE_UNAVAILABLE; the other sources
 * still answer, and /ready says which one is down.
 */
import net from 'node:net';
import pg from 'pg';
import { sources } from '../src/sources';
import { createTestHub } from './helpers/test-hub';
import { testDatabaseUrl } from './helpers/cluster';

/** A port on which nothing listens. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

const QUERY =
  '{ indicator(code: "A01") { name } enterprises(first: 2) { nodes { name } } keyProjects(first: 1) { nodes { name } } }';

test('a source that is down at start: its fields fail with SOURCE_UNAVAILABLE, the rest answers', async () => {
  const t = await createTestHub({
    urlOverrides: { fiscal: `postgresql://postgres:x@127.0.0.1:${await closedPort()}/nowhere` },
  });
  try {
    const { status, body } = await t.query(QUERY);
    expect(status).toBe(200);
    expect(body.data.indicator.name).toBe('地区生产总值');
    expect(body.data.keyProjects.nodes).toHaveLength(1);
    expect(body.data.enterprises).toBeNull();
    expect(body.errors).toHaveLength(1);
    expect(body.errors?.[0]).toMatchObject({
      path: ['enterprises'],
      extensions: { code: 'SOURCE_UNAVAILABLE', source: 'fiscal' },
    });
    expect(JSON.stringify(body)).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|nowhere/);

    const ready = await fetch(`${t.baseUrl}/ready`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({
      status: 'not ready',
      sources: Object.fromEntries(sources.map((s) => [s.name, s.name === 'fiscal' ? 'down' : 'up'])),
    });
  } finally {
    await t.close();
  }
});

test('a source that goes down while the hub runs, and comes back', async () => {
  const t = await createTestHub();
  const admin = new pg.Client({ connectionString: testDatabaseUrl('postgres') });
  await admin.connect();
  const db = t.databaseNames.decision;
  try {
    expect((await t.query(QUERY)).body.errors).toBeUndefined();

    // Take the decision database away: refuse new connections and cut the open ones.
    await admin.query(`ALTER DATABASE "${db}" ALLOW_CONNECTIONS false`);
    await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [db]);

    const down = await t.query(QUERY);
    expect(down.body.data.indicator.name).toBe('地区生产总值');
    expect(down.body.data.enterprises.nodes).toHaveLength(2);
    expect(down.body.data.keyProjects).toBeNull();
    expect(down.body.errors?.map((e) => e.extensions?.code)).toEqual(['SOURCE_UNAVAILABLE']);
    expect((await fetch(`${t.baseUrl}/ready`)).status).toBe(503);

    await admin.query(`ALTER DATABASE "${db}" ALLOW_CONNECTIONS true`);
    const back = await t.query(QUERY);
    expect(back.body.errors).toBeUndefined();
    expect(back.body.data.keyProjects.nodes).toHaveLength(1);
    expect((await fetch(`${t.baseUrl}/ready`)).status).toBe(200);
  } finally {
    await admin.query(`ALTER DATABASE "${db}" ALLOW_CONNECTIONS true`).catch(() => undefined);
    await admin.end();
    await t.close();
  }
});

test('a statement that runs past DB_STATEMENT_TIMEOUT_MS is cancelled with QUERY_TIMEOUT; other fields answer', async () => {
  const t = await createTestHub({ env: { DB_STATEMENT_TIMEOUT_MS: '20' } });
  try {
    const res = await t.query(
      '{ regions { code } revenueSummary(groupBy: [DISTRICT, INDUSTRY, TAX_TYPE, PERIOD]) { totalAmount enterpriseCount } }',
    );
    expect(res.body.data.regions).toHaveLength(13);
    expect(res.body.data.revenueSummary).toBeNull();
    expect(res.body.errors?.[0].extensions).toMatchObject({ code: 'QUERY_TIMEOUT', source: 'fiscal' });
    expect(res.body.errors?.[0].message).toMatch(/after 0.02 s\. Narrow it/);
  } finally {
    await t.close();
  }
});
