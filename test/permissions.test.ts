/**
 * The directory decides every field, over real HTTP with real tokens: provider, UNCONDITIONAL, CONDITIONAL
 * with and without grants, NOT_SHARED, roles, masking, district row scopes, and grants that change at run time.
 */
import pino from 'pino';
import { createTestHub, type TestHub } from './helpers/test-hub';
import { initHub } from '../src/hub';

let t: TestHub;
beforeAll(async () => {
  t = await createTestHub();
});
afterAll(() => t.close());

const TAX_OFFICE = 'tax-office-app'; // 市地税局: provides enterprises, contacts, tax payments, revenue summaries
const STATS = 'stats-bureau-app'; // 市统计局: no fiscal grants
const SHINAN = 'shinan-planning-app'; // 市南区政府: contacts of 370202 only, masked
const OFFICE = 'general-office-dashboard'; // 市政府办公厅: provides performance scores; holds the revenue-summary grant

const codes = (errors: any[] | undefined) =>
  (errors ?? []).map((e) => `${e.extensions?.code}:${e.extensions?.coordinate ?? ''}`);

test('the provider reads its own resources in clear', async () => {
  const { body } = await t.query(
    '{ enterprises(first: 20) { nodes { creditCode contactPhone legalRepresentative } } }',
    {},
    { as: TAX_OFFICE },
  );
  expect(body.errors).toBeUndefined();
  const rows = await t.sql(
    'fiscal',
    'SELECT credit_code, contact_phone, legal_representative FROM enterprise ORDER BY credit_code LIMIT 20',
  );
  expect(body.data.enterprises.nodes).toEqual(
    rows.map((r) => ({
      creditCode: r.credit_code,
      contactPhone: r.contact_phone,
      legalRepresentative: r.legal_representative,
    })),
  );
});

test('a CONDITIONAL field without a grant is null with one FORBIDDEN error saying how to apply; the rest is intact', async () => {
  const { status, body } = await t.query(
    '{ enterprises(first: 30) { nodes { name contactPhone } } indicators(first: 1) { nodes { code } } }',
    {},
    { as: STATS },
  );
  expect(status).toBe(200);
  expect(body.data.enterprises.nodes).toHaveLength(30);
  for (const e of body.data.enterprises.nodes) {
    expect(e.name).toBeTruthy();
    expect(e.contactPhone).toBeNull();
  }
  expect(body.data.indicators.nodes).toHaveLength(1);
  expect(body.errors).toHaveLength(1); // one per coordinate, not one per row
  expect(body.errors?.[0]).toMatchObject({
    path: ['enterprises', 'nodes', 0, 'contactPhone'],
    extensions: {
      code: 'FORBIDDEN',
      coordinate: 'Enterprise.contactPhone',
      resourceCode: 'FIS-ENTERPRISE-CONTACT',
      access: 'REQUESTABLE',
    },
  });
  expect(body.errors?.[0].extensions?.howToApply).toMatch(/requestAccess/);
});

test('a denied root field is null and leaves other root fields answered', async () => {
  const { body } = await t.query(
    '{ revenueSummary(groupBy: [DISTRICT]) { totalAmount } regions { code } }',
    {},
    { as: STATS },
  );
  expect(body.data.revenueSummary).toBeNull();
  expect(body.data.regions).toHaveLength(13);
  expect(codes(body.errors)).toEqual(['FORBIDDEN:Query.revenueSummary']);
});

