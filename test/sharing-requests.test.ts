/**
 * Sharing requests (共享申请): a department applies for CONDITIONAL items; the provider reviews item by item,
 * with a reason for every refusal; approval creates the grant.
 */
import { createTestHub, type TestHub } from './helpers/test-hub';
import { addWorkingDays } from '../auth/control-plane';

let t: TestHub;
beforeAll(async () => {
  t = await createTestHub();
});
afterAll(() => t.close());

const REQUEST = `mutation ($input: RequestAccessInput!) {
  requestAccess(input: $input) { id status deadline requester { code } resource { code } items { coordinate decision } }
}`;
const REVIEW = `mutation ($input: ReviewInput!) {
  reviewSharingRequest(input: $input) { id status items { coordinate decision reason reviewedBy } grant { id items active } }
}`;

test('working days skip weekends', () => {
  expect(addWorkingDays(new Date('2026-11-27T10:00:00Z'), 10)).toBe('2026-12-11'); // a Friday
  expect(addWorkingDays(new Date('2026-11-28T10:00:00Z'), 1)).toBe('2026-11-30'); // Saturday -> Monday
});

test('apply, review item by item, refuse with a reason, and read what was approved', async () => {
  const filed = await t.query(
    REQUEST,
    {
      input: {
        resourceCode: 'FIS-TAX-PAYMENT',
        items: ['Enterprise.taxPayments', 'TaxPayment.amount', 'TaxPayment.period', 'TaxPayment.taxType'],
        purpose: '分析全市财源结构，编制统计年鉴',
        legalBasis: '《中华人民共和国统计法》第七条',
      },
    },
    { as: 'stats-bureau-app' },
  );
  expect(filed.body.errors).toBeUndefined();
  const request = filed.body.data.requestAccess;
  expect(request).toMatchObject({
    status: 'PENDING',
    requester: { code: '370200035' },
    resource: { code: 'FIS-TAX-PAYMENT' },
  });
  expect(request.deadline).toBe(addWorkingDays(new Date(), 10));
  expect(request.items.every((i: any) => i.decision === 'PENDING')).toBe(true);

  // Not the provider: refused.
  const stranger = await t.query(
    REVIEW,
    { input: { requestId: request.id, decisions: [{ coordinate: 'TaxPayment.amount', approve: true }] } },
    { as: 'ndrc-projects-app' },
  );
  expect(stranger.body.errors?.[0].message).toMatch(/Only the provider/);

  // A refusal without a reason: refused, nothing recorded.
  const noReason = await t.query(
    REVIEW,
    { input: { requestId: request.id, decisions: [{ coordinate: 'TaxPayment.taxType', approve: false }] } },
    { as: 'tax-office-app' },
  );
  expect(noReason.body.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
  expect(noReason.body.errors?.[0].message).toMatch(/needs a reason/);

  // Partial review keeps the request pending.
  const partial = await t.query(
    REVIEW,
    {
      input: {
        requestId: request.id,
        decisions: [{ coordinate: 'TaxPayment.taxType', approve: false, reason: '税种结构属于内部征管数据' }],
      },
    },
    { as: 'tax-office-app' },
  );
  expect(partial.body.data.reviewSharingRequest).toMatchObject({ status: 'PENDING', grant: null });

  const done = await t.query(
    REVIEW,
    {
      input: {
        requestId: request.id,
        decisions: ['Enterprise.taxPayments', 'TaxPayment.amount', 'TaxPayment.period'].map((coordinate) => ({
          coordinate,
          approve: true,
        })),
      },
    },
    { as: 'tax-office-app' },
  );
  expect(done.body.errors).toBeUndefined();
  const decided = done.body.data.reviewSharingRequest;
  expect(decided.status).toBe('DECIDED');
  expect(decided.items.find((i: any) => i.coordinate === 'TaxPayment.taxType')).toMatchObject({
    decision: 'REJECTED',
    reason: '税种结构属于内部征管数据',
  });
  expect(decided.grant).toMatchObject({
    active: true,
    items: ['Enterprise.taxPayments', 'TaxPayment.amount', 'TaxPayment.period'],
  });

  // The requester reads the approved items at once, and still not the refused one.
  const read = await t.query(
    '{ enterprises(first: 2) { nodes { taxPayments(first: 2) { nodes { amount period taxType } } } } }',
    {},
    { as: 'stats-bureau-app' },
  );
  expect(read.body.data.enterprises.nodes[0].taxPayments.nodes[0].amount).toEqual(expect.any(Number));
  expect(read.body.errors?.map((e) => e.extensions?.coordinate)).toEqual(['TaxPayment.taxType']);

  // Both sides see the request; an unrelated department does not.
  for (const [as, visible] of [
    ['stats-bureau-app', 1],
    ['tax-office-app', 1],
    ['ndrc-projects-app', 0],
  ] as const) {
    const list = await t.query('{ sharingRequests { nodes { id } } }', {}, { as });
    expect(list.body.data.sharingRequests.nodes).toHaveLength(visible);
  }
  const again = await t.query(
    REVIEW,
    { input: { requestId: request.id, decisions: [{ coordinate: 'TaxPayment.amount', approve: true }] } },
    { as: 'tax-office-app' },
  );
  expect(again.body.errors?.[0].message).toMatch(/already decided/);
});

test.each([
  ['an UNCONDITIONAL item', 'FIS-ENTERPRISE', ['Enterprise.name'], 'stats-bureau-app', /UNCONDITIONAL/],
  ['a NOT_SHARED item', 'DEC-PERFORMANCE', ['PerformanceScore.score'], 'stats-bureau-app', /NOT_SHARED/],
  [
    'an item of another resource',
    'FIS-TAX-PAYMENT',
    ['Enterprise.contactPhone'],
    'stats-bureau-app',
    /not an item of resource/,
  ],
  ['its own resource', 'FIS-TAX-PAYMENT', ['TaxPayment.amount'], 'tax-office-app', /provides this resource/],
])('a request for %s is refused', async (_name, resourceCode, items, as, message) => {
  const res = await t.query(
    REQUEST,
    { input: { resourceCode, items, purpose: 'p', legalBasis: 'l' } },
    { as },
  );
  expect(res.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  expect(res.body.errors?.[0].message).toMatch(message);
});

test('administrators and auditors cannot file requests', async () => {
  const res = await t.query(
    REQUEST,
    {
      input: { resourceCode: 'FIS-TAX-PAYMENT', items: ['TaxPayment.amount'], purpose: 'p', legalBasis: 'l' },
    },
    { as: 'hub-admin' },
  );
  expect(res.body.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', requiredRole: 'DEPARTMENT' });
});
