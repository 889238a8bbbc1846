/**
 * One request across the three sources, checked against each source's database read directly.
 */
import { createTestHub, type TestHub } from './helpers/test-hub';

let t: TestHub;
beforeAll(async () => {
  t = await createTestHub();
});
afterAll(() => t.close());

const DISTRICT = '370214'; // 城阳区

const CROSS_SOURCE = /* GraphQL */ `
  query DistrictOverview($district: ID!) {
    region(code: $district) {
      name
      indicatorValues(indicatorCodes: ["A01", "B01"], from: "2008") {
        nodes {
          indicator {
            code
            name
            unit
          }
          period
          value
        }
      }
      enterprises(first: 20) {
        nodes {
          creditCode
          name
          industry {
            code
            name
          }
          taxPayments(first: 3) {
            nodes {
              period
              taxType
              amount
              collectingOffice {
                name
              }
            }
          }
          keyProjects(first: 5) {
            nodes {
              name
              status
              district {
                code
              }
            }
          }
        }
      }
      keyProjects(first: 10) {
        nodes {
          id
          name
          investor {
            creditCode
            name
            district {
              code
            }
          }
        }
      }
    }
  }
`;

test('a district with its indicators, enterprises, tax payments and key projects, in one request', async () => {
  const { status, body } = await t.query(CROSS_SOURCE, { district: DISTRICT });
  expect(status).toBe(200);
  expect(body.errors).toBeUndefined();
  const region = body.data.region;
  expect(region.name).toBe('城阳区');

  // statistics: the same values as the statistics database holds
  const expected = await t.sql(
    'statistics',
    `SELECT indicator_code, period, value FROM observation
     WHERE region_code = $1 AND indicator_code IN ('A01', 'B01') AND period >= '2008' ORDER BY indicator_code, period`,
    [DISTRICT],
  );
  expect(region.indicatorValues.nodes.map((o: any) => [o.indicator.code, o.period, o.value])).toEqual(
    expected.map((r) => [r.indicator_code, r.period, r.value]),
  );

  // fiscal: the district's first 20 enterprises by credit code, each with its newest three payments
  const enterprises = await t.sql(
    'fiscal',
    `SELECT credit_code FROM enterprise WHERE district_code = $1 ORDER BY credit_code LIMIT 20`,
    [DISTRICT],
  );
  expect(region.enterprises.nodes.map((e: any) => e.creditCode)).toEqual(
    enterprises.map((e) => e.credit_code),
  );
  for (const e of region.enterprises.nodes) {
    const payments = await t.sql(
      'fiscal',
      `SELECT period, tax_type, amount::float8 AS amount FROM tax_payment WHERE enterprise_code = $1 ORDER BY period DESC, id DESC LIMIT 3`,
      [e.creditCode],
    );
    expect(e.taxPayments.nodes.map((p: any) => [p.period, p.taxType, p.amount])).toEqual(
      payments.map((p) => [p.period, p.tax_type, p.amount]),
    );
    for (const p of e.taxPayments.nodes) expect(p.collectingOffice.name).toMatch(/税务局$/);
  }

  // decision -> fiscal: every project's investor is a real enterprise
  const projects = await t.sql(
    'decision',
    `SELECT id, investor_code FROM key_project WHERE district_code = $1 ORDER BY id LIMIT 10`,
    [DISTRICT],
  );
  expect(region.keyProjects.nodes.map((p: any) => [Number(p.id), p.investor.creditCode])).toEqual(
    projects.map((p) => [p.id, p.investor_code]),
  );
  for (const p of region.keyProjects.nodes) expect(p.investor.name).toMatch(/^青岛/);
});

test('supervised tasks of the lead departments reach across decision and directory', async () => {
  const { body } = await t.query(/* GraphQL */ `
    {
      supervisedTasks(first: 60) {
        nodes {
          code
          title
          publiclyListed
          leadDepartment {
            code
            name
            supervisedTasks(first: 3) {
              nodes {
                code
              }
            }
            performanceScores {
              year
              rank
            }
          }
        }
      }
    }
  `);
  expect(body.errors).toBeUndefined();
  const tasks = body.data.supervisedTasks.nodes;
  expect(tasks).toHaveLength(60);
  for (const task of tasks) {
    const lead = task.leadDepartment;
    const [dept] = await t.sql('directory', `SELECT name FROM department WHERE code = $1`, [lead.code]);
    expect(lead.name).toBe(dept.name);
    const own = await t.sql(
      'decision',
      `SELECT code FROM supervised_task WHERE lead_department_code = $1 ORDER BY deadline, id LIMIT 3`,
      [lead.code],
    );
    expect(lead.supervisedTasks.nodes.map((n: any) => n.code)).toEqual(own.map((r) => r.code));
    expect(lead.performanceScores.map((s: any) => s.year)).toEqual([
      2009, 2008, 2007, 2006, 2005, 2004, 2003, 2002, 2001, 2000,
    ]);
  }
  const [{ count }] = await t.sql(
    'decision',
    `SELECT count(*)::int FROM supervised_task WHERE publicly_listed`,
  );
  expect(count).toBe(60);
});

test('an enterprise is reachable from fiscal and from decision (investor), with the same data', async () => {
  const [project] = await t.sql('decision', `SELECT id, investor_code FROM key_project ORDER BY id LIMIT 1`);
  const { body } = await t.query(
    `query ($id: ID!, $code: ID!) {
      keyProject(id: $id) { investor { creditCode name legalRepresentative } }
      enterprise(creditCode: $code) { creditCode name legalRepresentative keyProjects { nodes { id } } }
    }`,
    { id: String(project.id), code: project.investor_code },
  );
  expect(body.errors).toBeUndefined();
  expect(body.data.keyProject.investor).toEqual({
    creditCode: body.data.enterprise.creditCode,
    name: body.data.enterprise.name,
    legalRepresentative: body.data.enterprise.legalRepresentative,
  });
  expect(body.data.enterprise.keyProjects.nodes.map((n: any) => Number(n.id))).toContain(project.id);
});