test('NOT_SHARED: only the provider reads it', async () => {
  const query = '{ performanceScores(year: 2009) { department { code } score rank } }';
  const provider = await t.query(query, {}, { as: OFFICE });
  expect(provider.body.errors).toBeUndefined();
  expect(provider.body.data.performanceScores).toHaveLength(80);
  const other = await t.query(query, {}, { as: TAX_OFFICE });
  expect(other.body.data.performanceScores).toBeNull();
  expect(other.body.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', access: 'NONE' });
  expect(other.body.errors?.[0].message).toMatch(/不予共享/);
});

test('administrators and auditors read the directory and its reference data, not source data', async () => {
  for (const as of ['hub-admin', 'hub-auditor']) {
    const { body } = await t.query(
      '{ directory { code } regions { name } departments(first: 2) { nodes { code } } indicators(first: 1) { nodes { code } } }',
      {},
      { as },
    );
    expect(body.data.directory.length).toBeGreaterThan(10);
    expect(body.data.regions).toHaveLength(13);
    expect(body.data.departments.nodes).toHaveLength(2);
    expect(body.data.indicators).toBeNull();
    expect(codes(body.errors)).toEqual(['FORBIDDEN:Query.indicators']);
  }
});

/** The coordinates the audit record of a request says it served. */
async function returnedCoordinates(headers: Headers): Promise<string[]> {
  const [record] = await t.sql(
    'directory',
    'SELECT coordinates_returned FROM audit_record WHERE request_id = $1',
    [headers.get('x-request-id')],
  );
  return record.coordinates_returned;
}

test('plain fields reached through aliases, fragments and nested lists are masked or nulled everywhere', async () => {
  // Scalars without resolvers are settled in one walk over the result (auth/plain-fields.ts), not by a guard per
  // row: every place a coordinate appears must get its verdict, and a field left out by @skip is not counted.
  const query = `query ($skip: Boolean!) {
    a: enterprises(first: 5) { nodes { ...contact phone2: contactPhone } }
    b: enterprises(first: 3) { nodes { creditCode taxPayments(first: 2) { nodes { period } } } }
    c: enterprises(first: 2) { nodes { name @skip(if: $skip) } }
  }
  fragment contact on Enterprise { creditCode phone: contactPhone }`;
  const masked = await t.query(query, { skip: true }, { as: SHINAN });
  expect(codes(masked.body.errors)).toEqual(['FORBIDDEN:Enterprise.taxPayments']); // no grant for payments
  for (const e of masked.body.data.a.nodes) {
    expect(e.phone).toMatch(/\*/);
    expect(e.phone2).toBe(e.phone);
  }
  expect(masked.body.data.c.nodes).toEqual([{}, {}]);
  expect(await returnedCoordinates(masked.headers)).not.toContain('Enterprise.name');
  const denied = await t.query(query, { skip: false }, { as: STATS });
  // One FORBIDDEN error for contactPhone, at its first place; the values are null under both aliases.
  expect(codes(denied.body.errors)).toEqual(expect.arrayContaining(['FORBIDDEN:Enterprise.contactPhone']));
  const phoneErrors = (denied.body.errors ?? []).filter(
    (e: any) => e.extensions?.coordinate === 'Enterprise.contactPhone',
  );
  expect(phoneErrors).toHaveLength(1);
  expect(phoneErrors[0].path).toEqual(['a', 'nodes', 0, 'phone']);
  for (const e of denied.body.data.a.nodes) {
    expect(e.creditCode).toBeTruthy();
    expect(e.phone).toBeNull();
    expect(e.phone2).toBeNull();
  }
  expect(denied.body.data.c.nodes.every((e: any) => typeof e.name === 'string')).toBe(true);
  const provider = await t.query(query, { skip: false }, { as: TAX_OFFICE });
  expect(provider.body.errors).toBeUndefined();
  expect(await returnedCoordinates(provider.headers)).toContain('Enterprise.name');
  const periods = provider.body.data.b.nodes.flatMap((e: any) =>
    e.taxPayments.nodes.map((p: any) => p.period),
  );
  expect(periods.length).toBeGreaterThan(0);
  for (const period of periods) expect(period).toMatch(/^\d{4}-\d{2}$/);
});

test("a district-scoped, masked grant: only the district's rows, fetched in SQL, with masked values", async () => {
  const { body } = await t.query(
    '{ enterprises(first: 100) { nodes { creditCode district { code } contactPhone legalRepresentative } } }',
    {},
    { as: SHINAN },
  );
  expect(body.errors).toBeUndefined();
  const rows = await t.sql(
    'fiscal',
    `SELECT credit_code, contact_phone, legal_representative FROM enterprise WHERE district_code = '370202' ORDER BY credit_code LIMIT 100`,
  );
  expect(body.data.enterprises.nodes.map((e: any) => e.creditCode)).toEqual(rows.map((r) => r.credit_code));
  body.data.enterprises.nodes.forEach((e: any, i: number) => {
    expect(e.district.code).toBe('370202');
    const phone: string = rows[i].contact_phone;
    expect(e.contactPhone).toBe(
      phone.startsWith('0532-')
        ? `0532-${phone[5]}*****${phone.slice(-2)}`
        : `${phone.slice(0, 3)}****${phone.slice(-4)}`,
    );
    expect(e.legalRepresentative).toBe(
      rows[i].legal_representative[0] + '*'.repeat(rows[i].legal_representative.length - 1),
    );
  });
  // An enterprise of another district is never fetched for this caller.
  const [outside] = await t.sql(
    'fiscal',
    `SELECT credit_code FROM enterprise WHERE district_code = '370203' LIMIT 1`,
  );
  const one = await t.query(
    'query ($c: ID!) { enterprise(creditCode: $c) { name contactPhone } }',
    { c: outside.credit_code },
    { as: SHINAN },
  );
  expect(one.body.data.enterprise).toBeNull();
});

test('a district filter meets the district scope in one condition: inside it rows, outside it none, per region too', async () => {
  const { body } = await t.query(
    // contactPhone and the projects come from the district-scoped grants, so the scope applies.
    `{ inside: enterprises(districtCode: "370202", first: 5) { nodes { district { code } contactPhone } }
       outside: enterprises(districtCode: "370203", first: 5) { nodes { contactPhone } }
       projects: keyProjects(districtCode: "370203", first: 5) { nodes { id } }
       regions { code enterprises(first: 2) { nodes { district { code } contactPhone } } keyProjects(first: 2) { nodes { district { code } } } } }`,
    {},
    { as: SHINAN },
  );
  expect(body.errors).toBeUndefined();
  expect(body.data.inside.nodes).toHaveLength(5);
  for (const e of body.data.inside.nodes) expect(e.district.code).toBe('370202');
  expect(body.data.outside.nodes).toEqual([]);
  expect(body.data.projects.nodes).toEqual([]);
  for (const region of body.data.regions) {
    const expected = region.code === '370202' ? 2 : 0;
    expect([region.code, region.enterprises.nodes.length]).toEqual([region.code, expected]);
    for (const p of region.keyProjects.nodes) expect(p.district.code).toBe('370202');
  }
});

test("only the operation that runs, and only the fields it serves, narrow the caller's rows", async () => {
  // contactPhone comes from a grant scoped to 370202; creditCode is readable everywhere. Before, the scope was
  // taken over the whole document, so a field of another operation, or one left out by @skip/@include, limited
  // this operation's rows to 370202, and an enterprise of 370203 came back as no rows at all.
  const outside = '{ enterprises(first: 1, districtCode: "370203") { nodes { creditCode } } }';
  const alone = await t.query(outside, {}, { as: SHINAN });
  expect(alone.body.data.enterprises.nodes).toHaveLength(1);
  const two = await t.query(
    `query A { enterprises(first: 1, districtCode: "370203") { nodes { creditCode } } }
     query B { enterprises(first: 1) { nodes { contactPhone } } }`,
    {},
    { as: SHINAN, operationName: 'A' },
  );
  expect(two.body.errors).toBeUndefined();
  expect(two.body.data.enterprises.nodes).toEqual(alone.body.data.enterprises.nodes);
  const directives = `query ($show: Boolean!) { enterprises(first: 1, districtCode: "370203") {
    nodes { creditCode contactPhone @include(if: $show) legalRepresentative @skip(if: true) } } }`;
  const left = await t.query(directives, { show: false }, { as: SHINAN });
  expect(left.body.errors).toBeUndefined();
  expect(left.body.data.enterprises.nodes).toEqual(alone.body.data.enterprises.nodes);
  expect(left.body.extensions?.districtScopes).toBeUndefined();
  // Served, the scoped field does narrow the rows: 370203 is outside its grant. The answer says so, so that the
  // empty list reads as "withheld by the grant's scope", not "none in 370203".
  const shown = await t.query(directives, { show: true }, { as: SHINAN });
  expect(shown.body.data.enterprises.nodes).toEqual([]);
  expect(shown.body.extensions?.districtScopes).toEqual({ Enterprise: ['370202'] });
});

test('myAccess says what the caller can do with every item now', async () => {
  const { body } = await t.query(
    '{ myAccess { resource { code } items { item { coordinate } access districtScope grantIds } } }',
    {},
    { as: SHINAN },
  );
  const access = new Map<string, any>();
  for (const r of body.data.myAccess) for (const i of r.items) access.set(i.item.coordinate, i);
  expect(access.get('Enterprise.contactPhone')).toMatchObject({
    access: 'READ_MASKED',
    districtScope: ['370202'],
  });
  expect(access.get('Enterprise.contactPhone').grantIds).toHaveLength(1);
  expect(access.get('Enterprise.name')).toMatchObject({ access: 'READ', districtScope: null, grantIds: [] });
  expect(access.get('TaxPayment.amount').access).toBe('REQUESTABLE');
  expect(access.get('PerformanceScore.score').access).toBe('NONE');
});

test('myAccess answers administrators and auditors too: the directory reference data, and no source data', async () => {
  for (const as of ['hub-admin', 'hub-auditor']) {
    const { body } = await t.query('{ myAccess { items { item { coordinate } access } } }', {}, { as });
    expect(body.errors).toBeUndefined();
    const access = new Map<string, string>();
    for (const r of body.data.myAccess) for (const i of r.items) access.set(i.item.coordinate, i.access);
    expect(access.get('Region.name')).toBe('READ');
    expect(access.get('Enterprise.name')).toBe('NONE');
    expect(access.get('Enterprise.contactPhone')).toBe('NONE');
  }
});

test('department apps cannot use administrator mutations', async () => {
  const { body } = await t.query(
    'mutation { disableClient(clientId: "hub-auditor", reason: "x") { clientId } }',
    {},
    { as: TAX_OFFICE },
  );
  expect(body.data.disableClient).toBeNull();
  expect(body.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', requiredRole: 'ADMIN' });
});

const GRANT = `mutation ($input: CreateGrantInput!) { createGrant(input: $input) { id active items districtScope } }`;
const PAYMENTS = '{ enterprises(first: 5) { nodes { taxPayments(first: 2) { nodes { amount period } } } } }';

/** The administrator grants the statistics bureau three tax-payment items; `extra` adds input fields. */
function grantPaymentsToStats(purpose: string, reason: string, extra: Record<string, unknown> = {}) {
  return t.query(
    GRANT,
    {
      input: {
        consumerDepartmentCode: '370200035',
        resourceCode: 'FIS-TAX-PAYMENT',
        items: ['Enterprise.taxPayments', 'TaxPayment.amount', 'TaxPayment.period'],
        purpose,
        reason,
        ...extra,
      },
    },
    { as: 'hub-admin' },
  );
}

test('a grant applies to the very next request, and so does its revocation', async () => {
  expect(codes((await t.query(PAYMENTS, {}, { as: STATS })).body.errors)).toContain(
    'FORBIDDEN:Enterprise.taxPayments',
  );
  const created = await grantPaymentsToStats('财源统计分析', '经市地税局同意');
  expect(created.body.errors).toBeUndefined();
  expect(created.body.data.createGrant.active).toBe(true);
  const granted = await t.query(PAYMENTS, {}, { as: STATS });
  expect(granted.body.errors).toBeUndefined();
  expect(granted.body.data.enterprises.nodes[0].taxPayments.nodes.length).toBeGreaterThan(0);

  const revoked = await t.query(
    'mutation ($id: ID!) { revokeGrant(id: $id, reason: "用途已完成") { active endReason } }',
    { id: created.body.data.createGrant.id },
    { as: 'hub-admin' },
  );
  expect(revoked.body.data.revokeGrant).toEqual({ active: false, endReason: 'REVOKED: 用途已完成' });
  expect(codes((await t.query(PAYMENTS, {}, { as: STATS })).body.errors)).toContain(
    'FORBIDDEN:Enterprise.taxPayments',
  );
  const log = await t.sql(
    'directory',
    `SELECT action, actor, reason FROM directory_change WHERE action LIKE 'GRANT_%' ORDER BY id`,
  );
  expect(log.map((l) => l.action)).toEqual(['GRANT_CREATED', 'GRANT_REVOKED']);
});

test('a masked grant never takes away what a clear one gives: each row is decided by the most generous grant covering it', async () => {
  // Demo grant 4 gives 市南区 its contacts of 370202, masked. Add a clear grant of contactPhone, unscoped: every
  // row comes in clear, 370203 included (before, the masked grant masked them all).
  const contactGrant = (extra: Record<string, unknown>) =>
    t.query(
      GRANT,
      {
        input: {
          consumerDepartmentCode: '370202001',
          consumerClientId: SHINAN,
          resourceCode: 'FIS-ENTERPRISE-CONTACT',
          items: ['Enterprise.contactPhone'],
          purpose: '企业联络核查',
          reason: 'test',
          clearSensitive: true,
          ...extra,
        },
      },
      { as: 'hub-admin' },
    );
  const revoke = (id: string) =>
    t.query(
      'mutation ($id: ID!) { revokeGrant(id: $id, reason: "test done") { active } }',
      { id },
      {
        as: 'hub-admin',
      },
    );
  const phones = async (district: string) => {
    const res = await t.query(
      `{ enterprises(first: 3, districtCode: "${district}") { nodes { creditCode contactPhone } } }`,
      {},
      { as: SHINAN },
    );
    expect(res.body.errors).toBeUndefined();
    const rows = await t.sql(
      'fiscal',
      `SELECT contact_phone FROM enterprise WHERE district_code = $1 ORDER BY credit_code LIMIT 3`,
      [district],
    );
    return { nodes: res.body.data.enterprises.nodes as any[], rows };
  };
  const access = async () => {
    const res = await t.query(
      '{ myAccess { items { item { coordinate } access districtScope clearDistricts } } }',
      {},
      {
        as: SHINAN,
      },
    );
    return res.body.data.myAccess
      .flatMap((r: any) => r.items)
      .find((i: any) => i.item.coordinate === 'Enterprise.contactPhone');
  };

  const unscoped = await contactGrant({});
  expect(unscoped.body.errors).toBeUndefined();
  for (const district of ['370202', '370203']) {
    const { nodes, rows } = await phones(district);
    expect(nodes.length).toBeGreaterThan(0);
    nodes.forEach((n, i) => expect(n.contactPhone).toBe(rows[i].contact_phone));
  }
  // The legal representative is still held through the masked grant only.
  const names = await t.query(
    '{ enterprises(first: 3) { nodes { legalRepresentative } } }',
    {},
    { as: SHINAN },
  );
  for (const n of names.body.data.enterprises.nodes) expect(n.legalRepresentative).toMatch(/\*/);
  expect(await access()).toMatchObject({ access: 'READ', districtScope: null, clearDistricts: [] });
  await revoke(unscoped.body.data.createGrant.id);

  // Clear for 370203 only: 370202's rows stay masked (grant 4), 370203's come in clear.
  const scoped = await contactGrant({ districtScope: ['370203'] });
  expect(scoped.body.errors).toBeUndefined();
  const inside = await phones('370202');
  inside.nodes.forEach((n, i) => expect(n.contactPhone).not.toBe(inside.rows[i].contact_phone));
  for (const n of inside.nodes) expect(n.contactPhone).toMatch(/\*/);
  const cleared = await phones('370203');
  expect(cleared.nodes.length).toBeGreaterThan(0);
  cleared.nodes.forEach((n, i) => expect(n.contactPhone).toBe(cleared.rows[i].contact_phone));
  expect(await access()).toMatchObject({
    access: 'READ_MASKED',
    districtScope: ['370202', '370203'],
    clearDistricts: ['370203'],
  });
  await revoke(scoped.body.data.createGrant.id);
});

test("a list is judged by its own rows' districts, not its parent's: a masked list held in clear for some districts is withheld", async () => {
  // Enterprise.keyProjects made sensitive; 市南区 holds it masked everywhere and clear for 370203 only. An investor
  // of 370203 has projects in other districts, which only the masked grant covers: a masked list cannot be
  // masked, so it is withheld (before the review, the investor's district cleared the whole list).
  const admin = { as: 'hub-admin' };
  const reclassify = (sensitivity: string) =>
    t.query(
      `mutation { updateCatalogueItem(input: { coordinate: "Enterprise.keyProjects", sensitivity: ${sensitivity}, reason: "test" }) { sensitivity } }`,
      {},
      admin,
    );
  expect((await reclassify('PERSON_NAME')).body.errors).toBeUndefined();
  const grant = (extra: Record<string, unknown>) =>
    t.query(
      GRANT,
      {
        input: {
          consumerDepartmentCode: '370202001',
          resourceCode: 'DEC-KEY-PROJECT',
          items: ['Enterprise.keyProjects', 'KeyProject.id'],
          purpose: '项目核查',
          reason: 'test',
          ...extra,
        },
      },
      admin,
    );
  const masked = await grant({});
  const clear = await grant({ districtScope: ['370203'], clearSensitive: true });
  expect(masked.body.errors ?? clear.body.errors).toBeUndefined();
  const res = await t.query(
    '{ enterprises(first: 20, districtCode: "370203") { nodes { creditCode keyProjects(first: 5) { nodes { id } } } } }',
    {},
    { as: SHINAN },
  );
  expect(res.body.errors).toBeUndefined();
  expect(res.body.data.enterprises.nodes.length).toBeGreaterThan(0);
  for (const e of res.body.data.enterprises.nodes) expect(e.keyProjects).toBeNull();
  for (const g of [masked, clear]) {
    await t.query(
      'mutation ($id: ID!) { revokeGrant(id: $id, reason: "test done") { active } }',
      {
        id: g.body.data.createGrant.id,
      },
      admin,
    );
  }
  expect((await reclassify('PLAIN')).body.errors).toBeUndefined();
});

test('a grant expires by itself at validUntil, with no reload', async () => {
  const until = new Date(Date.now() + 1500).toISOString();
  const created = await grantPaymentsToStats('短期核查', 'test expiry', { validUntil: until });
  expect(created.body.errors).toBeUndefined();
  expect((await t.query(PAYMENTS, {}, { as: STATS })).body.errors).toBeUndefined();
  await new Promise((r) => setTimeout(r, Math.max(0, Date.parse(until) - Date.now()) + 100));
  expect(codes((await t.query(PAYMENTS, {}, { as: STATS })).body.errors)).toContain(
    'FORBIDDEN:Enterprise.taxPayments',
  );
});

test('grant validation: only CONDITIONAL items, district scopes only on scopable types', async () => {
  const base = { consumerDepartmentCode: '370200035', purpose: 'p', reason: 'r' };
  const unconditional = await t.query(
    GRANT,
    { input: { ...base, resourceCode: 'FIS-ENTERPRISE', items: ['Enterprise.name'] } },
    { as: 'hub-admin' },
  );
  expect(unconditional.body.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
  expect(unconditional.body.errors?.[0].message).toMatch(/UNCONDITIONAL/);
  const notShared = await t.query(
    GRANT,
    { input: { ...base, resourceCode: 'DEC-PERFORMANCE', items: ['PerformanceScore.score'] } },
    { as: 'hub-admin' },
  );
  expect(notShared.body.errors?.[0].message).toMatch(/NOT_SHARED/);
  const badScope = await t.query(
    GRANT,
    {
      input: {
        ...base,
        resourceCode: 'FIS-TAX-PAYMENT',
        items: ['TaxPayment.amount'],
        districtScope: ['999999'],
      },
    },
    { as: 'hub-admin' },
  );
  expect(badScope.body.errors?.[0].extensions?.code).toBe('NOT_FOUND');
});

test('a grant made through one hub process applies in another at once (LISTEN/NOTIFY)', async () => {
  const second = await initHub(t.hub.config, pino({ level: 'silent' }));
  try {
    await second.server.listen({ host: '127.0.0.1', port: 0 });
    const url = `http://127.0.0.1:${(second.server.server.address() as { port: number }).port}/graphql`;
    const token = await t.token(STATS);
    const askSecond = async () => {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: '{ revenueSummary(groupBy: [TAX_TYPE]) { taxType totalAmount } }' }),
      });
      return (await res.json()) as { data: any; errors?: any[] };
    };
    expect(codes((await askSecond()).errors)).toEqual(['FORBIDDEN:Query.revenueSummary']);
    const created = await t.query(
      GRANT,
      {
        input: {
          consumerDepartmentCode: '370200035',
          resourceCode: 'FIS-REVENUE-SUMMARY',
          items: ['Query.revenueSummary', 'RevenueGroup.taxType', 'RevenueGroup.totalAmount'],
          purpose: '统计核算',
          reason: 'cross-process test',
        },
      },
      { as: 'hub-admin' },
    );
    expect(created.body.errors).toBeUndefined();
    // The other process hears the NOTIFY within milliseconds; allow up to 2 s on a busy machine.
    let answer = await askSecond();
    for (let i = 0; i < 40 && answer.errors; i++) {
      await new Promise((r) => setTimeout(r, 50));
      answer = await askSecond();
    }
    expect(answer.errors).toBeUndefined();
    expect(answer.data.revenueSummary.length).toBe(10);
  } finally {
    await second.close();
  }
});

