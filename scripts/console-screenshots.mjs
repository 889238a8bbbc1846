#!/usr/bin/env node
/**
 * `npm run console:screenshots`: screenshots of every console page, at 1440×900 (desktop) and 390×844 (phone),
 * written to docs/console/ for the README. Run it against a hub started with `npm start` (demo data and demo
 * console users): HUB_URL (default http://127.0.0.1:4000), CHROMIUM_PATH (default /usr/bin/chromium).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'docs', 'console');
const hub = (process.env.HUB_URL ?? 'http://127.0.0.1:4000').replace(/\/$/, '');
const VIEWPORTS = { desktop: { width: 1440, height: 900 }, phone: { width: 390, height: 844 } };

/** Each page as the person who uses it: [file name, username, password, path, what to wait for]. */
const SHOTS = [
  [
    'dashboard',
    'office.dashboard',
    'dev-password-office-dashboard',
    'dashboard',
    '[data-chart="revenue-district"] canvas',
  ],
  ['catalogue', 'tax.staff', 'dev-password-tax-staff', 'catalogue', '.resource'],
  ['requests', 'market.reviewer', 'dev-password-market-reviewer', 'requests/review', 'h1'],
  ['admin-grants', 'admin', 'dev-password-admin', 'admin/grants', 'table'],
  ['admin-clients', 'admin', 'dev-password-admin', 'admin/clients', 'tr[data-client]'],
  ['admin-catalogue', 'admin', 'dev-password-admin', 'admin/catalogue', 'tr[data-coordinate]'],
  ['admin-users', 'admin', 'dev-password-admin', 'admin/users', 'tr[data-username]'],
  ['supervision', 'auditor', 'dev-password-auditor', 'supervision', '[data-chart="usage"], .trail table'],
  ['query', 'tax.staff', 'dev-password-tax-staff', 'query', '.graphiql-container'],
];

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});
fs.mkdirSync(out, { recursive: true });
try {
  for (const [kind, viewport] of Object.entries(VIEWPORTS)) {
    const signInContext = await browser.newContext({
      viewport,
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
    });
    const signInPage = await signInContext.newPage();
    await signInPage.goto(`${hub}/console/`);
    await signInPage.getByRole('button', { name: '登录' }).waitFor();
    await signInPage.screenshot({ path: path.join(out, `sign-in-${kind}.png`) });
    await signInContext.close();
    for (const [name, username, password, page, ready] of SHOTS) {
      const context = await browser.newContext({ viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
      const tab = await context.newPage();
      await tab.goto(`${hub}/console/`);
      await tab.getByLabel('用户名').fill(username);
      await tab.getByLabel('密码').fill(password);
      await tab.getByRole('button', { name: '登录' }).click();
      await tab.getByRole('navigation').waitFor();
      await tab.goto(`${hub}/console/${page}`);
      await tab.locator(ready).first().waitFor({ timeout: 30_000 });
      await tab.waitForLoadState('networkidle');
      const file = path.join(out, `${name}-${kind}.png`);
      await tab.screenshot({ path: file });
      process.stdout.write(`wrote ${path.relative(root, file)}\n`);
      await context.close();
    }
  }
} finally {
  await browser.close();
}
