/**
 * The console in a real browser (issue 14): served by the hub with its security headers, sign-in and sign-out,
 * the session surviving a reload through its HttpOnly cookie only, lockout, and no accessibility violation.
 */
import fs from 'node:fs';
import type { Browser } from 'playwright-core';
import { viteCommand } from '../src/console-app';
import { createTestHub, type TestHub } from './helpers/test-hub';
import { accessibilityProblems, launchBrowser, openPage, signIn } from './helpers/browser';

let t: TestHub;
let browser: Browser;

beforeAll(async () => {
  [t, browser] = await Promise.all([createTestHub(), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe('the console is served by the hub', () => {
  test('npm start finds Vite to build the console when it is missing', () => {
    const vite = viteCommand(t.hub.config.projectRoot);
    expect(vite).not.toBeNull();
    expect(fs.existsSync(vite!)).toBe(true);
  });

  test('every page path answers the app with a strict CSP; hashed assets are immutable, a missing one is 404', async () => {
    const index = await fetch(`${t.baseUrl}/console/supervision`);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toMatch(/text\/html/);
    expect(index.headers.get('cache-control')).toBe('no-cache');
    const csp = index.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/https?:|\*/);
    const html = await index.text();
    const script = html.match(/src="(\/console\/assets\/[^"]+\.js)"/)?.[1];
    expect(script).toBeDefined();
    // Every script the page names is the hub's own.
    expect(html.match(/src="[^"]+"/g)!.every((s) => s.startsWith('src="/console/'))).toBe(true);

    const asset = await fetch(`${t.baseUrl}${script}`, { headers: { 'accept-encoding': 'br' } });
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(asset.headers.get('content-encoding')).toBe('br');

    const missing = await fetch(`${t.baseUrl}/console/assets/index-00000000.js`);
    expect(missing.status).toBe(404);
    const root = await fetch(`${t.baseUrl}/console`, { redirect: 'manual' });
    expect(root.status).toBe(301);
    expect(root.headers.get('location')).toBe('/console/');
    // Every answer under /console carries the policy, redirects and 404s included; index.html is revalidated.
    expect(root.headers.get('content-security-policy')).toBe(csp);
    expect(missing.headers.get('content-security-policy')).toBe(csp);
    const indexFile = await fetch(`${t.baseUrl}/console/index.html`);
    expect(indexFile.headers.get('cache-control')).toBe('no-cache');
  });
});

describe('signing in and out', () => {
  test('a wrong password is refused in words; the right one signs in, survives a reload, and sign-out ends it', async () => {
    const { context, page, problems } = await openPage(browser);
    await page.goto(`${t.baseUrl}/console/`);
    expect(await accessibilityProblems(page)).toEqual([]);

    await page.getByLabel('用户名').fill('tax.staff');
    await page.getByLabel('密码').fill('not-the-password');
    await page.getByRole('button', { name: '登录' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toContain('用户名或密码不正确');

    await signIn(page, t.baseUrl, 'tax.staff');
    await expect(page.getByRole('banner').textContent()).resolves.toContain('地税局经办人 张伟');

    // The token is in memory only: nothing in storage, and the session cookie is out of the page's reach.
    const stored = await page.evaluate<string>(
      'JSON.stringify({ ...localStorage, ...sessionStorage }) + document.cookie',
    );
    expect(stored).not.toMatch(/eyJ|hub_console_session/);
    const cookies = await context.cookies();
    const session = cookies.find((c) => c.name === 'hub_console_session');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/console/api/session' });

    await page.reload();
    await page.getByRole('navigation', { name: '主导航' }).waitFor();
    await expect(page.getByRole('banner').textContent()).resolves.toContain('张伟');

    await page.getByRole('button', { name: '退出' }).click();
    await page.getByRole('button', { name: '登录' }).waitFor();
    expect((await context.cookies()).find((c) => c.name === 'hub_console_session')).toBeUndefined();
    // The ended session cannot be brought back with the old cookie either.
    const replay = await fetch(`${t.baseUrl}/console/api/session/refresh`, {
      method: 'POST',
      headers: { 'x-console-request': '1', cookie: `hub_console_session=${session!.value}` },
    });
    expect(replay.status).toBe(401);
    await page.reload();
    await page.getByRole('button', { name: '登录' }).waitFor();
    expect(problems.errors).toEqual([]);
    await context.close();
  });

  test('five wrong passwords lock the account: the form says how long to wait, and the right password waits too', async () => {
    const { context, page } = await openPage(browser);
    await page.goto(`${t.baseUrl}/console/`);
    await page.getByLabel('用户名').fill('shinan.staff');
    for (let attempt = 1; attempt <= 5; attempt++) {
      await page.getByLabel('密码').fill(`wrong-password-${attempt}`);
      await page.getByRole('button', { name: '登录' }).click();
      await page.getByRole('button', { name: '登录' }).waitFor();
      await expect(page.getByRole('alert').textContent()).resolves.toMatch(/不正确|锁定/);
    }
    await page.getByLabel('密码').fill('dev-password-shinan-staff');
    await page.getByRole('button', { name: '登录' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toMatch(/已暂时锁定.*\d+ 秒/);
    const [row] = await t.sql(
      'directory',
      `SELECT failed_attempts, locked_until > now() AS locked FROM console_user WHERE username = 'shinan.staff'`,
    );
    expect(row).toEqual({ failed_attempts: 5, locked: true });
    await context.close();
  });

  test('the catalogue page passes axe-core and shows the department its access, in English on request', async () => {
    const { context, page, problems } = await openPage(browser);
    await signIn(page, t.baseUrl, 'tax.staff');
    await page.getByRole('link', { name: '资源目录' }).click();
    await page.getByText(/\d+ 个资源/).waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Resource catalogue' }).waitFor();
    expect(await page.evaluate<string>('document.documentElement.lang')).toBe('en');
    expect(problems.errors).toEqual([]);
    await context.close();
  });
});
