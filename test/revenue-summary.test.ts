/**
 * The revenue cube answers exactly what the payments answer, is used when it can be, and stays fresh: a changed
 * month is answered from the payments until the refresher has recomputed it.
 */
import pino from 'pino';
import { createTestHub, type TestHub } from './helpers/test-hub';
import { planCubeRead, refreshRevenueSummary } from '../connectors/fiscal/revenue-summary';

let t: TestHub;
beforeAll(async () => {
  t = await createTestHub({ env: { SOURCE_MAINTENANCE_INTERVAL_MS: '0' } });
});
afterAll(() => t.close());

const refresh = () =>
  refreshRevenueSummary(t.hub.databases.bySource.get('fiscal')!, pino({ level: 'silent' }));
/**
 * Marks every month stale, so summaries are answered from the payments; returns a function that takes back the
 * marks it added. Why not refresh instead: no payment changed, so the cube is still right, and a refresh of every
 * month recomputes the whole cube (7 to 11 s at the demo scale on this machine). This file used to do that 16
 * times and took 60 to 85 s; now only the tests that change payments refresh.
 */
async function markEveryMonthStale(): Promise<() => Promise<void>> {
  const added = await t.sql(
    'fiscal',
    `INSERT INTO revenue_summary_stale (period) SELECT DISTINCT period FROM tax_payment
     ON CONFLICT DO NOTHING RETURNING period`,
  );
  return async () => {
    await t.sql('fiscal', `DELETE FROM revenue_summary_stale WHERE period = ANY($1)`, [
      added.map((r) => r.period),
    ]);
  };
}

describe('planCubeRead', () => {
  const base = { districtScope: null };
  test.each([
    ['a year by district', { groupBy: ['DISTRICT'], from: '2009-01', to: '2009-12' }, 'year', 4],
    ['years by industry and tax type, unbounded', { groupBy: ['YEAR', 'INDUSTRY', 'TAX_TYPE'] }, 'year', 3],
    ['months of a quarter', { groupBy: ['PERIOD'], from: '2009-01', to: '2009-03' }, 'month', 0],
    ['one month by district', { groupBy: ['DISTRICT'], from: '2009-05', to: '2009-05' }, 'month', 4],
    [
      'a one-value filter becomes a cell',
      { groupBy: ['YEAR'], taxTypes: ['DEED'], districtCodes: ['370202'] },
      'year',
      5,
    ],
    [
      'a many-value filter on a grouped dimension',
      { groupBy: ['YEAR', 'DISTRICT'], districtCodes: ['370202', '370203'] },
      'year',
      4,
    ],
  ] as const)('%s', (_name, request, grain, groupedBy) => {
    const plan = planCubeRead({ ...base, ...request });
    expect(plan?.grain).toBe(grain);
    expect(plan?.groupedBy).toBe(groupedBy);
  });

  test.each([
    [
      'a quarter without PERIOD (distinct counts over months do not add up)',
      { groupBy: ['DISTRICT'], from: '2009-01', to: '2009-03' },
    ],
    ['two years without YEAR', { groupBy: ['DISTRICT'], from: '2008-01', to: '2009-12' }],
    ['years cut mid-year', { groupBy: ['YEAR'], from: '2008-07', to: '2009-12' }],
    ['an unbounded range without a time dimension', { groupBy: ['DISTRICT'] }],
    ['two districts summed together', { groupBy: ['YEAR'], districtCodes: ['370202', '370203'] }],
  ] as const)('payments only: %s', (_name, request) => {
    expect(planCubeRead({ ...base, ...request })).toBeNull();
  });

  test('a district scope acts as a district filter', () => {
    expect(planCubeRead({ groupBy: ['YEAR'], districtScope: ['370202'] })?.cells).toEqual([
      { column: 'district_code', values: ['370202'] },
    ]);
    expect(planCubeRead({ groupBy: ['YEAR'], districtScope: ['370202', '370203'] })).toBeNull();
    // A filter outside the scope leaves nothing: an empty cell list, never the filter alone.
    expect(
      planCubeRead({ groupBy: ['YEAR', 'DISTRICT'], districtCodes: ['370211'], districtScope: ['370202'] })
        ?.cells,
    ).toEqual([{ column: 'district_code', values: [] }]);
  });
});

const SUMMARIES = [
  `revenueSummary(groupBy: [DISTRICT, TAX_TYPE], from: "2009-01", to: "2009-12")`,
  `revenueSummary(groupBy: [YEAR, INDUSTRY])`,
  `revenueSummary(groupBy: [PERIOD, DISTRICT], from: "2008-11", to: "2009-02")`,
  `revenueSummary(groupBy: [YEAR, PERIOD], taxTypes: [DEED])`,
  `revenueSummary(groupBy: [INDUSTRY], from: "2009-06", to: "2009-06", districtCodes: ["370202"])`,
  `revenueSummary(groupBy: [YEAR, DISTRICT], districtCodes: ["370202", "370211"], industryCodes: ["39"])`,
];
const FIELDS = `district { code } industry { code } taxType period year totalAmount paymentCount enterpriseCount suppressed`;

