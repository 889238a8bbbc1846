/**
 * A real browser for the console's tests: Debian's Chromium (/usr/bin/chromium, or CHROMIUM_PATH) driven by
 * playwright-core over CDP. Each test file launches one browser and opens a fresh context (no shared cookies) per
 * person. `.ci/run` installs Chromium when it is missing; without it these tests fail and say how to install it.
 */
import fs from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { DEMO_CONSOLE_USERS } from '../../src/demo-access';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Flags for a closed network and a root user: no sandbox (root), no GPU, and none of Chromium's background
 * connections (component updates, sync, QUIC probes), which would otherwise be refused by the dozen.
 */
const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Launches headless Chromium with a fresh profile; throws saying how to install it when it is missing. */
export async function launchBrowser(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(
      `No Chromium at ${CHROMIUM}: install Debian's package (apt-get install -y chromium; .ci/run does) or set CHROMIUM_PATH.`,
    );
  }
  // Playwright gives each launch a fresh, empty profile of its own.
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
}

/** What went wrong in a page: uncaught errors and Content-Security-Policy violations (the tests expect none). */
export interface PageProblems {
  errors: string[];
}

/** A new context and page at 1440×900 (or `viewport`), recording the page's errors and CSP violations. */
export async function openPage(
  browser: Browser,
  viewport = { width: 1440, height: 900 },
): Promise<{ context: BrowserContext; page: Page; problems: PageProblems }> {
  const context = await browser.newContext({ viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const page = await context.newPage();
  const problems: PageProblems = { errors: [] };
  page.on('pageerror', (error) => problems.errors.push(`uncaught: ${error.message}`));
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text()))
      problems.errors.push(`CSP: ${message.text().slice(0, 300)}`);
  });
  return { context, page, problems };
}

/** The demo password of a demo console user. */
export function demoPassword(username: string): string {
  const user = DEMO_CONSOLE_USERS.find((u) => u.username === username);
  if (!user) throw new Error(`No demo console user ${username}`);
  return user.password;
}

/** Opens the console and signs in through its form; resolves once the navigation shows the person. */
export async function signIn(
  page: Page,
  baseUrl: string,
  username: string,
  password = demoPassword(username),
) {
  await page.goto(`${baseUrl}/console/`);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByRole('navigation', { name: '主导航' }).waitFor();
}

/**
 * Runs axe-core in the page and returns its serious and critical violations, each as "rule: target" lines, so
 * that a failing expectation says what to fix.
 */
export async function accessibilityProblems(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.join(' ')} — ${v.help}`));
}
