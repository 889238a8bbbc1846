/**
 * Lists read only the columns their query selects: the pure pieces, and the answers staying the same.
 */
import { buildSchema, graphql, type GraphQLResolveInfo } from 'graphql';
import { connectionNodeFields, neededProperties, selectList } from '../connectors/shared/projection';
import { createTestHub, type TestHub } from './helpers/test-hub';

const COLUMNS = { code: 'code', name: 'name', regionCode: 'region_code AS "regionCode"' };
const NEEDS = { region: ['regionCode'] };

describe('neededProperties and selectList', () => {
  test('scalar fields need their column, links what they list, keys are always read', () => {
    const needed = neededProperties(new Set(['name', 'region', '__typename']), COLUMNS, NEEDS);
    expect(needed).toEqual(new Set(['name', 'regionCode']));
    expect(selectList(COLUMNS, needed, ['code'])).toBe('code, name, region_code AS "regionCode"');
    expect(selectList(COLUMNS, new Set(['name']), ['code'])).toBe('code, name');
  });

  test('a field the map does not know means every column (never a missing value)', () => {
    expect(neededProperties(new Set(['name', 'somethingComputed']), COLUMNS, NEEDS)).toBeNull();
    expect(selectList(COLUMNS, null, [])).toBe('code, name, region_code AS "regionCode"');
  });
});

test('connectionNodeFields collects node fields through nodes, edges and fragments', async () => {
  const schema = buildSchema(`
    type Item { a: Int b: Int c: Int }
    type Edge { cursor: String node: Item }
    type Conn { nodes: [Item] edges: [Edge] }
    type Query { list: Conn }`);
  let seen: ReadonlySet<string> | undefined;
  const rootValue = {
    list: (_args: unknown, _ctx: unknown, info: GraphQLResolveInfo) => {
      seen = connectionNodeFields(info);
      return { nodes: [], edges: [] };
    },
  };
  await graphql({
    schema,
    rootValue,
    source: `{ list { nodes { a ...F } edges { cursor node { ... on Item { c } } } } } fragment F on Item { b }`,
  });
  expect(seen).toEqual(new Set(['a', 'b', 'c']));
});

describe('over HTTP', () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await createTestHub();
  });
  afterAll(() => t.close());

  test('a narrow selection answers the same values as a wide one', async () => {
    const narrow = await t.query(`{ enterprises(districtCode: "370202", first: 20) { nodes { name
      taxPayments(first: 5) { nodes { amount } } } } }`);
    const wide = await t.query(`{ enterprises(districtCode: "370202", first: 20) { nodes { name creditCode
      registeredCapital industry { code } taxPayments(first: 5) { nodes { amount period paidOn id taxType } } } } }`);
    expect(narrow.body.errors).toBeUndefined();
    expect(wide.body.errors).toBeUndefined();
    const project = (body: any) =>
      body.data.enterprises.nodes.map((e: any) => ({
        name: e.name,
        amounts: e.taxPayments.nodes.map((p: any) => p.amount),
      }));
    expect(project(narrow.body)).toEqual(project(wide.body));
    expect(wide.body.data.enterprises.nodes[0].taxPayments.nodes[0].paidOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });
});