/** Asks `summary` of the cube, then of the payments (every month marked stale), and expects one answer. */
async function expectCubeMatchesPayments(summary: string): Promise<void> {
  const fromCube = await t.query(`{ ${summary} { ${FIELDS} } }`);
  expect(fromCube.body.errors).toBeUndefined();
  expect(fromCube.body.data.revenueSummary.length).toBeGreaterThan(0);
  const unmark = await markEveryMonthStale();
  const fromPayments = await t.query(`{ ${summary} { ${FIELDS} } }`);
  await unmark();
  expect(fromPayments.body).toEqual(fromCube.body);
}

test.each(SUMMARIES)('the cube and the payments give the same answer: %s', expectCubeMatchesPayments);

test('an enterprise that moves district within a year is counted once in the totals', async () => {
  // Its 2009 payments are under 370202, and now one under 370211 too: the district rows count it in both, the
  // city-wide rows once. Summing district counts would say two; the refresher must notice and count exactly.
  const [mover] = await t.sql(
    'fiscal',
    `SELECT enterprise_code, industry_code FROM tax_payment WHERE district_code = '370202' AND period = '2009-04' ORDER BY id LIMIT 1`,
  );
  await t.sql(
    'fiscal',
    `INSERT INTO tax_payment (id, enterprise_code, period, tax_type, amount, district_code, industry_code, office_code, paid_on)
     VALUES (999999998, $1, '2009-04', 'STAMP', 10, '370211', $2, '370200029', '2009-05-10')`,
    [mover.enterprise_code, mover.industry_code],
  );
  await refresh();
  for (const summary of [
    `revenueSummary(groupBy: [YEAR], from: "2009-01", to: "2009-12")`,
    `revenueSummary(groupBy: [INDUSTRY], from: "2009-04", to: "2009-04")`,
    `revenueSummary(groupBy: [YEAR, TAX_TYPE])`,
    ...SUMMARIES,
  ])
    await expectCubeMatchesPayments(summary);
  await t.sql('fiscal', `DELETE FROM tax_payment WHERE id = 999999998`);
  await refresh();
});

test('the cube is read when fresh, bypassed when stale, and recomputed by the refresher', async () => {
  const query = `{ revenueSummary(groupBy: [DISTRICT], from: "2009-01", to: "2009-12", districtCodes: ["370202"]) { totalAmount paymentCount enterpriseCount } }`;
  const before = (await t.query(query)).body.data.revenueSummary[0];

  // Proof the cube is what answers: a tampered cube row shows through while the cube counts as fresh.
  await t.sql(
    'fiscal',
    `UPDATE revenue_summary SET payment_count = payment_count + 1000 WHERE grain = 'year' AND period = '2009' AND grouped_by = 4 AND district_code = '370202'`,
  );
  expect((await t.query(query)).body.data.revenueSummary[0].paymentCount).toBe(before.paymentCount + 1000);

  // A new payment marks its month stale: the answer is exact at once, from the payments.
  const [enterprise] = await t.sql(
    'fiscal',
    `SELECT credit_code, industry_code FROM enterprise WHERE district_code = '370202' ORDER BY credit_code LIMIT 1`,
  );
  await t.sql(
    'fiscal',
    `INSERT INTO tax_payment (id, enterprise_code, period, tax_type, amount, district_code, industry_code, office_code, paid_on)
     VALUES (999999999, $1, '2009-07', 'DEED', 1234.56, '370202', $2, '370200029', '2009-08-10')`,
    [enterprise.credit_code, enterprise.industry_code],
  );
  expect(await t.sql('fiscal', `SELECT period FROM revenue_summary_stale`)).toEqual([{ period: '2009-07' }]);
  const stale = (await t.query(query)).body.data.revenueSummary[0];
  expect(stale.paymentCount).toBe(before.paymentCount + 1);
  expect(Math.round(stale.totalAmount * 100)).toBe(Math.round((before.totalAmount + 1234.56) * 100));

  // The refresher recomputes that month and its year (overwriting the tampered row) and clears the mark.
  expect(await refresh()).toBe(1);
  expect(await t.sql('fiscal', `SELECT period FROM revenue_summary_stale`)).toEqual([]);
  expect((await t.query(query)).body.data.revenueSummary[0]).toEqual(stale);

  // Deleting it again is seen the same way.
  await t.sql('fiscal', `DELETE FROM tax_payment WHERE id = 999999999`);
  expect((await t.query(query)).body.data.revenueSummary[0]).toEqual(before);
  await refresh();
  expect((await t.query(query)).body.data.revenueSummary[0]).toEqual(before);
});

test('the hub refreshes stale months in the background', async () => {
  const background = await createTestHub({ env: { SOURCE_MAINTENANCE_INTERVAL_MS: '100' } });
  try {
    await background.sql(
      'fiscal',
      `INSERT INTO revenue_summary_stale (period) VALUES ('2008-03'), ('2009-10')`,
    );
    const deadline = Date.now() + 20_000;
    let left = 2;
    while (left > 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      [{ left }] = await background.sql('fiscal', `SELECT count(*)::int AS left FROM revenue_summary_stale`);
    }
    expect(left).toBe(0);
  } finally {
    await background.close();
  }
});
