/**
 * Keyset pagination: walking every page returns every row exactly once, in order, as the database holds them.
 */
import { createTestHub, type TestHub } from './helpers/test-hub';
import { decodeCursor, encodeCursor, readPage } from '../connectors/shared/pagination';
import {
  eqInScope,
  inListInScope,
  keysetPagePerParent,
  parentsInScope,
  withinScope,
} from '../connectors/shared/keyset';
import { numberedPlaceholders } from '../connectors/shared/source-db';

let t: TestHub;
beforeAll(async () => {
  t = await createTestHub();
});
afterAll(() => t.close());

async function walk(query: string, pick: (data: any) => any, variables: Record<string, unknown> = {}) {
  const seen: any[] = [];
  let after: string | null = null;
  for (let page = 0; page < 1000; page++) {
    const { body } = await t.query(query, { ...variables, after });
    expect(body.errors).toBeUndefined();
    const connection = pick(body.data);
    seen.push(...connection.nodes);
    expect(connection.edges.map((e: any) => e.node)).toEqual(connection.nodes);
    if (!connection.pageInfo.hasNextPage) return seen;
    after = connection.pageInfo.endCursor;
  }
  throw new Error('more than 1,000 pages');
}

test('enterprises of a district, 97 at a time, are exactly the district rows in credit-code order', async () => {
  const rows = await walk(
    `query ($after: String) { enterprises(districtCode: "370202", first: 97, after: $after) {
       nodes { creditCode } edges { node { creditCode } } pageInfo { hasNextPage endCursor } } }`,
    (d) => d.enterprises,
  );
  const expected = await t.sql(
    'fiscal',
    `SELECT credit_code FROM enterprise WHERE district_code = '370202' ORDER BY credit_code`,
  );
  expect(rows.map((r) => r.creditCode)).toEqual(expected.map((r) => r.credit_code));
  expect(rows.length).toBeGreaterThan(97);
});

test('tax payments of one enterprise, newest first, page by page with ties on period', async () => {
  const [{ enterprise_code }] = await t.sql(
    'fiscal',
    `SELECT enterprise_code FROM tax_payment GROUP BY enterprise_code ORDER BY count(*) DESC, enterprise_code LIMIT 1`,
  );
  const rows = await walk(
    `query ($code: ID!, $after: String) { enterprise(creditCode: $code) { taxPayments(first: 7, after: $after) {
       nodes { id period } edges { node { id period } } pageInfo { hasNextPage endCursor } } } }`,
    (d) => d.enterprise.taxPayments,
    { code: enterprise_code },
  );
  const expected = await t.sql(
    'fiscal',
    `SELECT id::text, period FROM tax_payment WHERE enterprise_code = $1 ORDER BY period DESC, tax_payment.id DESC`,
    [enterprise_code],
  );
  expect(rows).toEqual(expected.map((r) => ({ id: r.id, period: r.period })));
});

test('documents, newest first, filtered by kind and date', async () => {
  const rows = await walk(
    `query ($after: String) { documents(kind: POLICY, from: "2008-01-01", to: "2008-12-31", first: 50, after: $after) {
       nodes { id issuedOn } edges { node { id issuedOn } } pageInfo { hasNextPage endCursor } } }`,
    (d) => d.documents,
  );
  const expected = await t.sql(
    'decision',
    `SELECT id::text, to_char(issued_on, 'YYYY-MM-DD') AS "issuedOn" FROM policy_document
     WHERE kind = 'POLICY' AND issued_on BETWEEN '2008-01-01' AND '2008-12-31' ORDER BY issued_on DESC, policy_document.id DESC`,
  );
  expect(rows).toEqual(expected);
});

test('first: 0 returns no rows and says whether there are any', async () => {
  const { body } = await t.query(
    '{ indicators(first: 0) { nodes { code } pageInfo { hasNextPage endCursor } } }',
  );
  expect(body.data.indicators).toEqual({ nodes: [], pageInfo: { hasNextPage: true, endCursor: null } });
});

