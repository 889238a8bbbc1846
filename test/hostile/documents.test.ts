/**
 * Hostile documents: each attack that once hung, crashed or bloated the hub is refused with its own code before
 * any SQL runs, /health keeps answering within 1 s while it runs, and memory comes back afterwards.
 */
import { getIntrospectionQuery } from 'graphql';
import { createTestHub, type TestHub } from '../helpers/test-hub';
import { eventLoopBlockMs, heapUsedMb, watch } from './watch';

let t: TestHub;
let token: string;
beforeAll(async () => {
  t = await createTestHub();
  token = await t.token();
});
afterAll(() => t.close());

/** POSTs a raw body to /graphql with the test reader's token; returns status, code of the first error, body. */
async function post(body: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${t.baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...headers },
    body,
  });
  const text = await res.text();
  let json: any = null;
  try {
    json = JSON.parse(text);
  } catch {
    // not JSON: the assertion on `json` says so
  }
  return { status: res.status, code: json?.errors?.[0]?.extensions?.code as string | undefined, json, text };
}

const query = (q: string, variables?: unknown) => post(JSON.stringify({ query: q, variables }));

/** Statements the hub has sent to the sources so far, summed. */
const statements = () => Object.values(t.statementCounts()).reduce((a, b) => a + b, 0);

/** Runs an attack under watch and checks the hub stayed responsive and ran no SQL for it. */
async function refusedQuietly(attack: () => Promise<{ status: number; code?: string }[]>) {
  const before = statements();
  const watched = await watch(t.baseUrl, attack);
  expect(watched.probes).toBeGreaterThan(0);
  expect(watched.slowestHealthMs).toBeLessThan(1000);
  expect(statements()).toBe(before);
  return watched.result;
}

test('nested fragment spreads (8 levels of 20) are refused at once, not expanded 20^8 times', async () => {
  let doc = '{ ...F0 }';
  for (let i = 0; i < 8; i++) doc += ` fragment F${i} on Query { __typename ${` ...F${i + 1}`.repeat(20)} }`;
  doc += ' fragment F8 on Query { __typename }';
  const [res] = await refusedQuietly(async () => [await query(doc)]);
  expect(res.status).toBe(400);
  expect(['FIELD_REPEATED', 'TOO_MANY_SELECTIONS']).toContain(res.code);
});

test('fragments that fan out through distinct fields are refused by the expanded size', async () => {
  // Each level selects two fields that both spread the next fragment: 2^12 selections from a small document.
  let doc = '{ region(code: "370202") { ...R0 } }';
  for (let i = 0; i < 12; i++) doc += ` fragment R${i} on Region { code parent { ...R${i + 1} } name }`;
  doc += ' fragment R12 on Region { code }';
  let fan = '{ region(code: "370202") { ...E0 } }';
  for (let i = 0; i < 12; i++)
    fan += ` fragment E${i} on Region { a${i}: parent { ...E${i + 1} } b${i}: parent { ...E${i + 1} } }`;
  fan += ' fragment E12 on Region { code }';
  expect((await query(doc)).status).toBe(200); // 13 levels of one field each: within every limit
  const [fanned] = await refusedQuietly(async () => [await query(fan)]);
  expect(fanned.status).toBe(400);
  expect(['TOO_MANY_SELECTIONS', 'TOO_MANY_ALIASES']).toContain(fanned.code);
});

test('10,001 __typename aliases are refused (token or alias limit), never let past the cost limit', async () => {
  const padding = Array.from({ length: 10_001 }, (_, i) => `t${i}: __typename`).join(' ');
  const [res] = await refusedQuietly(async () => [
    await query(
      `{ ${padding} enterprises(first: 500) { nodes { taxPayments(first: 500) { nodes { amount } } } } }`,
    ),
  ]);
  expect(res.status).toBe(400);
  expect(['TOO_MANY_TOKENS', 'DOCUMENT_TOO_LARGE']).toContain(res.code);
  const few = Array.from({ length: 31 }, (_, i) => `t${i}: __typename`).join(' ');
  const aliased = await query(`{ region(code: "370202") { ${few} } }`);
  expect(aliased.status).toBe(400);
  expect(aliased.code).toBe('TOO_MANY_ALIASES');
});

