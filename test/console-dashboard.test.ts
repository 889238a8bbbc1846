/**
 * The decision dashboard in a real browser (issue 14): every chart draws (pixels on its canvas, not only an
 * element), and a chart's CSV holds exactly the hub's answer for the person, suppressed groups included as such.
 */
import fs from 'node:fs';
import type { Browser } from 'playwright-core';
import { createTestHub, type TestHub } from './helpers/test-hub';
import { accessibilityProblems, demoPassword, launchBrowser, openPage, signIn } from './helpers/browser';
import { TrustedDocuments } from '../src/trusted-documents';
import pino from 'pino';
import { refreshRevenueSummary } from '../connectors/fiscal/revenue-summary';

let t: TestHub;
let browser: Browser;

const SMALL_INDUSTRY = '99';

beforeAll(async () => {
  [t, browser] = await Promise.all([createTestHub(), launchBrowser()]);
  // One enterprise paying in an industry of its own: a group of one, which the dashboard must show suppressed.
  await t.sql(
    'fiscal',
    `INSERT INTO industry (code, name, section, section_name) VALUES ($1, '测试小行业', 'T', '测试门类')`,
    [SMALL_INDUSTRY],
  );
  await t.sql(
    'fiscal',
    `INSERT INTO tax_payment (id, enterprise_code, period, tax_type, amount, district_code, industry_code, office_code, paid_on)
     SELECT 999999990, credit_code, '2009-06', 'STAMP', 1234.5, district_code, $1, '370200029', '2009-07-10'
     FROM enterprise ORDER BY credit_code LIMIT 1`,
    [SMALL_INDUSTRY],
  );
  await refreshRevenueSummary(t.hub.databases.bySource.get('fiscal')!, pino({ level: 'silent' }));
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

/** Painted pixels of a canvas: those not fully transparent and not white. */
const PAINTED = `(canvas) => {
  const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
  let painted = 0;
  for (let i = 0; i < data.length; i += 4) if (data[i + 3] > 0 && (data[i] < 250 || data[i + 1] < 250 || data[i + 2] < 250)) painted++;
  return painted;
}`;

/** Splits CSV text (RFC 4180; no line breaks inside these cells) into rows of cells. */
function parseCsv(text: string): string[][] {
  return text
    .replace(/^\uFEFF/, '')
    .trimEnd()
    .split('\r\n')
    .map((line) => {
      const cells: string[] = [];
      let cell = '';
      let quoted = false;
      for (let i = 0; i < line.length; i++) {
        const c = line[i];
        if (quoted && c === '"' && line[i + 1] === '"') {
          cell += '"';
          i++;
        } else if (c === '"') quoted = !quoted;
        else if (c === ',' && !quoted) {
          cells.push(cell);
          cell = '';
        } else cell += c;
      }
      cells.push(cell);
      return cells;
    });
}

test('every dashboard chart draws, and the CSV of a chart is the hub answer for the signed-in person', async () => {
  const { context, page, problems } = await openPage(browser);
  await signIn(page, t.baseUrl, 'office.dashboard');
  await page.getByRole('heading', { name: '决策支持' }).waitFor();
  const charts = [
    'revenue-district',
    'revenue-industry',
    'revenue-tax-type',
    'revenue-month',
    'indicator-series',
    'key-projects',
    'supervised-tasks',
  ];
  for (const id of charts) {
    const canvas = page.locator(`[data-chart="${id}"] canvas`).first();
    await canvas.waitFor();
    const painted = await canvas.evaluate(new Function(`return ${PAINTED}`)() as (c: unknown) => number);
    expect({ id, drawn: painted > 500 }).toEqual({ id, drawn: true });
  }
  expect(await accessibilityProblems(page)).toEqual([]);

  // The same document the page runs, as the same person, straight from the hub.
  const year = await page.getByLabel('年度', { exact: true }).inputValue();
  const session = await fetch(`${t.baseUrl}/console/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'office.dashboard', password: demoPassword('office.dashboard') }),
  });
  const { accessToken } = (await session.json()) as { accessToken: string };
  const documentId = TrustedDocuments.load(t.hub.config.projectRoot).idOfOperation('DashboardRevenue');
  const answer = (await (
    await fetch(`${t.baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
      body: JSON.stringify({ documentId, variables: { from: `${year}-01`, to: `${year}-12` } }),
    })
  ).json()) as { data: Record<string, any[]> };
  expect(answer).toEqual({ data: expect.anything() });

  const expected = {
    'revenue-district': answer.data.byDistrict.map((g) => g.district.name),
    'revenue-industry': answer.data.byIndustry.map((g) => g.industry.name),
  } as const;
  for (const [id, key] of [
    ['revenue-district', 'byDistrict'],
    ['revenue-industry', 'byIndustry'],
  ] as const) {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator(`[data-chart="${id}"]`).getByRole('button', { name: '导出 CSV' }).click(),
    ]);
    const rows = parseCsv(fs.readFileSync((await download.path())!, 'utf8'));
    expect(rows[0]).toEqual(expect.arrayContaining(['税收合计（万元）', '纳税户数', '小数抑制']));
    const groups = answer.data[key];
    expect(rows.slice(1)).toEqual(
      groups.map((g, i) => [
        expected[id][i],
        g.totalAmount === null ? '' : String(Math.round(g.totalAmount / 100) / 100),
        g.paymentCount === null ? '' : String(g.paymentCount),
        g.enterpriseCount === null ? '' : String(g.enterpriseCount),
        g.suppressed ? (g.suppressionReason ?? '已抑制') : '',
      ]),
    );
  }
  // The group of one arrives without its measures, and the CSV and the page keep it so.
  const small = answer.data.byIndustry.filter((g) => g.suppressed);
  expect(small.map((g) => g.industry.code)).toEqual([SMALL_INDUSTRY]);
  expect([small[0].totalAmount, small[0].paymentCount, small[0].enterpriseCount]).toEqual([null, null, null]);
  await page.locator('[data-chart="revenue-industry"]').getByText('1 个分组户数少于 3 户').waitFor();
  await page.locator('[data-chart="revenue-industry"]').getByRole('button', { name: '表格' }).click();
  const row = page.locator('[data-chart="revenue-industry"] tr', { hasText: '测试小行业' });
  expect((await row.locator('td').allTextContents()).slice(1, 4)).toEqual(['—', '—', '—']);
  expect(await row.textContent()).not.toContain('1234');
  expect(problems.errors).toEqual([]);
  await context.close();
});
