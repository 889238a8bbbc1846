/**
 * What a client can store is bounded, and a refusal changes nothing: over-long texts and lists are 400
 * BAD_USER_INPUT naming the argument; a department acting on another provider's request or grant is FORBIDDEN
 * (and audited as a denial); role denials name the field they refused.
 */
import { createTestHub, type TestHub } from '../helpers/test-hub';
import { MAX_LIST_ENTRIES, TEXT_LIMITS } from '../../auth/control-plane';

let t: TestHub;
beforeAll(async () => {
  t = await createTestHub();
});
afterAll(() => t.close());

const REQUEST = `mutation ($input: RequestAccessInput!) { requestAccess(input: $input) { id status } }`;
const input = (over: Record<string, unknown> = {}) => ({
  resourceCode: 'FIS-TAX-PAYMENT',
  items: ['Enterprise.taxPayments', 'TaxPayment.amount'],
  purpose: '财源结构分析',
  legalBasis: '《中华人民共和国统计法》第七条',
  ...over,
});
const requestsFiled = async () =>
  (await t.sql('directory', `SELECT count(*)::int AS n FROM sharing_request`))[0].n as number;

test.each([
  ['purpose', { purpose: 'x'.repeat(200_000) }],
  ['purpose', { purpose: 'x'.repeat(TEXT_LIMITS.purpose + 1) }],
  ['legalBasis', { legalBasis: 'x'.repeat(TEXT_LIMITS.legalBasis + 1) }],
  ['items', { items: Array.from({ length: MAX_LIST_ENTRIES + 1 }, () => 'TaxPayment.amount') }],
])('an over-long %s is refused with 400 BAD_USER_INPUT and nothing is stored', async (argument, over) => {
  const before = await requestsFiled();
  const res = await t.query(REQUEST, { input: input(over) }, { as: 'stats-bureau-app' });
  expect(res.status).toBe(400);
  expect(res.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument });
  expect(await requestsFiled()).toBe(before);
});

test('a purpose too big for the request body is 413 PAYLOAD_TOO_LARGE, and nothing is stored', async () => {
  const before = await requestsFiled();
  const res = await t.query(
    REQUEST,
    { input: input({ purpose: '目'.repeat(200_000) }) },
    { as: 'stats-bureau-app' },
  );
  expect(res.status).toBe(413);
  expect(res.body.errors?.[0].extensions?.code).toBe('PAYLOAD_TOO_LARGE');
  expect(await requestsFiled()).toBe(before);
});

test('at the limit it is accepted', async () => {
  const res = await t.query(
    REQUEST,
    { input: input({ purpose: '析'.repeat(TEXT_LIMITS.purpose) }) },
    { as: 'stats-bureau-app' },
  );
  expect(res.status).toBe(200);
  expect(res.body.data.requestAccess.status).toBe('PENDING');
});

test('reviewing or revoking what another department provides is FORBIDDEN, audited as denied, and changes nothing', async () => {
  const filed = await t.query(REQUEST, { input: input({ purpose: '复核' }) }, { as: 'shinan-planning-app' });
  const id = filed.body.data.requestAccess.id;
  const review = await t.query(
    `mutation { reviewSharingRequest(input: { requestId: ${id}, decisions: [{ coordinate: "TaxPayment.amount", approve: true }] }) { status } }`,
    {},
    { as: 'ndrc-projects-app' },
  );
  expect(review.body.errors?.[0].extensions).toMatchObject({
    code: 'FORBIDDEN',
    coordinate: 'Mutation.reviewSharingRequest',
  });
  const [record] = await t.sql(
    'directory',
    `SELECT outcome, error_codes FROM audit_record WHERE request_id = $1`,
    [review.headers.get('x-request-id')],
  );
  expect(record).toEqual({ outcome: 'DENIED', error_codes: ['FORBIDDEN'] });
  const [{ status }] = await t.sql('directory', `SELECT status FROM sharing_request WHERE id = $1`, [id]);
  expect(status).toBe('PENDING');

  const [grant] = await t.sql(
    'directory',
    `SELECT id::int FROM access_grant WHERE ended_at IS NULL ORDER BY id LIMIT 1`,
  );
  const revoke = await t.query(
    `mutation { revokeGrant(id: ${grant.id}, reason: "不是我的") { id } }`,
    {},
    { as: 'stats-bureau-app' },
  );
  expect(revoke.body.errors?.[0].extensions).toMatchObject({
    code: 'FORBIDDEN',
    coordinate: 'Mutation.revokeGrant',
  });
  const [still] = await t.sql('directory', `SELECT ended_at FROM access_grant WHERE id = $1`, [grant.id]);
  expect(still.ended_at).toBeNull();
});

test('a role denial names the field it refused', async () => {
  const res = await t.query('{ clients(first: 1) { nodes { clientId } } }', {}, { as: 'tax-office-app' });
  expect(res.body.errors?.[0].extensions).toMatchObject({
    code: 'FORBIDDEN',
    coordinate: 'Query.clients',
    requiredRole: 'ADMIN',
  });
  expect(res.body.errors?.[0].message).toMatch(/^Query\.clients: /);
});

test('end-user and case headers are bounded and checked before anything uses them', async () => {
  const long = await t.query('{ regions { code } }', {}, { headers: { 'x-end-user': 'x'.repeat(201) } });
  expect(long.status).toBe(400);
  expect(long.body.errors?.[0].extensions?.code).toBe('BAD_REQUEST');
  const control = await t.query('{ regions { code } }', {}, { headers: { 'x-case-id': 'a%0Ab' } });
  expect(control.status).toBe(400);
  const chinese = await t.query(
    '{ regions { code } }',
    {},
    { headers: { 'x-end-user': encodeURIComponent('张三') } },
  );
  expect(chinese.status).toBe(200);
});
