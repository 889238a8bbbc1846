/**
 * Dashboard aggregates are computed in SQL; here they are checked against raw rows summed in JavaScript.
 */
import { createTestHub, type TestHub } from './helpers/test-hub';

let t: TestHub;
beforeAll(async () => {
  t = await createTestHub();
});
afterAll(() => t.close());

const cents = (x: number) => Math.round(x * 100);

test('revenue by district and tax type for 2009 equals the sum of the raw payments', async () => {
  const { body } = await t.query(`{
    revenueSummary(groupBy: [DISTRICT, TAX_TYPE], from: "2009-01", to: "2009-12") {
      district { code name } taxType totalAmount paymentCount enterpriseCount
    }
  }`);
  expect(body.errors).toBeUndefined();
  const raw = await t.sql(
    'fiscal',
    `SELECT district_code, tax_type, enterprise_code, amount::text FROM tax_payment WHERE period BETWEEN '2009-01' AND '2009-12'`,
  );
  const oracle = new Map<string, { total: number; count: number; enterprises: Set<string> }>();
  for (const r of raw) {
    const key = `${r.district_code}|${r.tax_type}`;
    const g = oracle.get(key) ?? { total: 0, count: 0, enterprises: new Set<string>() };
    g.total += cents(Number(r.amount));
    g.count++;
    g.enterprises.add(r.enterprise_code);
    oracle.set(key, g);
  }
  const groups = body.data.revenueSummary;
  expect(groups).toHaveLength(oracle.size);
  for (const g of groups) {
    const o = oracle.get(`${g.district.code}|${g.taxType}`)!;
    expect(cents(g.totalAmount)).toBe(o.total);
    expect(g.paymentCount).toBe(o.count);
    expect(g.enterpriseCount).toBe(o.enterprises.size);
  }
  // sorted by the dimensions in the order given
  const keys = groups.map((g: any) => `${g.district.code}|${g.taxType}`);
  expect(keys).toEqual([...keys].sort());
});

test('revenue by year for two industries, filtered by districts', async () => {
  const { body } = await t.query(`{
    revenueSummary(groupBy: [YEAR, INDUSTRY], industryCodes: ["39", "63"], districtCodes: ["370211", "370281"]) {
      year industry { code } totalAmount district { code }
    }
  }`);
  expect(body.errors).toBeUndefined();
  const [oracle] = await t.sql(
    'fiscal',
    `SELECT sum(amount)::float8 AS total FROM tax_payment WHERE industry_code IN ('39', '63') AND district_code IN ('370211', '370281')`,
  );
  const total = body.data.revenueSummary.reduce((a: number, g: any) => a + g.totalAmount, 0);
  expect(cents(total)).toBe(cents(oracle.total));
  expect(new Set(body.data.revenueSummary.map((g: any) => g.year))).toEqual(new Set([2008, 2009]));
  for (const g of body.data.revenueSummary) expect(g.district).toBeNull(); // not grouped by district
});

test('indicator series for several districts, in period order, one per pair', async () => {
  const { body } = await t.query(`{
    indicatorSeries(indicatorCodes: ["F01", "A01"], regionCodes: ["370202", "370203", "370200"], from: "2009-01", to: "2009-12") {
      indicator { code frequency } region { code } points { period value }
    }
  }`);
  expect(body.errors).toBeUndefined();
  const series = body.data.indicatorSeries;
  expect(series).toHaveLength(6);
  const monthly = series.find((s: any) => s.indicator.code === 'F01' && s.region.code === '370202');
  expect(monthly.points.map((p: any) => p.period)).toEqual(
    Array.from({ length: 12 }, (_, i) => `2009-${String(i + 1).padStart(2, '0')}`),
  );
  // A01 is yearly: its period '2009' is below '2009-01', so the monthly range excludes it.
  expect(series.find((s: any) => s.indicator.code === 'A01').points).toEqual([]);
  // The city's monthly retail sales are the sum of its districts'.
  const [sum] = await t.sql(
    'statistics',
    `SELECT sum(value) AS total FROM observation WHERE indicator_code = 'F01' AND period = '2009-06' AND region_code <> '370200'`,
  );
  const city = series.find((s: any) => s.indicator.code === 'F01' && s.region.code === '370200');
  expect(city.points[5].value).toBeCloseTo(sum.total, 1);
});

test('too many series are refused before any SQL runs', async () => {
  const codes = Array.from({ length: 20 }, (_, i) => `X${i}`);
  const regions = ['370202', '370203', '370205', '370211', '370212', '370213'];
  const { body } = await t.query(
    'query ($i: [ID!]!, $r: [ID!]!) { indicatorSeries(indicatorCodes: $i, regionCodes: $r) { points { value } } }',
    {
      i: codes,
      r: regions,
    },
  );
  expect(body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  expect(body.errors?.[0].message).toMatch(/At most 100 series/);
});

test('supervision progress counts tasks by status in SQL', async () => {
  const { body } = await t.query('{ supervisionProgress { status count } }');
  const expected = await t.sql(
    'decision',
    'SELECT status, count(*)::int AS count FROM supervised_task GROUP BY status ORDER BY status',
  );
  expect(body.data.supervisionProgress).toEqual(expected);
});

test('groups of fewer than 3 enterprises are suppressed for a caller without the underlying rows', async () => {
  const query = `{ revenueSummary(groupBy: [DISTRICT, INDUSTRY, TAX_TYPE], from: "2009-12", to: "2009-12") {
    district { code } industry { code } taxType totalAmount enterpriseCount suppressed suppressionReason } }`;
  const small = await t.sql(
    'fiscal',
    `SELECT district_code, industry_code, tax_type FROM tax_payment WHERE period = '2009-12'
     GROUP BY 1, 2, 3 HAVING count(DISTINCT enterprise_code) < 3`,
  );
  expect(small.length).toBeGreaterThan(0);
  const key = (g: any) => `${g.district.code}|${g.industry.code}|${g.taxType}`;
  const smallKeys = new Set(small.map((r) => `${r.district_code}|${r.industry_code}|${r.tax_type}`));

  // The general office holds the summary grant but not the tax payments.
  const dashboard = await t.query(query, {}, { as: 'general-office-dashboard' });
  expect(dashboard.body.errors).toBeUndefined();
  for (const g of dashboard.body.data.revenueSummary) {
    if (smallKeys.has(key(g))) {
      expect(g).toMatchObject({ suppressed: true, totalAmount: null, enterpriseCount: null });
      expect(g.suppressionReason).toMatch(/Fewer than 3 members/);
    } else {
      expect(g.suppressed).toBe(false);
      expect(g.enterpriseCount).toBeGreaterThanOrEqual(3);
    }
  }
  // A caller who may read the payments sees every group.
  const reader = await t.query(query);
  expect(
    reader.body.data.revenueSummary.every((g: any) => g.suppressed === false && g.totalAmount !== null),
  ).toBe(true);
});