describe('cursors', () => {
  test('round-trip and are opaque', () => {
    const cursor = encodeCursor(['2009-12', 42]);
    expect(cursor).not.toContain('2009');
    expect(decodeCursor(cursor, ['s', 'n'])).toEqual(['2009-12', 42]);
  });

  test.each([
    ['random text', 'hello'],
    ['valid JSON, wrong version', Buffer.from('["v0","a"]').toString('base64url')],
    ['wrong arity', encodeCursor(['a', 'b'])],
    ['wrong type', encodeCursor([1])],
  ])('reject %s', (_name, cursor) => {
    expect(() => decodeCursor(cursor, ['s'])).toThrow(/Malformed cursor/);
  });

  test('page size defaults to 50, and is checked against the maximum', () => {
    expect(readPage({}, ['s'], 500)).toEqual({ limit: 50, after: null });
    expect(() => readPage({ first: 501 }, ['s'], 500)).toThrow(/at most 500/);
    expect(() => readPage({ first: 1.5 }, ['s'], 500)).toThrow(/whole number/);
  });
});

describe('filters within a district scope', () => {
  /** The conditions and bindings `add` writes. */
  function conditions(add: (where: string[], bindings: unknown[]) => void): [string[], unknown[]] {
    const where: string[] = [];
    const bindings: unknown[] = [];
    add(where, bindings);
    return [where, bindings];
  }

  test('a filter inside the scope is one condition on the column; outside it matches nothing', () => {
    expect(conditions((w, b) => eqInScope(w, b, 'district_code', '370202', ['370202']))).toEqual([
      ['district_code = ?'],
      ['370202'],
    ]);
    expect(conditions((w, b) => eqInScope(w, b, 'district_code', '370203', ['370202']))).toEqual([
      ['false'],
      [],
    ]);
    expect(conditions((w, b) => eqInScope(w, b, 'district_code', null, ['370202']))).toEqual([
      ['district_code = ANY(?)'],
      [['370202']],
    ]);
    expect(conditions((w, b) => eqInScope(w, b, 'district_code', null, null))).toEqual([[], []]);
  });

  test('lists and parents are cut to the scope', () => {
    expect(withinScope(['370202', '370203'], ['370202', '370211'])).toEqual(['370202']);
    expect(withinScope(undefined, ['370202'])).toEqual(['370202']);
    expect(withinScope(['370203'], null)).toEqual(['370203']);
    expect(withinScope(null, null)).toBeNull();
    expect(conditions((w, b) => inListInScope(w, b, 'district_code', ['370203'], ['370202']))).toEqual([
      ['false'],
      [],
    ]);
    expect(parentsInScope(['370202', '370203'], ['370202'])).toEqual(['370202']);
    expect(parentsInScope(['370203'], null)).toEqual(['370203']);
  });
});

describe('query plans', () => {
  /** The plan of `sql` (knex `?` placeholders) on the fiscal database, as text. */
  async function plan(sql: string, bindings: unknown[]): Promise<string> {
    const rows = await t.sql('fiscal', `EXPLAIN ${numberedPlaceholders(sql)}`, bindings);
    return rows.map((r: Record<string, string>) => r['QUERY PLAN']).join('\n');
  }

  test('a page of payments per enterprise walks the index, with no sort, even though ids are cast in the select list', async () => {
    const q = keysetPagePerParent({
      columns: 'id::float8 AS id, period',
      from: 'tax_payment',
      orderBy: ['period', 'id'],
      descending: true,
      page: { limit: 10, after: ['2009-06', 12345] },
      parentColumn: 'enterprise_code',
      parentType: 'text',
      parentKeys: ['913702021000103619', '91370202100019614F'],
    });
    const text = await plan(q.sql, q.bindings);
    expect(text).toContain('tax_payment_enterprise_idx');
    expect(text).not.toMatch(/Sort/);
  });
});
