/**
 * Bad input gets a clear error with a code in `extensions`, never a stack trace or SQL, and the rest of the
 * answer is intact.
 */
import { parse } from 'graphql';
import { createTestHub, type TestHub } from './helpers/test-hub';
import { costRelevantVariables } from '../src/query-cost';

let t: TestHub;
beforeAll(async () => {
  t = await createTestHub();
});
afterAll(() => t.close());

/** No error may carry internals: stack traces, SQL, driver or file names. */
function expectNoLeaks(body: unknown): void {
  const text = JSON.stringify(body);
  expect(text).not.toMatch(/stacktrace|\bat \w+ \(|SELECT |FROM \w+ WHERE|node_modules|\.ts:\d+|knex|pg_/i);
}

test('a malformed document is rejected with GRAPHQL_PARSE_FAILED', async () => {
  const res = await t.query('{ enterprises(first: 2) { nodes { name }');
  expect(res.status).toBe(400);
  expect(res.body.data).toBeUndefined();
  expect(res.body.errors?.[0].extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
  expectNoLeaks(res.body);
});

test('an unknown field is rejected with GRAPHQL_VALIDATION_FAILED naming it', async () => {
  const res = await t.query('{ enterprises(first: 2) { nodes { name taxIdentifier } } }');
  expect(res.status).toBe(400);
  expect(res.body.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  expect(res.body.errors?.[0].message).toContain('taxIdentifier');
  expectNoLeaks(res.body);
});

test('a wrongly typed variable is rejected with BAD_USER_INPUT', async () => {
  const res = await t.query('query ($n: Int!) { enterprises(first: $n) { nodes { name } } }', { n: 'ten' });
  expect(res.status).toBe(400);
  expect(res.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
});

test.each([
  [
    'negative first',
    '{ enterprises(first: -1) { nodes { name } } }',
    /"first" must be a whole number from 0 to 500; got -1/,
  ],
  [
    'first above the maximum',
    '{ enterprises(first: 501) { nodes { name } } }',
    /"first" is at most 500 per page; got 501/,
  ],
  [
    'malformed cursor',
    '{ enterprises(first: 2, after: "not-a-cursor") { nodes { name } } }',
    /Malformed cursor/,
  ],
  [
    'cursor of another list',
    '{ enterprises(first: 2, after: "WyJ2MSIsMSwyXQ") { nodes { name } } }',
    /Malformed cursor/,
  ],
  [
    'malformed credit code',
    '{ enterprise(creditCode: "91370200ABC") { name } }',
    /18-character unified social credit code/,
  ],
  [
    'credit code with a wrong check character',
    '{ enterprise(creditCode: "913702021000000010") { name } }',
    /valid check character/,
  ],
  [
    'malformed period',
    '{ revenueSummary(groupBy: [DISTRICT], from: "2009/01") { totalAmount } }',
    /month like 2009-03/,
  ],
  ['empty groupBy', '{ revenueSummary(groupBy: []) { totalAmount } }', /at least one dimension/],
  ['non-numeric id', '{ keyProject(id: "abc") { name } }', /positive whole number/],
])('%s: BAD_USER_INPUT with a message that says what to change', async (_name, query, message) => {
  const res = await t.query(query);
  const error = res.body.errors?.[0];
  expect(error?.extensions?.code).toBe('BAD_USER_INPUT');
  expect(error?.message).toMatch(message);
  expectNoLeaks(res.body);
});

test('a malformed Date literal fails validation; as a variable it is BAD_USER_INPUT; both say the format', async () => {
  const literal = await t.query('{ documents(from: "2009-13-01") { nodes { title } } }');
  expect(literal.body.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  expect(literal.body.errors?.[0].message).toMatch(/YYYY-MM-DD/);
  const variable = await t.query('query ($from: Date) { documents(from: $from) { nodes { title } } }', {
    from: '2009-02-30',
  });
  expect(variable.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  expect(variable.body.errors?.[0].message).toMatch(/YYYY-MM-DD/);
});

test.each([
  [
    'unknown district filter',
    '{ enterprises(districtCode: "370299") { nodes { name } } }',
    /Unknown region code "370299" in "districtCode"/,
  ],
  [
    'unknown district in a list',
    '{ indicatorSeries(indicatorCodes: ["A01"], regionCodes: ["370202", "999999"]) { points { value } } }',
    /"999999"/,
  ],
  [
    'unknown industry',
    '{ enterprises(industryCode: "ZZ") { nodes { name } } }',
    /Unknown industry code "ZZ"/,
  ],
  [
    'unknown department',
    '{ supervisedTasks(leadDepartmentCode: "370200999") { nodes { title } } }',
    /Unknown department code/,
  ],
])('%s: NOT_FOUND naming the value', async (_name, query, message) => {
  const res = await t.query(query);
  expect(res.body.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  expect(res.body.errors?.[0].message).toMatch(message);
});

test('a bad argument on one field leaves the other fields of the answer intact', async () => {
  const res = await t.query(
    '{ region(code: "370202") { name } enterprises(first: 9999) { nodes { name } } indicators(first: 2) { nodes { code } } }',
  );
  expect(res.status).toBe(200);
  expect(res.body.data.region.name).toBe('市南区');
  expect(res.body.data.indicators.nodes).toHaveLength(2);
  expect(res.body.data.enterprises).toBeNull();
  expect(res.body.errors).toHaveLength(1);
  expect(res.body.errors?.[0].path).toEqual(['enterprises']);
});

test('a lookup of a key that does not exist is null, not an error', async () => {
  const res = await t.query('{ region(code: "370299") { name } department(code: "370200999") { name } }');
  expect(res.body.errors).toBeUndefined();
  expect(res.body.data).toEqual({ region: null, department: null });
});

test('a query that could return too many objects is refused before it runs, with the estimate', async () => {
  const before = t.statementCounts();
  const res = await t.query(
    '{ enterprises(first: 500) { nodes { name taxPayments(first: 500) { nodes { amount } } } } }',
  );
  expect(res.status).toBe(400);
  // 1 connection + 500 x (1 enterprise + 1 payment connection + 500 payments)
  expect(res.body.errors?.[0].extensions).toMatchObject({
    code: 'QUERY_TOO_COMPLEX',
    cost: 251_001,
    maxCost: 100_000,
  });
  expect(res.body.errors?.[0].message).toMatch(/smaller pages/);
  expect(t.statementCounts()).toEqual(before);
});

test('the estimate follows variables, defaults and declared list sizes', async () => {
  // 10,000 revenue groups x a district with 50 (default) enterprises each: refused.
  const summary = await t.query(
    '{ revenueSummary(groupBy: [DISTRICT]) { district { enterprises { nodes { name } } } } }',
  );
  expect(summary.body.errors?.[0].extensions?.code).toBe('QUERY_TOO_COMPLEX');
  const small = await t.query(
    'query ($n: Int!) { enterprises(first: $n) { nodes { taxPayments(first: 10) { nodes { amount } } } } }',
    { n: 100 },
  );
  expect(small.body.errors).toBeUndefined();
  const big = await t.query(
    'query ($n: Int!) { enterprises(first: $n) { nodes { taxPayments(first: 300) { nodes { amount } } } } }',
    { n: 500 },
  );
  expect(big.body.errors?.[0].extensions?.code).toBe('QUERY_TOO_COMPLEX');
});

test('one document, different page sizes: each request gets its own estimate (costs are remembered per page size)', async () => {
  const query = `query ($n: Int!, $d: ID) { enterprises(first: $n, districtCode: $d) {
    nodes { taxPayments(first: 300) { nodes { amount } } } } }`;
  const small = await t.query(query, { n: 10, d: '370202' });
  expect(small.body.errors).toBeUndefined();
  const big = await t.query(query, { n: 500, d: '370202' });
  expect(big.body.errors?.[0].extensions?.code).toBe('QUERY_TOO_COMPLEX');
  const smallAgain = await t.query(query, { n: 10, d: '370203' });
  expect(smallAgain.body.errors).toBeUndefined();
});

test('only page sizes and @include/@skip conditions change an estimate', () => {
  const document = parse(`query ($n: Int, $m: Int, $show: Boolean!, $code: ID!, $d: ID) {
    enterprise(creditCode: $code) { name @include(if: $show) taxPayments(first: $m) { nodes { amount } } }
    enterprises(first: $n, districtCode: $d) { nodes { name } } }`);
  expect(costRelevantVariables(document)).toEqual(['m', 'n', 'show']);
});

describe('the GraphQL request itself', () => {
  let token: string;
  beforeAll(async () => {
    token = await t.token();
  });

  async function post(body: unknown, init: { method?: string; path?: string } = {}) {
    const res = await fetch(`${t.baseUrl}${init.path ?? '/graphql'}`, {
      method: init.method ?? 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${token}`,
      },
      body: init.method === 'GET' ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as any };
  }

  test('a body without a query is a 400 BAD_REQUEST', async () => {
    const res = await post({ variables: {} });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].extensions.code).toBe('BAD_REQUEST');
    expect(res.body.data).toBeUndefined();
  });

  test('several operations and no operationName: 400 OPERATION_RESOLUTION_FAILURE; naming one runs it', async () => {
    const query = 'query A { regions { code } } query B { industries { code } }';
    const unnamed = await post({ query });
    expect(unnamed.status).toBe(400);
    expect(unnamed.body.errors[0].extensions.code).toBe('OPERATION_RESOLUTION_FAILURE');
    const named = await post({ query, operationName: 'B' });
    expect(named.status).toBe(200);
    expect(Object.keys(named.body.data)).toEqual(['industries']);
    expect(named.body.data.industries.length).toBeGreaterThan(0);
    // Each operation of a document is compiled on its own: naming the other one afterwards runs that one.
    const other = await post({ query, operationName: 'A' });
    expect(Object.keys(other.body.data)).toEqual(['regions']);
  });

  test('GET runs queries and refuses mutations with 405', async () => {
    const query = encodeURIComponent('{ regions { code } }');
    const get = await post(null, { method: 'GET', path: `/graphql?query=${query}` });
    expect(get.status).toBe(200);
    expect(get.body.data.regions.length).toBe(13);
    const mutation = encodeURIComponent('mutation { rotateNothing }');
    const refused = await post(null, { method: 'GET', path: `/graphql?query=${mutation}` });
    expect(refused.status).toBe(400); // not even valid: no such mutation field
    const real = encodeURIComponent(
      'mutation { requestAccess(input: { resourceCode: "FIS-ENTERPRISE-CONTACT", items: ["Enterprise.contactPhone"], purpose: "x", legalBasis: "y" }) { id } }',
    );
    const viaGet = await post(null, { method: 'GET', path: `/graphql?query=${real}` });
    expect(viaGet.status).toBe(405);
  });

  test('variables that do not fit their types: 400 BAD_USER_INPUT, nothing run', async () => {
    const before = t.statementCounts();
    const res = await post({
      query: 'query ($n: Int!) { enterprises(first: $n) { nodes { name } } }',
      variables: { n: 'ten' },
    });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(t.statementCounts()).toEqual(before);
  });

  test('a NUL character (U+0000) in a variable or a literal: 400 BAD_USER_INPUT saying where, nothing run', async () => {
    // PostgreSQL cannot compare text with a NUL: before, this failed in the connector as an internal error.
    const before = t.statementCounts();
    const inVariable = await post({
      query: 'query ($d: ID!) { enterprises(districtCode: $d, first: 2) { nodes { name } } }',
      variables: { d: '3702\u000002' },
    });
    expect(inVariable.status).toBe(400);
    expect(inVariable.body.errors[0]).toMatchObject({
      message: expect.stringMatching(/^\$d holds a NUL character/),
      extensions: { code: 'BAD_USER_INPUT' },
    });
    const nested = await post({
      query: 'query ($f: AuditFilter) { auditRecords(filter: $f) { nodes { seq } } }',
      variables: { f: { clientId: 'x\u0000' } },
    });
    expect(nested.body.errors[0].message).toMatch(/^\$f\.clientId holds a NUL character/);
    const inLiteral = await post({
      query: '{ enterprises(districtCode: "3702\\u000002", first: 2) { nodes { name } } }',
    });
    expect(inLiteral.status).toBe(400);
    expect(inLiteral.body.errors[0]).toMatchObject({
      message: expect.stringMatching(/^A string in the query holds a NUL character/),
      extensions: { code: 'BAD_USER_INPUT' },
    });
    expect(t.statementCounts()).toEqual(before);
  });
});