test('reclassifying an item ends the grants that no longer fit', async () => {
  const res = await t.query(
    'mutation { updateCatalogueItem(input: { coordinate: "Enterprise.contactPhone", shareType: NOT_SHARED, reason: "个人信息保护" }) { coordinate shareType } }',
    {},
    { as: 'hub-admin' },
  );
  expect(res.body.data.updateCatalogueItem).toEqual({
    coordinate: 'Enterprise.contactPhone',
    shareType: 'NOT_SHARED',
  });
  const ended = await t.sql(
    'directory',
    `SELECT end_reason FROM access_grant WHERE resource_code = 'FIS-ENTERPRISE-CONTACT' AND consumer_department_code = '370202001'
     ORDER BY id LIMIT 1`, // demo grant 4 (later ones were made and revoked by tests above)
  );
  expect(ended[0].end_reason).toMatch(/^RECLASSIFIED/);
  const { body } = await t.query(
    '{ enterprises(first: 3) { nodes { contactPhone legalRepresentative } } }',
    {},
    { as: SHINAN },
  );
  expect(codes(body.errors).sort()).toEqual([
    'FORBIDDEN:Enterprise.contactPhone',
    'FORBIDDEN:Enterprise.legalRepresentative',
  ]);
  // The provider still reads it.
  expect(
    (await t.query('{ enterprises(first: 1) { nodes { contactPhone } } }', {}, { as: TAX_OFFICE })).body
      .errors,
  ).toBeUndefined();
});

test('administrators edit a catalogue entry; the change is logged with its reason', async () => {
  const res = await t.query(
    `mutation { updateCatalogueResource(input: { code: "FIS-BUDGET", summary: "各区市年度预算数与完成数（万元）", reason: "补充计量单位" }) {
      code summary name } }`,
    {},
    { as: 'hub-admin' },
  );
  expect(res.body.data.updateCatalogueResource).toEqual({
    code: 'FIS-BUDGET',
    summary: '各区市年度预算数与完成数（万元）',
    name: '区市一般预算收入',
  });
  const [log] = await t.sql(
    'directory',
    `SELECT actor, reason, old_value->>'summary' AS old FROM directory_change WHERE action = 'RESOURCE_EDITED'`,
  );
  expect(log).toEqual({
    actor: 'hub-admin',
    reason: '补充计量单位',
    old: '各区市分年度、分类别的预算数与完成数',
  });
  const denied = await t.query(
    'mutation { updateCatalogueResource(input: { code: "FIS-BUDGET", reason: "x" }) { code } }',
    {},
    { as: 'tax-office-app' },
  );
  expect(denied.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
});