test('deep nesting is refused: a parent chain, an ofType chain, aliased introspection', async () => {
  const chain = (n: number) => `{ region(code: "370202") { ${'parent { '.repeat(n)}code${' }'.repeat(n)} } }`;
  const ofType = (n: number) =>
    `{ __type(name: "Region") { fields { type { ${'ofType { '.repeat(n)}name${' }'.repeat(n)} } } } }`;
  const introspection = getIntrospectionQuery()
    .replace(/^\s*query IntrospectionQuery\s*\{/, '')
    .trim();
  const full = `{ ${Array.from({ length: 60 }, (_, i) => `s${i}: ${introspection.replace(/\}$/, '').trim()} }`).join(' ')}`;
  const results = await refusedQuietly(async () => [
    await query(chain(2000)),
    await query(chain(20)),
    await query(ofType(500)),
    await query(ofType(20)),
    await query(full),
  ]);
  for (const res of results) expect(res.status).toBe(400);
  expect(results[0].code).toBe('TOO_MANY_TOKENS');
  expect(results[1].code).toBe('TOO_DEEP');
  expect(['TOO_MANY_TOKENS', 'TOO_DEEP']).toContain(results[2].code);
  expect(results[3].code).toBe('TOO_DEEP');
  expect(['TOO_MANY_TOKENS', 'DOCUMENT_TOO_LARGE', 'TOO_MANY_ALIASES']).toContain(results[4].code);
});

test('one response key repeated past the limit is refused before graphql-js compares every pair', async () => {
  const res = await query(`{ ${'region(code: "370202") { code } '.repeat(200)} }`);
  expect(res.status).toBe(400);
  expect(res.code).toBe('FIELD_REPEATED');
});

test('many operations or root fields in one document are refused', async () => {
  const ops = Array.from({ length: 11 }, (_, i) => `query Q${i} { __typename }`).join(' ');
  const many = await post(JSON.stringify({ query: ops, operationName: 'Q0' }));
  expect(many.status).toBe(400);
  expect(many.code).toBe('TOO_MANY_OPERATIONS');
  const roots = `{ ${Array.from({ length: 21 }, (_, i) => `r${i}: region(code: "370202") { code }`).join(' ')} }`;
  const wide = await query(roots);
  expect(wide.status).toBe(400);
  expect(['TOO_MANY_ROOT_FIELDS', 'TOO_MANY_ALIASES']).toContain(wide.code);
});

test('140 different 450 kB documents that cannot run leave memory where it was', async () => {
  const before = await heapUsedMb();
  const results = await refusedQuietly(async () => {
    const out: { status: number; code?: string }[] = [];
    for (let i = 0; i < 140; i++) {
      const doc = `{ region(code: "${i}") { ${'nme '.repeat(110_000)} } }`;
      const res = await query(doc);
      out.push(res);
    }
    return out;
  });
  for (const res of results) {
    expect(res.status).toBe(413);
    expect(res.code).toBe('PAYLOAD_TOO_LARGE');
  }
  // Under the body limit but over the document limit, and invalid ones that parse: refused, not kept.
  for (let i = 0; i < 140; i++) {
    const long = await query(`{ region(code: "${i}") { ${'nme '.repeat(9000)} } }`);
    expect(long.code).toBe('DOCUMENT_TOO_LARGE');
    const invalid = await query(`{ region(code: "${i}") { ${'nme '.repeat(1500)} } }`);
    expect(invalid.status).toBe(400);
  }
  expect((await heapUsedMb()) - before).toBeLessThan(100);
});

test('variables: 60,000 levels deep, too many values, or a NUL are 400s with a code, never 500', async () => {
  const deep = `{"query":"query ($f: EnterpriseFilter) { __typename }","variables":{"f":${'['.repeat(60_000)}${']'.repeat(60_000)}}}`;
  const wide = { f: { districtCodes: Array.from({ length: 6000 }, () => '370202') } };
  const results = await refusedQuietly(async () => [
    await post(deep),
    await query('query ($f: [String!]) { __typename }', wide),
  ]);
  expect(results[0]).toMatchObject({ status: 400, code: 'VARIABLES_TOO_LARGE' });
  expect(results[1]).toMatchObject({ status: 400, code: 'VARIABLES_TOO_LARGE' });
  const nul = await query('query ($c: ID!) { region(code: $c) { code } }', { c: 'x\u0000' });
  expect(nul).toMatchObject({ status: 400, code: 'BAD_USER_INPUT' });
});

test('a cursor that decodes to text with a NUL is BAD_USER_INPUT', async () => {
  const cursor = Buffer.from('["\u0000"]').toString('base64url');
  const res = await query(`{ enterprises(first: 2, after: "${cursor}") { nodes { name } } }`);
  expect(res.code).toBe('BAD_USER_INPUT');
});

