/**
 * The console's main flows, through its pages in a real browser (issue 14):
 * - an administrator grants a masked, district-scoped grant, and the department at once reads masked values of
 *   that district only;
 * - a department requests access, the provider's reviewer refuses one item with a reason and approves another,
 *   and the requester sees both decisions.
 */
import type { Browser, Page } from 'playwright-core';
import { createTestHub, type TestHub } from './helpers/test-hub';
import { accessibilityProblems, launchBrowser, openPage, signIn } from './helpers/browser';
import { maskerFor } from '../auth/masking';

let t: TestHub;
let browser: Browser;

beforeAll(async () => {
  [t, browser] = await Promise.all([createTestHub(), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

const MARKET_REGULATOR = '370200031';
const SHIBEI = '370203';

/** Opens GraphiQL with `query`, runs it, and returns the hub's answer as the page received it. */
async function runInGraphiQL(page: Page, query: string): Promise<any> {
  await page.goto(`${t.baseUrl}/console/query?query=${encodeURIComponent(query)}`);
  // The editor has the linked query (Monaco renders it once loaded): only then does Execute run it.
  await page.locator('.graphiql-query-editor .view-lines', { hasText: 'enterprises' }).waitFor();
  const answer = page.waitForResponse(
    (r) =>
      r.url().endsWith('/graphql') &&
      r.request().method() === 'POST' &&
      (r.request().postData() ?? '').includes('contactPhone'),
  );
  await page.getByRole('button', { name: /Execute query/ }).click();
  return (await answer).json();
}

test('an administrator grants masked, district-scoped access; the department reads masked values of that district only', async () => {
  const [dept] = await t.sql('directory', `SELECT code FROM department WHERE short_name = '市工商局'`);
  expect(dept.code).toBe(MARKET_REGULATOR);
  const query = '{ enterprises(first: 200) { nodes { creditCode district { code } contactPhone } } }';

  // Before: the regulator may not read contact phones at all.
  const reader = await openPage(browser);
  await signIn(reader.page, t.baseUrl, 'market.reviewer');
  const before = await runInGraphiQL(reader.page, query);
  expect(before.data.enterprises.nodes.every((n: any) => n.contactPhone === null)).toBe(true);
  expect(before.errors[0].extensions.code).toBe('FORBIDDEN');

  const admin = await openPage(browser);
  await signIn(admin.page, t.baseUrl, 'admin');
  await admin.page.getByRole('link', { name: '系统管理' }).click();
  await admin.page.getByRole('tab', { name: '授权' }).waitFor();
  expect(await accessibilityProblems(admin.page)).toEqual([]);
  await admin.page.getByRole('button', { name: '新建授权' }).click();
  const form = admin.page.locator('form', { has: admin.page.getByRole('heading', { name: '新建授权' }) });
  await form.getByLabel('使用部门', { exact: true }).selectOption(MARKET_REGULATOR);
  await form.getByLabel('资源', { exact: true }).selectOption('FIS-ENTERPRISE-CONTACT');
  await form.getByLabel(/联系电话/).check();
  await form.getByLabel('用途').fill('市场主体信用监管联系核查');
  await form.getByLabel('市北区').check();
  expect(await form.getByLabel('脱敏').isChecked()).toBe(true);
  await form.getByLabel('变更理由（记入变更日志）').fill('市北区信用监管试点');
  expect(await accessibilityProblems(admin.page)).toEqual([]);
  await form.getByRole('button', { name: '创建授权' }).click();
  await admin.page.locator('tr', { hasText: '市场主体信用监管联系核查' }).waitFor();
  const [grant] = await t.sql(
    'directory',
    `SELECT consumer_department_code, items, district_scope, clear_sensitive, created_by FROM access_grant WHERE purpose = '市场主体信用监管联系核查'`,
  );
  expect(grant).toEqual({
    consumer_department_code: MARKET_REGULATOR,
    items: ['Enterprise.contactPhone'],
    district_scope: [SHIBEI],
    clear_sensitive: false,
    created_by: 'admin@hub-console',
  });

  // At once, in the department's own console: masked phones in 市北区, nothing elsewhere.
  const after = await runInGraphiQL(reader.page, query);
  const phones = new Map(
    (await t.sql('fiscal', 'SELECT credit_code, contact_phone FROM enterprise')).map((r) => [
      r.credit_code,
      r.contact_phone,
    ]),
  );
  const mask = maskerFor('PHONE', true);
  const nodes = after.data.enterprises.nodes as {
    creditCode: string;
    district: { code: string };
    contactPhone: string | null;
  }[];
  // The grant's scope limits the rows that carry the item: only 市北区's enterprises, every phone masked.
  const [{ count }] = await t.sql(
    'fiscal',
    'SELECT count(*)::int AS count FROM enterprise WHERE district_code = $1',
    [SHIBEI],
  );
  expect(nodes.length).toBe(Math.min(count, 200));
  for (const n of nodes) {
    expect(n.district.code).toBe(SHIBEI);
    expect(n.contactPhone).toBe(mask(phones.get(n.creditCode)));
    expect(n.contactPhone).not.toBe(phones.get(n.creditCode));
  }
  const inShibei = nodes;
  // The answer is on the page, masked.
  await reader.page.getByText(String(inShibei[0].contactPhone)).first().waitFor();
  expect(reader.problems.errors).toEqual([]);
  await Promise.all([reader.context.close(), admin.context.close()]);
});

test('a department requests access; the provider refuses one item with a reason and approves another; the requester sees both', async () => {
  const staff = await openPage(browser);
  await signIn(staff.page, t.baseUrl, 'tax.staff');
  await staff.page.getByRole('link', { name: '资源目录' }).click();
  await staff.page.getByLabel('搜索资源或信息项').fill('企业年度报告');
  const resource = staff.page.locator('[data-resource="MKT-ANNUAL-REPORT"]');
  await resource.getByRole('button', { name: '申请访问' }).click();
  const dialog = staff.page.getByRole('dialog');
  // Keep two of the report's items (and the field that leads to the reports).
  for (const box of await dialog.getByRole('checkbox').all()) {
    const label = (await box.locator('xpath=..').textContent()) ?? '';
    if (label.includes('AnnualReport.') && !/AnnualReport\.(employees|contactPhone)\b/.test(label))
      await box.uncheck();
  }
  await dialog.getByLabel('用途').fill('核实企业从业人数，开展税源分析');
  expect(await accessibilityProblems(staff.page)).toEqual([]);
  await dialog.getByRole('button', { name: '提交申请' }).click();
  await expect(dialog.getByRole('status').textContent()).resolves.toMatch(/申请已提交，编号 \d+/);
  await dialog.getByRole('button', { name: '关闭' }).click();
  const [filed] = await t.sql('directory', `SELECT id FROM sharing_request ORDER BY id DESC LIMIT 1`);
  const items = await t.sql(
    'directory',
    'SELECT coordinate FROM sharing_request_item WHERE request_id = $1 ORDER BY 1',
    [filed.id],
  );
  expect(items.map((i) => i.coordinate)).toEqual([
    'AnnualReport.contactPhone',
    'AnnualReport.employees',
    'Enterprise.annualReports',
  ]);

  const reviewer = await openPage(browser);
  await signIn(reviewer.page, t.baseUrl, 'market.reviewer');
  await reviewer.page.getByRole('link', { name: '共享申请' }).click();
  await reviewer.page.getByRole('tab', { name: '待我审核' }).click();
  const card = reviewer.page.locator(`[data-request="${filed.id}"]`);
  await card.getByText('剩余').waitFor();
  await card
    .locator('[data-coordinate="AnnualReport.contactPhone"]')
    .getByLabel('同意', { exact: true })
    .check();
  await card
    .locator('[data-coordinate="Enterprise.annualReports"]')
    .getByLabel('同意', { exact: true })
    .check();
  await card.locator('[data-coordinate="AnnualReport.employees"]').getByLabel('不同意').check();
  expect(await accessibilityProblems(reviewer.page)).toEqual([]);
  await card.getByLabel(/不同意“从业人数”的理由/).fill('从业人数超出联系核查用途');
  await card.getByRole('button', { name: '提交审核意见' }).click();
  await card.getByText('已办结').waitFor();

  await staff.page.getByRole('link', { name: '共享申请' }).click();
  const mine = staff.page.locator(`[data-request="${filed.id}"]`);
  await mine.getByText('已办结').waitFor();
  const approved = await mine.locator('[data-coordinate="AnnualReport.contactPhone"]').textContent();
  expect(approved).toContain('同意');
  expect(approved).not.toContain('不同意');
  const refused = await mine.locator('[data-coordinate="AnnualReport.employees"]').textContent();
  expect(refused).toContain('不同意');
  expect(refused).toContain('从业人数超出联系核查用途');
  expect(refused).toContain('market.reviewer@hub-console');

  // And reads it, from the catalogue's "try it": the approved phone masked (the grant is not clear), the refused
  // item refused.
  await staff.page.getByRole('link', { name: '资源目录' }).click();
  await staff.page.getByLabel('搜索资源或信息项').fill('企业年度报告');
  await staff.page
    .locator('[data-resource="MKT-ANNUAL-REPORT"]')
    .getByRole('link', { name: '试一试（查询）' })
    .click();
  await staff.page.locator('.graphiql-query-editor .view-lines', { hasText: 'annualReports' }).waitFor();
  const answered = staff.page.waitForResponse(
    (r) => r.url().endsWith('/graphql') && (r.request().postData() ?? '').includes('annualReports'),
  );
  await staff.page.getByRole('button', { name: /Execute query/ }).click();
  const answer = await (await answered).json();
  const reports = JSON.stringify(answer.data);
  const phones = await t.sql(
    'market',
    'SELECT contact_phone FROM annual_report WHERE contact_phone IS NOT NULL LIMIT 50',
  );
  expect(reports).toMatch(/"contactPhone":"[^"]*\*/);
  for (const { contact_phone } of phones) expect(reports).not.toContain(`"${contact_phone}"`);
  expect(answer.errors.map((e: any) => [e.extensions.code, e.path.at(-1)])).toContainEqual([
    'FORBIDDEN',
    'employees',
  ]);
  expect([...staff.problems.errors, ...reviewer.problems.errors]).toEqual([]);
  await Promise.all([staff.context.close(), reviewer.context.close()]);
});
