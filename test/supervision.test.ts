/**
 * Supervision alerts (电子监察预警): each kind appears when its situation exists, and not before.
 */
import { createTestHub, type TestHub } from './helpers/test-hub';

let t: TestHub;
beforeAll(async () => {
  t = await createTestHub();
});
afterAll(() => t.close());

async function alerts(): Promise<{ kind: string; subject: string; since: string; details: string }[]> {
  const res = await t.query(
    '{ supervisionAlerts { kind subject since details } }',
    {},
    { as: 'hub-auditor' },
  );
  expect(res.body.errors).toBeUndefined();
  return res.body.data.supervisionAlerts;
}
const subjects = async (kind: string) =>
  (await alerts()).filter((a) => a.kind === kind).map((a) => a.subject);

test('a fresh hub has no alerts; departments may not read them', async () => {
  expect(await alerts()).toEqual([]);
  const res = await t.query('{ supervisionAlerts { kind } }', {}, { as: 'tax-office-app' });
  expect(res.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
});

test('SHARING_REQUEST_OVERDUE: pending past the deadline, gone once decided', async () => {
  const [request] = await t.sql(
    'directory',
    `INSERT INTO sharing_request (requester_department_code, requester_client_id, resource_code, purpose, legal_basis, wanted_from, deadline, status)
     VALUES ('370200035', 'stats-bureau-app', 'FIS-TAX-PAYMENT', 'p', 'l', now(), current_date - 3, 'PENDING') RETURNING id`,
  );
  await t.sql(
    'directory',
    `INSERT INTO sharing_request_item VALUES ($1, 'TaxPayment.amount', 'PENDING', null, null, null)`,
    [request.id],
  );
  const [fresh] = await t.sql(
    'directory',
    `INSERT INTO sharing_request (requester_department_code, requester_client_id, resource_code, purpose, legal_basis, wanted_from, deadline, status)
     VALUES ('370200035', 'stats-bureau-app', 'FIS-TAX-PAYMENT', 'p', 'l', now(), current_date + 5, 'PENDING') RETURNING id`,
  );
  const overdue = (await alerts()).filter((a) => a.kind === 'SHARING_REQUEST_OVERDUE');
  expect(overdue.map((a) => a.subject)).toEqual([`request:${request.id}`]);
  expect(overdue[0].details).toMatch(/1 item\(s\) undecided/);
  expect(await subjects('SHARING_REQUEST_OVERDUE')).not.toContain(`request:${fresh.id}`);
  await t.sql(
    'directory',
    `UPDATE sharing_request SET status = 'DECIDED', decided_at = now() WHERE id = $1`,
    [request.id],
  );
  expect(await subjects('SHARING_REQUEST_OVERDUE')).toEqual([]);
});

test('GRANT_EXPIRING: within 7 days, not at 30', async () => {
  const grant = async (days: number) =>
    (
      await t.query(
        `mutation ($until: DateTime!) { createGrant(input: { consumerDepartmentCode: "370200035", resourceCode: "FIS-TAX-PAYMENT",
           items: ["TaxPayment.amount"], purpose: "p", validUntil: $until, reason: "r" }) { id } }`,
        { until: new Date(Date.now() + days * 86_400_000).toISOString() },
        { as: 'hub-admin' },
      )
    ).body.data.createGrant.id;
  const soon = await grant(3);
  const later = await grant(30);
  const expiring = await subjects('GRANT_EXPIRING');
  expect(expiring).toContain(`grant:${soon}`);
  expect(expiring).not.toContain(`grant:${later}`);
});

test('UNUSUAL_VOLUME: more than 5x the 30-day daily mean of a sensitive resource', async () => {
  // History: 10 contact rows a day for the past 30 days (written directly: the hub cannot backdate records).
  await t.sql(
    'directory',
    `INSERT INTO audit_record (seq, request_id, recorded_at, client_id, department_code, http_method, path, rows_per_resource,
       outcome, http_status, duration_ms, prev_hash, hash)
     SELECT (SELECT max(seq) FROM audit_record) + d, 'history-' || d, now() - make_interval(days => d), 'shinan-planning-app', '370202001',
            'POST', '/graphql', '{"FIS-ENTERPRISE-CONTACT": 10}', 'ANSWERED', 200, 1, 'x', 'history-' || d
     FROM generate_series(1, 30) d`,
  );
  const read = (n: number) =>
    t.query(`{ enterprises(first: ${n}) { nodes { contactPhone } } }`, {}, { as: 'shinan-planning-app' });
  await read(40); // 40 <= 5 x 10
  expect(await subjects('UNUSUAL_VOLUME')).toEqual([]);
  await read(30); // 70 > 50
  const volume = (await alerts()).filter((a) => a.kind === 'UNUSUAL_VOLUME');
  expect(volume.map((a) => a.subject)).toEqual(['department:370202001/resource:FIS-ENTERPRISE-CONTACT']);
  expect(volume[0].details).toMatch(/read 70 rows .* daily mean over 30 days is 10\.0/);
});

test('REPEATED_DENIALS: ten denied requests from one client within the hour', async () => {
  const denied = () =>
    t.query('{ revenueSummary(groupBy: [DISTRICT]) { totalAmount } }', {}, { as: 'ndrc-projects-app' });
  for (let i = 0; i < 9; i++) await denied();
  expect(await subjects('REPEATED_DENIALS')).toEqual([]);
  await denied();
  expect(await subjects('REPEATED_DENIALS')).toEqual(['client:ndrc-projects-app']);
});