test('wrong content types, batch arrays and bad JSON get a GraphQL error body with a documented code', async () => {
  const plain = await post('{ __typename }', { 'content-type': 'text/plain' });
  expect(plain).toMatchObject({ status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' });
  const xml = await post('<q/>', { 'content-type': 'application/xml' });
  expect(xml).toMatchObject({ status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' });
  const batch = await post(JSON.stringify([{ query: '{ __typename }' }, { query: '{ __typename }' }]));
  expect(batch).toMatchObject({ status: 400, code: 'BATCHING_NOT_SUPPORTED' });
  const broken = await post('{"query": ');
  expect(broken).toMatchObject({ status: 400, code: 'BAD_REQUEST' });
  const empty = await post(JSON.stringify({ query: '' }));
  expect(empty).toMatchObject({ status: 400, code: 'BAD_REQUEST' });
});

test('the graphql-response media type is answered when asked for', async () => {
  const res = await fetch(`${t.baseUrl}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json',
      authorization: `Bearer ${token}`,
    },
    body: JSON.stringify({ query: '{ __typename }' }),
  });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^application\/graphql-response\+json/);
});

test('introspection follows the role setting: refused with INTROSPECTION_DISABLED where it is off', async () => {
  const off = await createTestHub({ env: { INTROSPECTION_ROLES: 'ADMIN' } });
  try {
    const asDepartment = await off.query('{ __schema { queryType { name } } }');
    expect(asDepartment.status).toBe(403);
    expect(asDepartment.body.errors?.[0].extensions?.code).toBe('INTROSPECTION_DISABLED');
    const asAdmin = await off.query('{ __schema { queryType { name } } }', {}, { as: 'hub-admin' });
    expect(asAdmin.status).toBe(200);
    expect(asAdmin.body.data.__schema.queryType.name).toBe('Query');
  } finally {
    await off.close();
  }
});

test('the largest documents the limits allow block the event loop for under 100 ms each', async () => {
  const introspection = getIntrospectionQuery();
  const regionFields = ['code', 'name', 'kind', 'parent { code }'].map((f) => `${f} `.repeat(10)).join('');
  // Just under each limit, in the shapes that cost most to validate, estimate and execute.
  const documents: [string, string][] = [
    ['full introspection', introspection],
    [
      'seven introspections (aliases)',
      `{ ${Array.from({ length: 7 }, (_, i) => `s${i}: __schema { types { name kind fields { name type { name kind ofType { name kind ofType { name } } } } } }`).join(' ')} }`,
    ],
    ['repeated keys at the limit', `{ ${`region(code: "370202") { ${regionFields} } `.repeat(10)} }`],
    [
      'a page of 500 with every field',
      `{ enterprises(first: 500) { nodes { creditCode name legalRepresentative contactPhone industry { name } district { name } } } }`,
    ],
  ];
  for (const [name, doc] of documents) {
    const blocked = await eventLoopBlockMs(async () => {
      const res = await query(doc);
      expect({ name, status: res.status }).toEqual({ name, status: 200 });
    });
    process.stderr.write(`event loop blocked by "${name}": ${blocked.toFixed(1)} ms\n`);
    // Named in the failure message so a regression says which shape.
    expect({ name, blocked: blocked < 100 }).toEqual({ name, blocked: true });
  }
});

test('an anonymous caller is answered 401 before its body is read, however large or malformed', async () => {
  for (const body of ['x'.repeat(1_000_000), `{"query": "${'{ a '.repeat(50_000)}"}`]) {
    const res = await fetch(`${t.baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    expect(res.status).toBe(401);
    expect(((await res.json()) as any).errors[0].extensions.code).toBe('UNAUTHENTICATED');
  }
});

test('GET requests meet the same limits, read as Apollo Server reads them (a malformed escape included)', async () => {
  let bomb = '{ ...F0 }';
  for (let i = 0; i < 8; i++) bomb += ` fragment F${i} on Query { __typename ${` ...F${i + 1}`.repeat(20)} }`;
  bomb += ' fragment F8 on Query { __typename }';
  const get = (search: string) =>
    fetch(`${t.baseUrl}/graphql?${search}`, {
      headers: { authorization: `Bearer ${token}`, 'apollo-require-preflight': '1' },
    }).then(async (res) => ({ status: res.status, body: (await res.json()) as any }));
  const before = statements();
  // `%ZZ` inside a comment: Fastify's query parser gives up on the whole value, URLSearchParams does not.
  const sneaky = await get(`query=${encodeURIComponent(bomb)}%23%ZZ`);
  expect(sneaky.status).toBe(400);
  expect(['FIELD_REPEATED', 'TOO_MANY_SELECTIONS']).toContain(sneaky.body.errors[0].extensions.code);
  const deepVariables = await get(
    `query=${encodeURIComponent('query ($f: [String!]) { __typename }')}&variables=${encodeURIComponent(JSON.stringify({ f: [[[[[[[[[['x']]]]]]]]]] }))}%ZZ`,
  );
  expect(deepVariables.status).toBe(400);
  const twice = await get(
    `query=${encodeURIComponent('{ __typename }')}&query=${encodeURIComponent('{ __typename }')}`,
  );
  expect(twice.status).toBe(400);
  expect(statements()).toBe(before);
  const fine = await get(`query=${encodeURIComponent('{ regions { code } }')}`);
  expect(fine.status).toBe(200);
});
