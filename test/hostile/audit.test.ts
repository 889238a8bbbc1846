/**
 * Hostile input against the audit trail: no value a client sends can fail another client's record, a record that
 * cannot be written fails only its own request, and the hub's request ids cannot be chosen by clients.
 */
import { createTestHub, type TestHub } from '../helpers/test-hub';
import { isLimitCode } from '../../audit/request-audit';
import { LimitCode } from '../../src/graphql-limits';
import { auditEntry } from '../helpers/audit-entry';
import { watch } from './watch';

let t: TestHub;
beforeAll(async () => {
  t = await createTestHub();
});
afterAll(() => t.close());

const tokenRequest = (clientId: string) =>
  fetch(`${t.baseUrl}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: 'x' }),
  });

test('a 6,000-character client_id fails nobody: 200 innocent queries sent with it all answer', async () => {
  await t.query('{ regions { code } }'); // the reader's token, fetched first
  const watched = await watch(t.baseUrl, () =>
    Promise.all([
      ...Array.from({ length: 20 }, () => tokenRequest('x'.repeat(6000))),
      ...Array.from({ length: 200 }, () => t.query('{ regions { code } }')),
    ]),
  );
  expect(watched.probes).toBeGreaterThan(0);
  expect(watched.slowestHealthMs).toBeLessThan(1000);
  const statuses = watched.result.map((r) => r.status);
  expect(statuses.slice(0, 20)).toEqual(Array(20).fill(401));
  expect(statuses.slice(20)).toEqual(Array(200).fill(200));
  const [record] = await t.sql(
    'directory',
    `SELECT client_id, outcome FROM audit_record WHERE request_id = $1`,
    [watched.result[0].headers.get('x-request-id')],
  );
  expect(record.outcome).toBe('UNAUTHENTICATED');
  expect(record.client_id.length).toBeLessThanOrEqual(100);
  const verified = await t.query('{ verifyAudit { intact } }', {}, { as: 'hub-auditor' });
  expect(verified.body.data.verifyAudit.intact).toBe(true);
});

test('a record that cannot be written fails only its own request: the rest of its batch is retried one by one', async () => {
  // NaN is written as null, which duration_ms (NOT NULL) refuses: a record the database cannot take.
  const entry = (i: number, durationMs: number) => auditEntry({ requestId: `retry-test-${i}`, durationMs });
  const results = await Promise.allSettled(
    [1, 2, 3, NaN, 5, 6].map((d, i) => t.hub.audit.append(entry(i, d))),
  );
  expect(results.map((r) => r.status)).toEqual([
    'fulfilled',
    'fulfilled',
    'fulfilled',
    'rejected',
    'fulfilled',
    'fulfilled',
  ]);
  const rows = await t.sql(
    'directory',
    `SELECT request_id FROM audit_record WHERE request_id LIKE 'retry-test-%'`,
  );
  expect(rows).toHaveLength(5);
  const verified = await t.query('{ verifyAudit { intact } }', {}, { as: 'hub-auditor' });
  expect(verified.body.data.verifyAudit.intact).toBe(true);
});

test("the hub makes every request id; a client's X-Request-Id is kept (bounded) as its correlation id only", async () => {
  const send = (id: string) =>
    fetch(`${t.baseUrl}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-request-id': id },
      body: 'grant_type=client_credentials&client_id=nobody&client_secret=x',
    });
  const [a, b, long] = await Promise.all([send('corr-1'), send('corr-1'), send('y'.repeat(10_000))]);
  const ids = [a, b, long].map((r) => r.headers.get('x-request-id')!);
  expect(new Set(ids).size).toBe(3);
  for (const id of ids) expect(id).toMatch(/^[0-9a-f-]{36}$/);
  const rows = await t.sql(
    'directory',
    `SELECT request_id, correlation_id FROM audit_record WHERE request_id = ANY($1) ORDER BY seq`,
    [ids],
  );
  expect(rows.map((r) => r.correlation_id).sort()).toEqual(['corr-1', 'corr-1', null].sort());
  const verified = await t.query('{ verifyAudit { intact } }', {}, { as: 'hub-auditor' });
  expect(verified.body.data.verifyAudit.intact).toBe(true);
});

test('refusals before the GraphQL layer are recorded with their codes and as over the limit', async () => {
  const res = await t.query(`{ ${'region(code: "370202") { code } '.repeat(20)} }`);
  expect(res.status).toBe(400);
  const [record] = await t.sql(
    'directory',
    `SELECT outcome, error_codes FROM audit_record WHERE request_id = $1`,
    [res.headers.get('x-request-id')],
  );
  expect(record).toEqual({ outcome: 'OVER_LIMIT', error_codes: ['FIELD_REPEATED'] });
  for (const code of [...Object.values(LimitCode), 'QUERY_TOO_COMPLEX', 'RATE_LIMITED'])
    expect({ code, limit: isLimitCode(code) }).toEqual({ code, limit: true });
  for (const code of ['BAD_USER_INPUT', 'FORBIDDEN', 'GRAPHQL_PARSE_FAILED'])
    expect({ code, limit: isLimitCode(code) }).toEqual({ code, limit: false });
});
