/**
 * Supervision in the console (issue 14): an auditor finds a person's reads in the audit trail by its filters, sees
 * who read what, and verifies the hash chain, in a real browser.
 */
import type { Browser } from 'playwright-core';
import { createTestHub, type TestHub } from './helpers/test-hub';
import { accessibilityProblems, demoPassword, launchBrowser, openPage, signIn } from './helpers/browser';

let t: TestHub;
let browser: Browser;

beforeAll(async () => {
  [t, browser] = await Promise.all([createTestHub(), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

test("an auditor finds a console person's reads in the trail and the chain verifies", async () => {
  // A person reads through the console's GraphiQL: the hub records it under the console client and their name.
  const person = await openPage(browser);
  await signIn(person.page, t.baseUrl, 'shinan.staff');
  const query = '{ enterprises(districtCode: "370202", first: 5) { nodes { name legalRepresentative } } }';
  await person.page.goto(`${t.baseUrl}/console/query?query=${encodeURIComponent(query)}`);
  await person.page
    .locator('.graphiql-query-editor .view-lines', { hasText: 'legalRepresentative' })
    .waitFor();
  const answered = person.page.waitForResponse(
    (r) => r.url().endsWith('/graphql') && (r.request().postData() ?? '').includes('legalRepresentative'),
  );
  await person.page.getByRole('button', { name: /Execute query/ }).click();
  const requestId = (await answered).headers()['x-request-id'];
  const [record] = await t.sql(
    'directory',
    'SELECT seq::text AS seq, client_id, end_user, coordinates_masked FROM audit_record WHERE request_id = $1',
    [requestId],
  );
  expect(record).toMatchObject({ client_id: 'hub-console', end_user: 'shinan.staff' });
  expect(record.coordinates_masked).toContain('Enterprise.legalRepresentative');

  const auditor = await openPage(browser);
  await signIn(auditor.page, t.baseUrl, 'auditor', demoPassword('auditor'));
  await auditor.page.getByRole('link', { name: '电子监察' }).click();
  await auditor.page.getByRole('heading', { name: '审计记录' }).waitFor();
  const trail = auditor.page.locator('section.trail');
  await trail.getByLabel('应用').fill('hub-console');
  await trail.getByLabel('字段').fill('Enterprise.legalRepresentative');
  const row = trail.locator(`tr[data-seq="${record.seq}"]`);
  await row.waitFor();
  const text = await row.textContent();
  expect(text).toContain('shinan.staff');
  expect(text).toContain('Enterprise.legalRepresentative');
  expect(text).toContain('脱敏');
  // Only matching records are listed.
  const shown = await trail.locator('tbody tr').count();
  const [{ count }] = await t.sql(
    'directory',
    `SELECT count(*)::int AS count FROM audit_record WHERE client_id = 'hub-console' AND 'Enterprise.legalRepresentative' = ANY(coordinates_returned || coordinates_masked || coordinates_denied)`,
  );
  expect(shown).toBe(count);
  expect(await accessibilityProblems(auditor.page)).toEqual([]);

  await auditor.page.getByRole('button', { name: '立即验证' }).click();
  const verdict = auditor.page.locator('[data-verified]');
  await verdict.waitFor();
  expect(await verdict.getAttribute('data-verified')).toBe('true');
  const [{ records }] = await t.sql('directory', 'SELECT count(*)::int AS records FROM audit_record');
  // The verification itself is recorded after it ran: it checked at least every record made before it.
  const checked = Number((await verdict.textContent())!.match(/已核对 (\d+) 条审计记录/)![1]);
  expect(checked).toBeGreaterThanOrEqual(records - 1);
  expect([...person.problems.errors, ...auditor.problems.errors]).toEqual([]);
  await Promise.all([person.context.close(), auditor.context.close()]);
});
