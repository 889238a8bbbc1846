/**
 * No N+1: nested queries cost a number of SQL statements set by the query's shape, never by how many parents
 * it returns. Statements are counted on the pg connections themselves (see SourceDatabase), so nothing the hub
 * sends escapes the count.
 */
import { createTestHub, type TestHub } from './helpers/test-hub';
import { sources } from '../src/sources';
import { preparedStatement } from '../connectors/shared/prepared';
import { numberedPlaceholders } from '../connectors/shared/source-db';

let t: TestHub;
beforeAll(async () => {
  t = await createTestHub();
});
afterAll(() => t.close());

type Counts = Record<string, number>;

async function statementsFor(query: string, first: number): Promise<Counts> {
  const before = t.statementCounts();
  const { body } = await t.query(query, { first });
  expect(body.errors).toBeUndefined();
  expect(body.data.enterprises.nodes).toHaveLength(first);
  const after = t.statementCounts();
  return Object.fromEntries(
    Object.keys(after).map((k) => [k, after[k as keyof typeof after] - before[k as keyof typeof before]]),
  );
}

/** Zero statements for every registered source: the count of a source a query does not read. */
const untouched = (): Counts => Object.fromEntries(sources.map((s) => [s.name, 0]));

const total = (c: Counts) => Object.values(c).reduce((a, b) => a + b, 0);

// Each loader is used at one depth: one statement per (source, level), exactly, whatever the size.
const ENTERPRISES_ACROSS_SOURCES = /* GraphQL */ `
  query ($first: Int!) {
    enterprises(first: $first) {
      nodes {
        name
        industry {
          name
        }
        district {
          name
        }
        taxPayments(first: 10) {
          nodes {
            period
            taxType
            amount
          }
        }
        keyProjects(first: 5) {
          nodes {
            name
            status
            totalInvestment
          }
        }
      }
    }
  }
`;

test('enterprises with industry, district, tax payments and key projects: same statements for 10 and 500 parents', async () => {
  await statementsFor(ENTERPRISES_ACROSS_SOURCES, 10); // warm-up
  const ten = await statementsFor(ENTERPRISES_ACROSS_SOURCES, 10);
  const fiveHundred = await statementsFor(ENTERPRISES_ACROSS_SOURCES, 500);
  process.stdout.write(
    `statements, 10 parents: ${JSON.stringify(ten)}; 500 parents: ${JSON.stringify(fiveHundred)}\n`,
  );
  expect(fiveHundred).toEqual(ten);
  // enterprises + industry + taxPayments (fiscal), district (directory), keyProjects (decision)
  // Sources the query does not touch send nothing.
  expect(fiveHundred).toEqual({ ...untouched(), directory: 1, statistics: 0, fiscal: 3, decision: 1 });
});

// Regions are loaded at three depths here (enterprise district, its parent, the tax office's region); loads of
// one loader at different depths share a statement only when they fall in the same tick, so the exact count may
// differ by timing. The bound is the number of loading fields in the query (11), for any number of parents.
const DEEP = /* GraphQL */ `
  query ($first: Int!) {
    enterprises(first: $first) {
      nodes {
        industry {
          name
        }
        district {
          name
          parent {
            name
          }
          indicatorValues(indicatorCodes: ["A01"], from: "2009") {
            nodes {
              value
            }
          }
        }
        taxPayments(first: 10) {
          nodes {
            amount
            collectingOffice {
              name
              region {
                name
              }
            }
          }
        }
        keyProjects(first: 5) {
          nodes {
            district {
              name
            }
            investor {
              name
            }
          }
        }
      }
    }
  }
`;

test('a five-level query across all sources stays within its shape bound for 10 and 500 parents', async () => {
  const ten = await statementsFor(DEEP, 10);
  const fiveHundred = await statementsFor(DEEP, 500);
  process.stdout.write(
    `deep query statements, 10 parents: ${JSON.stringify(ten)}; 500 parents: ${JSON.stringify(fiveHundred)}\n`,
  );
  expect(total(ten)).toBeLessThanOrEqual(11);
  expect(total(fiveHundred)).toBeLessThanOrEqual(11);
  expect(fiveHundred.statistics).toBe(1);
  expect(fiveHundred.decision).toBe(1);
});

test('a district filter is checked against region codes held in memory: no directory statement per request', async () => {
  const query = '{ enterprises(districtCode: "370203", first: 5) { nodes { name } } }';
  await t.query(query); // the first request may load the codes
  const before = t.statementCounts();
  expect((await t.query(query)).body.errors).toBeUndefined();
  const after = t.statementCounts();
  expect(after.directory - before.directory).toBe(0);
  expect(after.fiscal - before.fiscal).toBe(1);
  // An unknown code is still refused, after a lookup.
  const unknown = await t.query('{ enterprises(districtCode: "379999", first: 5) { nodes { name } } }');
  expect(unknown.body.errors?.[0].extensions?.code).toBe('NOT_FOUND');
});

test('source reads are named prepared statements: planned once per connection, not once per request', async () => {
  const session = t.hub.databases.bySource.get('fiscal')!.session();
  const text = 'SELECT name, statement FROM pg_prepared_statements WHERE name LIKE ?';
  // The listing runs on one pooled connection and sees that connection's statements, its own among them.
  const listed = await session.rows<{ name: string; statement: string }>(text, ['s\\_%']);
  const own = preparedStatement(numberedPlaceholders(text), []);
  expect(listed).toContainEqual({ name: own.name, statement: own.text });
  // One name per text, and the same text always gets the same name.
  expect(preparedStatement(own.text, [1]).name).toBe(own.name);
  expect(preparedStatement(`${own.text} `, []).name).not.toBe(own.name);
});
