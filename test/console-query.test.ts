/**
 * The console's GraphiQL (issue 14): built into the bundle (its editor's workers load from the hub, under the
 * CSP), running as the signed-in person, with the catalogue's item in each field's docs; axe-core finds nothing
 * serious on the page.
 */
import type { Browser } from 'playwright-core';
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

test('GraphiQL runs as the signed-in person, loads nothing from elsewhere, and documents fields with their catalogue item', async () => {
  const { context, page, problems } = await openPage(browser);
  const elsewhere: string[] = [];
  page.on('request', (request) => {
    if (
      !request.url().startsWith(t.baseUrl) &&
      !request.url().startsWith('data:') &&
      !request.url().startsWith('blob:')
    )
      elsewhere.push(request.url());
  });
  await signIn(page, t.baseUrl, 'tax.staff');
  await page.getByRole('link', { name: '查询 (GraphiQL)' }).click();
  await page.locator('.graphiql-query-editor .view-lines', { hasText: 'WhoAmI' }).waitFor();
  const answered = page.waitForResponse(
    (r) => r.url().endsWith('/graphql') && (r.request().postData() ?? '').includes('WhoAmI'),
  );
  await page.getByRole('button', { name: /Execute query/ }).click();
  const answer = await (await answered).json();
  expect(answer.data.me).toEqual({
    clientId: 'hub-console',
    role: 'DEPARTMENT',
    endUser: 'tax.staff',
    department: { code: '370200029', name: '青岛市地方税务局' },
  });
  await page.getByText('"endUser": "tax.staff"').waitFor();

  // GraphiQL's docs are the schema the hub serves this person: catalogued fields name their item and resource.
  const docsQuery = '{ __type(name: "Enterprise") { fields { name description } } }';
  await page.goto(`${t.baseUrl}/console/query?query=${encodeURIComponent(docsQuery)}`);
  // The editor has the linked query (Monaco renders it once loaded): only then does Execute run it.
  await page.locator('.graphiql-query-editor .view-lines', { hasText: '__type' }).waitFor();
  const docs = page.waitForResponse(
    (r) => r.url().endsWith('/graphql') && (r.request().postData() ?? '').includes('__type'),
  );
  await page.getByRole('button', { name: /Execute query/ }).click();
  const fields = (await (await docs).json()).data.__type.fields as { name: string; description: string }[];
  expect(fields.find((f) => f.name === 'contactPhone')!.description).toContain(
    '信息项「联系电话」· 资源 FIS-ENTERPRISE-CONTACT「企业法定代表人及联系方式」· 提供部门 市地税局',
  );
  await page.getByRole('button', { name: /Show Documentation Explorer/ }).click();
  // Open, so that axe-core checks the doc explorer too.
  await page.locator('.graphiql-doc-explorer').waitFor();

  expect(await accessibilityProblems(page)).toEqual([]);
  expect(elsewhere).toEqual([]);
  expect(problems.errors).toEqual([]);
  await context.close();
});
