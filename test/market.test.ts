/**
 * The market-regulation source (市工商局), added as one SDL file, one resolver file, one connector folder and one
 * registry line: served and joined to enterprises on the credit code, permission-checked (UNCONDITIONAL,
 * CONDITIONAL with masking, NOT_SHARED, district scopes), audited, isolated when its database is down, bounded in
 * statements. (Its tables are what its entities say: test/entities.test.ts.)
 */
import net from 'node:net';
import { createTestHub, type TestHub } from './helpers/test-hub';

let t: TestHub;
beforeAll(async () => {
  t = await createTestHub();
});
afterAll(() => t?.close());

const STATS = 'stats-bureau-app'; // 市统计局: no market grants
const SHINAN = 'shinan-planning-app'; // 市南区政府
const ADMIN = 'hub-admin';

const codes = (errors: any[] | undefined) =>
  (errors ?? []).map((e) => `${e.extensions?.code}:${e.extensions?.coordinate ?? ''}`).sort();

const ACROSS = /* GraphQL */ `
  query ($first: Int!) {
    enterprises(first: $first) {
      nodes {
        creditCode
        name
        businessLicence {
          registrationNumber
          status
          registeredOn
          district {
            name
          }
          authority {
            shortName
          }
        }
        annualReports {
          year
          employees
          totalAssets
        }
        penalties(first: 3) {
          nodes {
            decisionNumber
            decidedOn
            kind
            amount
          }
        }
      }
    }
  }
`;

test('enterprises joined to their licences, reports and penalties: the values in the two databases', async () => {
  const { body } = await t.query(ACROSS, { first: 40 });
  expect(body.errors).toBeUndefined();
  const nodes = body.data.enterprises.nodes as any[];
  const codesOf = nodes.map((n) => n.creditCode);
  const licences = await t.sql(
    'market',
    `SELECT credit_code, registration_number, status, to_char(registered_on, 'YYYY-MM-DD') AS registered_on
     FROM business_licence WHERE credit_code = ANY($1)`,
    [codesOf],
  );
  const established = await t.sql(
    'fiscal',
    `SELECT credit_code, to_char(established_on, 'YYYY-MM-DD') AS established_on FROM enterprise WHERE credit_code = ANY($1)`,
    [codesOf],
  );
  const reports = await t.sql(
    'market',
    `SELECT credit_code, year, employees, total_assets::float8 AS total_assets FROM annual_report
     WHERE credit_code = ANY($1) ORDER BY credit_code, year DESC`,
    [codesOf],
  );
  const penalties = await t.sql(
    'market',
    `SELECT credit_code, decision_number, to_char(decided_on, 'YYYY-MM-DD') AS decided_on, kind, amount::float8 AS amount
     FROM administrative_penalty WHERE credit_code = ANY($1) ORDER BY credit_code, decided_on DESC, id DESC`,
    [codesOf],
  );
  let withPenalties = 0;
  for (const n of nodes) {
    const licence = licences.find((l) => l.credit_code === n.creditCode);
    // Every fiscal enterprise is registered, on the day the fiscal source says it was established.
    expect(n.businessLicence).toMatchObject({
      registrationNumber: licence.registration_number,
      status: licence.status,
      registeredOn: established.find((e) => e.credit_code === n.creditCode).established_on,
      authority: { shortName: '市工商局' },
    });
    expect(n.businessLicence.district.name).toBeTruthy();
    expect(n.annualReports).toEqual(
      reports
        .filter((r) => r.credit_code === n.creditCode)
        .map((r) => ({ year: r.year, employees: r.employees, totalAssets: r.total_assets })),
    );
    const own = penalties.filter((p) => p.credit_code === n.creditCode).slice(0, 3);
    withPenalties += own.length ? 1 : 0;
    expect(n.penalties.nodes).toEqual(
      own.map((p) => ({
        decisionNumber: p.decision_number,
        decidedOn: p.decided_on,
        kind: p.kind,
        amount: p.amount,
      })),
    );
  }
  expect(withPenalties).toBeGreaterThan(0);
});

test('statements do not grow with the number of enterprises', async () => {
  const statements = async (first: number) => {
    const before = t.statementCounts();
    const { body } = await t.query(ACROSS, { first });
    expect(body.errors).toBeUndefined();
    return t.statementCounts().market - before.market;
  };
  await statements(10); // warm-up
  // One each for licences, reports and penalties, however many enterprises.
  expect(await statements(10)).toBe(3);
  expect(await statements(200)).toBe(3);
});

