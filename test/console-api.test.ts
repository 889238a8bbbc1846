/**
 * What the hub enforces for its console, over real HTTP (issue 14): the console's documents are trusted documents
 * any client may name by id; a console session changes data only through them; a person's console roles decide
 * what they may do for their department (staff file requests, reviewers decide them); the change log names the
 * person.
 */
import path from 'node:path';
import pg from 'pg';
import { createTestHub, type TestHub } from './helpers/test-hub';
import { testDatabaseUrl } from './helpers/cluster';
import { demoPassword } from './helpers/browser';
import { TrustedDocuments } from '../src/trusted-documents';

let t: TestHub;
const trusted = TrustedDocuments.load(path.join(__dirname, '..'));

/** The id of the console document that defines `operation`. */
function documentId(operation: string): string {
  const id = trusted.idOfOperation(operation);
  if (!id) throw new Error(`No console document ${operation}`);
  return id;
}

beforeAll(async () => {
  t = await createTestHub();
});
afterAll(() => t?.close());

async function personToken(username: string): Promise<string> {
  const res = await fetch(`${t.baseUrl}/console/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: demoPassword(username) }),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { accessToken: string }).accessToken;
}

async function post(token: string, body: Record<string, unknown>) {
  const res = await fetch(`${t.baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as { data?: any; errors?: any[] } };
}

const REQUEST = {
  resourceCode: 'MKT-ANNUAL-REPORT',
  items: ['AnnualReport.employees', 'AnnualReport.contactPhone'],
  purpose: '税源核查',
  legalBasis: '《税收征收管理法》',
};

describe('trusted documents', () => {
  test('any client may run a console document by its id; an unknown id, or an id with text, is a 400 naming the fix', async () => {
    const app = await t.token('tax-office-app');
    const ran = await post(app, { documentId: documentId('Districts') });
    expect(ran.status).toBe(200);
    expect(ran.body.data.regions.length).toBeGreaterThan(10);

    const unknown = await post(app, { documentId: `sha256:${'0'.repeat(64)}` });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors![0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    const both = await post(app, { documentId: documentId('Districts'), query: '{ me { clientId } }' });
    expect(both.status).toBe(400);
    expect(both.body.errors![0].message).toMatch(/either documentId or query/);
  });

  test('a console session runs typed text only as a query: a typed mutation is refused, the page document runs', async () => {
    const token = await personToken('tax.staff');
    const read = await post(token, { query: '{ me { clientId role endUser department { code } } }' });
    expect(read.body.data.me).toEqual({
      clientId: 'hub-console',
      role: 'DEPARTMENT',
      endUser: 'tax.staff',
      department: { code: '370200029' },
    });

    const typed = await post(token, {
      query: 'mutation R($input: RequestAccessInput!) { requestAccess(input: $input) { id } }',
      variables: { input: REQUEST },
    });
    expect(typed.status).toBe(403);
    expect(typed.body.errors![0].extensions.code).toBe('TRUSTED_DOCUMENT_REQUIRED');
    expect(await t.sql('directory', 'SELECT id FROM sharing_request')).toEqual([]);

    const page = await post(token, {
      documentId: documentId('RequestAccess'),
      variables: { input: REQUEST },
    });
    expect(page.body.errors).toBeUndefined();
    expect(page.body.data.requestAccess.id).toBeDefined();
  });
});

describe("a person's console roles", () => {
  test('staff file requests, reviewers decide them, a dashboard reader does neither; the change log names each person', async () => {
    const dashboard = await personToken('office.dashboard');
    const refused = await post(dashboard, {
      documentId: documentId('RequestAccess'),
      variables: { input: REQUEST },
    });
    expect(refused.body.data.requestAccess).toBeNull();
    expect(refused.body.errors![0].extensions).toMatchObject({
      code: 'FORBIDDEN',
      requiredConsoleRole: ['DEPARTMENT_STAFF'],
    });

    const staff = await personToken('tax.staff');
    const filed = await post(staff, {
      documentId: documentId('RequestAccess'),
      variables: { input: REQUEST },
    });
    const id = filed.body.data.requestAccess.id as string;

    // The market regulator provides the reports: its reviewer decides, item by item.
    const review = {
      variables: {
        input: {
          requestId: id,
          decisions: [
            { coordinate: 'AnnualReport.employees', approve: true },
            { coordinate: 'AnnualReport.contactPhone', approve: false, reason: '联系电话不在申请用途范围内' },
          ],
        },
      },
    };
    const reviewer = await personToken('market.reviewer');
    const decided = await post(reviewer, {
      documentId: documentId('ReviewSharingRequest'),
      variables: review.variables,
    });
    expect(decided.body.errors).toBeUndefined();
    expect(decided.body.data.reviewSharingRequest.status).toBe('DECIDED');

    const log = await t.sql(
      'directory',
      `SELECT actor, action FROM directory_change WHERE action IN ('REQUEST_FILED', 'REQUEST_REVIEWED') ORDER BY id`,
    );
    // The first filing is the previous test's.
    expect(log).toEqual([
      { actor: 'tax.staff@hub-console', action: 'REQUEST_FILED' },
      { actor: 'tax.staff@hub-console', action: 'REQUEST_FILED' },
      { actor: 'market.reviewer@hub-console', action: 'REQUEST_REVIEWED' },
    ]);
    const items = await t.sql(
      'directory',
      'SELECT coordinate, decision, reviewed_by FROM sharing_request_item WHERE request_id = $1 ORDER BY coordinate',
      [id],
    );
    expect(items).toEqual([
      {
        coordinate: 'AnnualReport.contactPhone',
        decision: 'REJECTED',
        reviewed_by: 'market.reviewer@hub-console',
      },
      {
        coordinate: 'AnnualReport.employees',
        decision: 'APPROVED',
        reviewed_by: 'market.reviewer@hub-console',
      },
    ]);
  });

  test('a staff member without the REVIEWER role cannot decide, even for the provider department', async () => {
    const staff = await personToken('tax.staff');
    const filed = await post(staff, {
      documentId: documentId('RequestAccess'),
      variables: { input: REQUEST },
    });
    const id = filed.body.data.requestAccess.id as string;
    // The provider's reviewer, made staff only (as an administrator would, by editing their roles).
    const knex = t.hub.databases.bySource.get('directory')!.knex();
    await knex.raw(`UPDATE console_user SET roles = '{DEPARTMENT_STAFF}' WHERE username = 'market.reviewer'`);
    await t.hub.auth.directory.reload();
    const providerStaff = await personToken('market.reviewer');
    const tried = await post(providerStaff, {
      documentId: documentId('ReviewSharingRequest'),
      variables: {
        input: { requestId: id, decisions: [{ coordinate: 'AnnualReport.employees', approve: true }] },
      },
    });
    expect(tried.body.data.reviewSharingRequest).toBeNull();
    expect(tried.body.errors![0].extensions).toMatchObject({
      code: 'FORBIDDEN',
      requiredConsoleRole: ['REVIEWER'],
    });
  });
});

describe('the administration API the console needs', () => {
  test('clients filter by department, status and a search of id or name, any case, wildcards taken literally', async () => {
    const ids = async (args: string) =>
      (
        await t.query(`{ clients(${args}) { nodes { clientId } } }`, {}, { as: 'hub-admin' })
      ).body.data.clients.nodes.map((n: any) => n.clientId);
    expect(await ids('departmentCode: "370200029"')).toEqual(['tax-office-app']);
    expect(await ids('search: "DASHBOARD"')).toEqual(['general-office-dashboard']);
    expect(await ids('search: "统计分析"')).toEqual(['stats-bureau-app']);
    expect(await ids('search: "%"')).toEqual([]);
    await t.query(
      'mutation { disableClient(clientId: "ndrc-projects-app", reason: "下线") { clientId } }',
      {},
      { as: 'hub-admin' },
    );
    expect(await ids('status: DISABLED')).toEqual(['ndrc-projects-app']);
    expect(await ids('status: ACTIVE, search: "ndrc"')).toEqual([]);
    const [{ oracle }] = await t.sql(
      'directory',
      `SELECT count(*)::int AS oracle FROM client WHERE disabled_at IS NULL`,
    );
    expect((await ids('status: ACTIVE, first: 500')).length).toBe(oracle);
    const long = await t.query(
      `{ clients(search: "${'x'.repeat(65)}") { nodes { clientId } } }`,
      {},
      { as: 'hub-admin' },
    );
    expect(long.body.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'search' });
    // The search can be served by its trigram index (with sequential scans off: a table this small is read whole).
    const client = new pg.Client({ connectionString: testDatabaseUrl(t.databaseNames.directory) });
    await client.connect();
    try {
      await client.query('SET enable_seqscan = off');
      const plan = await client.query(
        `EXPLAIN SELECT client_id FROM client WHERE lower(client_id || ' ' || name) LIKE '%dashboard%'`,
      );
      expect(plan.rows.map((r) => r['QUERY PLAN']).join('\n')).toContain('client_search_idx');
    } finally {
      await client.end();
    }
  });

  test('catalogueItemImpact names the grants a reclassification would end, and changes nothing', async () => {
    const impact = await t.query(
      `{ catalogueItemImpact(coordinate: "Enterprise.contactPhone", shareType: UNCONDITIONAL) { item { shareType } grantsEndingCount grantsEnding { id consumerDepartment { code } } } }`,
      {},
      { as: 'hub-admin' },
    );
    const oracle = await t.sql(
      'directory',
      `SELECT id::text FROM access_grant WHERE ended_at IS NULL AND (valid_until IS NULL OR valid_until > now()) AND 'Enterprise.contactPhone' = ANY(items) ORDER BY id`,
    );
    expect(oracle.length).toBeGreaterThan(0);
    expect(impact.body.data.catalogueItemImpact).toMatchObject({
      item: { shareType: 'CONDITIONAL' },
      grantsEndingCount: oracle.length,
    });
    expect(impact.body.data.catalogueItemImpact.grantsEnding.map((g: any) => g.id)).toEqual(
      oracle.map((o) => o.id),
    );
    const sensitivityOnly = await t.query(
      `{ catalogueItemImpact(coordinate: "Enterprise.contactPhone") { grantsEndingCount } }`,
      {},
      { as: 'hub-admin' },
    );
    expect(sensitivityOnly.body.data.catalogueItemImpact.grantsEndingCount).toBe(0);
    const department = await t.query(
      `{ catalogueItemImpact(coordinate: "Enterprise.contactPhone") { grantsEndingCount } }`,
      {},
      { as: 'tax-office-app' },
    );
    expect(department.body.errors![0].extensions!.code).toBe('FORBIDDEN');
  });
});

describe('example queries in the catalogue', () => {
  test('every example runs, reading its resource; listing the catalogue with items and examples costs no statement per resource', async () => {
    const before = t.statementCounts().directory;
    const listed = await t.query(
      '{ directory { code graphqlType shareType exampleQuery items { coordinate shareType } } }',
    );
    // The resources, read once (with the session's own setup), not a statement for each of the 19 resources:
    // items come from the directory snapshot and examples from the schema.
    expect(t.statementCounts().directory - before).toBeLessThanOrEqual(2);
    const resources = listed.body.data.directory as {
      code: string;
      shareType: string;
      exampleQuery: string | null;
      items: { coordinate: string; shareType: string }[];
    }[];
    const withExamples = resources.filter((r) => r.exampleQuery);
    expect(withExamples.length).toBeGreaterThanOrEqual(resources.length - 4);
    for (const r of withExamples) {
      const ran = await t.query(r.exampleQuery!);
      // The test reader holds every CONDITIONAL item; NOT_SHARED items stay refused, and nothing else fails.
      const codes = (ran.body.errors ?? []).map((e) => e.extensions?.code);
      expect({ code: r.code, codes: codes.filter((c) => c !== 'FORBIDDEN') }).toEqual({
        code: r.code,
        codes: [],
      });
      if (r.items.every((i) => i.shareType !== 'NOT_SHARED'))
        expect({ code: r.code, codes }).toEqual({ code: r.code, codes: [] });
    }
    const report = resources.find((r) => r.code === 'MKT-ANNUAL-REPORT')!;
    expect(report.exampleQuery).toMatch(/annualReports \{ .*employees.*contactPhone.* \}/);
  });
});
