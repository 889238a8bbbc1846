/**
 * The administration pages in a real browser (issue 14): a client registered with its secret shown once (and
 * working), found by search among others, its quota set, then disabled; an item reclassified after the dialog has
 * shown which grants end; a console user created who can then sign in. Each tab passes axe-core.
 */
import type { Browser, Page } from 'playwright-core';
import { createTestHub, type TestHub } from './helpers/test-hub';
import { accessibilityProblems, launchBrowser, openPage, signIn } from './helpers/browser';

let t: TestHub;
let browser: Browser;
let admin: Awaited<ReturnType<typeof openPage>>;

beforeAll(async () => {
  [t, browser] = await Promise.all([createTestHub(), launchBrowser()]);
  admin = await openPage(browser);
  await signIn(admin.page, t.baseUrl, 'admin');
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

async function tab(page: Page, name: string) {
  await page.goto(`${t.baseUrl}/console/admin/${name}`);
  await page.getByRole('tab', { selected: true }).waitFor();
}

test('a client is registered with its secret shown once, found by search, given a quota, and disabled', async () => {
  const { page } = admin;
  await tab(page, 'clients');
  await page.locator('[data-client="tax-office-app"]').waitFor();
  expect(await accessibilityProblems(page)).toEqual([]);
  await page.getByRole('button', { name: '注册应用' }).click();
  const form = page.locator('form', { has: page.getByRole('heading', { name: '注册应用' }) });
  await form.getByLabel('应用编号 (client_id)').fill('customs-check-app');
  await form.getByLabel('姓名').fill('海关查验系统');
  await form.getByLabel('所属部门', { exact: true }).selectOption('370200029');
  await form.getByLabel('变更理由（记入变更日志）').fill('新接入应用');
  await form.getByRole('button', { name: '注册应用' }).click();
  const secret = await page.locator('[data-secret]').inputValue();
  expect(secret.length).toBeGreaterThan(20);
  expect(await accessibilityProblems(page)).toEqual([]);
  await page.getByRole('button', { name: '已保存，关闭' }).click();
  // The secret works, and the hub kept only its hash.
  const token = await fetch(`${t.baseUrl}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: 'customs-check-app',
      client_secret: secret,
    }),
  });
  expect(token.status).toBe(200);
  const [stored] = await t.sql(
    'directory',
    `SELECT secret_hash, created_by FROM client WHERE client_id = 'customs-check-app'`,
  );
  expect(stored.secret_hash).not.toContain(secret);
  expect(stored.created_by).toBe('admin@hub-console');

  await page.getByLabel('搜索应用编号或名称').fill('海关');
  await page.locator('[data-client="customs-check-app"]').waitFor();
  await page.locator('[data-client="tax-office-app"]').waitFor({ state: 'detached' });
  expect(await page.locator('tr[data-client]').count()).toBe(1);

  const row = page.locator('[data-client="customs-check-app"]');
  await row.getByRole('button', { name: '设置配额' }).click();
  const quota = page.getByRole('dialog');
  await quota.getByLabel('每分钟请求数（空为默认）').fill('120');
  await quota.getByLabel('变更理由（记入变更日志）').fill('试运行期限流');
  await quota.getByRole('button', { name: '设置配额' }).click();
  await row.getByText('每分钟 120 次').waitFor();

  await row.getByRole('button', { name: '停用' }).click();
  const confirm = page.getByRole('dialog');
  await confirm.getByLabel('变更理由（记入变更日志）').fill('试运行结束');
  await confirm.getByRole('button', { name: '停用' }).click();
  await confirm.waitFor({ state: 'hidden' });
  // Disabled clients are not among the active ones shown by default; the log has all three changes.
  await row.waitFor({ state: 'detached' });
  const log = await t.sql(
    'directory',
    `SELECT action, actor FROM directory_change WHERE subject = 'client:customs-check-app' ORDER BY id`,
  );
  expect(log).toEqual([
    { action: 'CLIENT_REGISTERED', actor: 'admin@hub-console' },
    { action: 'CLIENT_QUOTA_SET', actor: 'admin@hub-console' },
    { action: 'CLIENT_DISABLED', actor: 'admin@hub-console' },
  ]);
  expect(admin.problems.errors).toEqual([]);
});

test('reclassifying an item shows the grants that end before it is confirmed, and ends exactly those', async () => {
  const { page } = admin;
  const coordinate = 'Enterprise.legalRepresentative';
  const active = await t.sql(
    'directory',
    `SELECT id::text FROM access_grant WHERE ended_at IS NULL AND $1 = ANY(items) ORDER BY id`,
    [coordinate],
  );
  expect(active.length).toBeGreaterThan(0);
  await tab(page, 'catalogue');
  await page.getByLabel('资源', { exact: true }).selectOption('FIS-ENTERPRISE-CONTACT');
  await page.locator(`[data-coordinate="${coordinate}"]`).getByRole('button', { name: '重新分类' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('共享类型', { exact: true }).selectOption('NOT_SHARED');
  await dialog.locator(`[data-impact="${active.length}"]`).waitFor();
  for (const { id } of active) await dialog.getByText(`#${id} `).waitFor();
  expect(await accessibilityProblems(page)).toEqual([]);
  await dialog.getByLabel('变更理由（记入变更日志）').fill('法定代表人姓名不再共享');
  await dialog.getByRole('button', { name: '重新分类' }).click();
  await dialog.waitFor({ state: 'hidden' });
  const ended = await t.sql(
    'directory',
    `SELECT id::text FROM access_grant WHERE ended_by = 'admin@hub-console' AND end_reason LIKE 'RECLASSIFIED%' ORDER BY id`,
  );
  expect(ended).toEqual(active);
});

test('an administrator creates a console user, who can then sign in', async () => {
  const { page } = admin;
  await tab(page, 'users');
  await page.locator('[data-username="tax.staff"]').waitFor();
  expect(await accessibilityProblems(page)).toEqual([]);
  await page.getByRole('button', { name: '新建用户' }).click();
  const form = page.locator('form', { has: page.getByRole('heading', { name: '新建用户' }) });
  await form.getByLabel('用户名').fill('sun.li');
  await form.getByLabel('姓名').fill('统计局审核人 孙丽');
  await form.getByLabel('所属部门', { exact: true }).selectOption('370200035');
  await form.getByLabel('审核人').check();
  await form.getByLabel('初始密码（至少 12 个字符）').fill('initial password 2026');
  await form.getByLabel('变更理由（记入变更日志）').fill('统计局指定审核人');
  await form.getByRole('button', { name: '创建用户' }).click();
  await page.locator('[data-username="sun.li"]').waitFor();

  const person = await openPage(browser);
  await signIn(person.page, t.baseUrl, 'sun.li', 'initial password 2026');
  await expect(person.page.getByRole('banner').textContent()).resolves.toContain('统计局审核人 孙丽');
  await person.context.close();
});