test('licences are open to all; reports and penalties need a grant; the risk rating is never shared', async () => {
  const { body } = await t.query(
    `{ businessLicences(first: 5) { nodes { creditCode status riskRating } }
       enterprises(first: 5) { nodes { annualReports { year } penalties(first: 1) { nodes { kind } } } } }`,
    {},
    { as: STATS },
  );
  expect(body.data.businessLicences.nodes).toHaveLength(5);
  for (const l of body.data.businessLicences.nodes) {
    expect(l.status).toBeTruthy();
    expect(l.riskRating).toBeNull();
  }
  expect(codes(body.errors)).toEqual([
    'FORBIDDEN:BusinessLicence.riskRating',
    'FORBIDDEN:Enterprise.annualReports',
    'FORBIDDEN:Enterprise.penalties',
  ]);
  const notShared = body.errors!.find((e: any) => e.extensions.coordinate === 'BusinessLicence.riskRating');
  expect(notShared!.extensions).toMatchObject({ resourceCode: 'MKT-SUPERVISION', access: 'NONE' });

  // NOT_SHARED cannot be granted at all.
  const refused = await t.query(
    `mutation ($input: CreateGrantInput!) { createGrant(input: $input) { id } }`,
    {
      input: {
        consumerDepartmentCode: '370200035',
        resourceCode: 'MKT-SUPERVISION',
        items: ['BusinessLicence.riskRating'],
        purpose: '测试',
        reason: '测试',
      },
    },
    { as: ADMIN },
  );
  expect(refused.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  expect(refused.body.errors?.[0].message).toMatch(/NOT_SHARED/);
});

test('a district-scoped grant on penalties withholds other districts, in lists and per enterprise, and is audited; a masked grant on annual reports masks phones', async () => {
  const granted = await t.query(
    `mutation ($input: CreateGrantInput!) { createGrant(input: $input) { id } }`,
    {
      input: {
        consumerDepartmentCode: '370202001',
        resourceCode: 'MKT-PENALTY',
        items: ['Query.penalties', 'AdministrativePenalty.decisionNumber', 'AdministrativePenalty.district'],
        purpose: '辖区企业信用监管',
        reason: '市工商局同意',
        districtScope: ['370202'],
      },
    },
    { as: ADMIN },
  );
  expect(granted.body.errors).toBeUndefined();
  const res = await t.query(
    '{ penalties(first: 50) { nodes { decisionNumber district { code } } } }',
    {},
    {
      as: SHINAN,
    },
  );
  expect(res.body.errors).toBeUndefined();
  expect(res.body.extensions?.districtScopes).toEqual({ AdministrativePenalty: ['370202'] });
  const [{ count }] = await t.sql(
    'market',
    `SELECT count(*)::int AS count FROM administrative_penalty WHERE district_code = '370202'`,
  );
  expect(res.body.data.penalties.nodes).toHaveLength(Math.min(50, count));
  for (const p of res.body.data.penalties.nodes) expect(p.district.code).toBe('370202');

  const [record] = await t.sql(
    'directory',
    `SELECT coordinates_returned, rows_per_resource FROM audit_record WHERE request_id = $1`,
    [res.headers.get('x-request-id')],
  );
  expect(record.coordinates_returned).toContain('AdministrativePenalty.decisionNumber');
  expect(record.rows_per_resource).toMatchObject({ 'MKT-PENALTY': Math.min(50, count) });

  // Per enterprise too: an enterprise of another district has no penalties for this caller, one of 370202 has its own.
  await t.query(
    `mutation ($input: CreateGrantInput!) { createGrant(input: $input) { id } }`,
    {
      input: {
        consumerDepartmentCode: '370202001',
        resourceCode: 'MKT-PENALTY',
        items: ['Enterprise.penalties', 'AdministrativePenalty.decisionNumber'],
        purpose: '辖区企业信用监管',
        reason: '市工商局同意',
        districtScope: ['370202'],
      },
    },
    { as: ADMIN },
  );
  const offenders = await t.sql(
    'market',
    `SELECT DISTINCT ON (district_code = '370202') credit_code, district_code FROM administrative_penalty
     WHERE district_code IN ('370202', '370203') ORDER BY district_code = '370202', credit_code`,
  );
  expect(offenders).toHaveLength(2);
  for (const o of offenders) {
    const one = await t.query(
      `query ($c: ID!) { enterprise(creditCode: $c) { penalties(first: 5) { nodes { decisionNumber } } } }`,
      { c: o.credit_code },
      { as: SHINAN },
    );
    expect(one.body.errors).toBeUndefined();
    const own = await t.sql(
      'market',
      'SELECT count(*)::int AS n FROM administrative_penalty WHERE credit_code = $1',
      [o.credit_code],
    );
    expect(one.body.data.enterprise.penalties.nodes).toHaveLength(
      o.district_code === '370202' ? Math.min(5, own[0].n) : 0,
    );
  }

  // Annual reports through a masked grant: contact phones come back masked.
  await t.query(
    `mutation ($input: CreateGrantInput!) { createGrant(input: $input) { id } }`,
    {
      input: {
        consumerDepartmentCode: '370200035',
        resourceCode: 'MKT-ANNUAL-REPORT',
        items: ['Enterprise.annualReports', 'AnnualReport.year', 'AnnualReport.contactPhone'],
        purpose: '经济普查核对',
        reason: '市工商局同意',
      },
    },
    { as: ADMIN },
  );
  const reports = await t.query(
    '{ enterprises(first: 5) { nodes { annualReports { year contactPhone } } } }',
    {},
    {
      as: STATS,
    },
  );
  expect(reports.body.errors).toBeUndefined();
  const phones = reports.body.data.enterprises.nodes.flatMap((n: any) =>
    n.annualReports.map((r: any) => r.contactPhone),
  );
  expect(phones.length).toBeGreaterThan(0);
  const clear = new Set(
    (await t.sql('market', 'SELECT contact_phone FROM annual_report')).map((r) => r.contact_phone as string),
  );
  for (const phone of phones) {
    expect(phone).toContain('*');
    expect(clear.has(phone)).toBe(false);
  }
});

test('with the market database down, its fields answer SOURCE_UNAVAILABLE and the rest answers', async () => {
  const port = await new Promise<number>((resolve) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
  const down = await createTestHub({
    urlOverrides: { market: `postgresql://postgres:x@127.0.0.1:${port}/nowhere` },
  });
  try {
    const { body } = await down.query(
      '{ enterprises(first: 2) { nodes { name businessLicence { status } } } }',
    );
    expect(body.data.enterprises.nodes.map((n: any) => n.name).every(Boolean)).toBe(true);
    expect(body.data.enterprises.nodes.map((n: any) => n.businessLicence)).toEqual([null, null]);
    expect(body.errors?.[0].extensions).toMatchObject({ code: 'SOURCE_UNAVAILABLE', source: 'market' });
  } finally {
    await down.close();
  }
});
