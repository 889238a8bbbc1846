/**
 * The audit trail over real HTTP: one record per request and outcome, written before the answer leaves,
 * append-only, hash-chained so that tampering shows at exactly the changed record.
 */
import { createHash } from 'node:crypto';
import { parse, print } from 'graphql';
import { createTestHub, type TestHub } from './helpers/test-hub';
import { auditEntry } from './helpers/audit-entry';
import pino from 'pino';
import { AuditStore, CHAIN_HEAD_SQL } from '../audit/store';

let t: TestHub;
beforeAll(async () => {
  t = await createTestHub();
});
afterAll(() => t.close());

/** The audit record of the request that got `requestId`, read straight from the directory database. */
async function recordOf(requestId: string) {
  const [row] = await t.sql(
    'directory',
    `SELECT seq, client_id, department_code, end_user, case_id, path, operation_name, operation_type, document_hash,
            coordinates_returned, coordinates_masked, coordinates_denied, rows_per_resource, grant_ids::int[] AS grant_ids,
            outcome, http_status, error_codes, duration_ms, variables
     FROM audit_record WHERE request_id = $1`,
    [requestId],
  );
  return row;
}

const hashOf = (query: string) =>
  createHash('sha256')
    .update(print(parse(query)))
    .digest('hex');

test('an answered query: who, what, how many rows per resource, which grants', async () => {
  const query = `query Overview {
      enterprises(first: 3) { nodes { name contactPhone } }
    }`;
  const res = await t.query(
    query,
    {},
    {
      as: 'shinan-planning-app',
      // Header values are bytes: a Chinese name travels percent-encoded (UTF-8), as documented.
      headers: { 'x-end-user': encodeURIComponent('王磊'), 'x-case-id': 'QD-2009-0042' },
    },
  );
  expect(res.body.errors).toBeUndefined();
  const record = await recordOf(res.headers.get('x-request-id')!);
  const [grant] = await t.sql(
    'directory',
    `SELECT id FROM access_grant WHERE resource_code = 'FIS-ENTERPRISE-CONTACT' AND consumer_department_code = '370202001'`,
  );
  expect(record).toMatchObject({
    client_id: 'shinan-planning-app',
    department_code: '370202001',
    end_user: '王磊',
    case_id: 'QD-2009-0042',
    path: '/graphql',
    operation_name: 'Overview',
    operation_type: 'query',
    document_hash: hashOf(query),
    coordinates_returned: ['Enterprise.contactPhone', 'Enterprise.name', 'Query.enterprises'],
    coordinates_masked: ['Enterprise.contactPhone'],
    coordinates_denied: [],
    rows_per_resource: { 'FIS-ENTERPRISE': 3, 'FIS-ENTERPRISE-CONTACT': 3 },
    grant_ids: [Number(grant.id)],
    outcome: 'ANSWERED',
    http_status: 200,
    error_codes: [],
    variables: null,
  });
  expect(record.duration_ms).toBeGreaterThan(0);
});

test.each([
  [
    'partly denied',
    '{ enterprises(first: 2) { nodes { name contactPhone } } }',
    'stats-bureau-app',
    'PARTLY_DENIED',
    200,
    ['FORBIDDEN'],
  ],
  [
    'denied',
    '{ revenueSummary(groupBy: [DISTRICT]) { totalAmount } }',
    'stats-bureau-app',
    'DENIED',
    200,
    ['FORBIDDEN'],
  ],
  [
    'malformed',
    '{ enterprises(first: 2) { nodes { name }',
    'stats-bureau-app',
    'MALFORMED',
    400,
    ['GRAPHQL_PARSE_FAILED'],
  ],
  [
    'an unknown field',
    '{ enterprises { nodes { taxId } } }',
    'stats-bureau-app',
    'MALFORMED',
    400,
    ['GRAPHQL_VALIDATION_FAILED'],
  ],
  [
    'a bad argument',
    '{ enterprises(first: -1) { nodes { name } } }',
    'stats-bureau-app',
    'MALFORMED',
    400,
    ['BAD_USER_INPUT'],
  ],
  [
    'over a limit',
    '{ enterprises(first: 500) { nodes { taxPayments(first: 500) { nodes { amount } } } } }',
    'tax-office-app',
    'OVER_LIMIT',
    400,
    ['QUERY_TOO_COMPLEX'],
  ],
])('%s: one record with its outcome and error codes', async (_name, query, as, outcome, status, codes) => {
  const res = await t.query(query, {}, { as });
  expect(res.status).toBe(status);
  const record = await recordOf(res.headers.get('x-request-id')!);
  expect(record).toMatchObject({ outcome, http_status: status, error_codes: codes, client_id: as });
});

test('unauthenticated requests and token requests are recorded too', async () => {
  const anonymous = await t.query('{ regions { name } }', {}, { token: null });
  expect(await recordOf(anonymous.headers.get('x-request-id')!)).toMatchObject({
    outcome: 'UNAUTHENTICATED',
    http_status: 401,
    client_id: null,
    error_codes: ['UNAUTHENTICATED'],
  });
  const badSecret = await fetch(`${t.baseUrl}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=client_credentials&client_id=tax-office-app&client_secret=guess',
  });
  expect(await recordOf(badSecret.headers.get('x-request-id')!)).toMatchObject({
    path: '/oauth/token',
    outcome: 'UNAUTHENTICATED',
    http_status: 401,
    client_id: 'tax-office-app',
  });
});

test('a request that reaches /graphql by another spelling is audited as /graphql', async () => {
  // The router decodes %67 to g, so this is the GraphQL route; the audit must follow the route, not the raw URL.
  const res = await fetch(`${t.baseUrl}/%67raphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await t.token()}` },
    body: JSON.stringify({ query: '{ regions { name } }' }),
  });
  expect(res.status).toBe(200);
  expect(((await res.json()) as any).data.regions.length).toBeGreaterThan(0);
  expect(await recordOf(res.headers.get('x-request-id')!)).toMatchObject({
    path: '/graphql',
    outcome: 'ANSWERED',
    coordinates_returned: expect.arrayContaining(['Query.regions']),
  });
});

test('records are append-only: UPDATE, DELETE and TRUNCATE are refused by the database', async () => {
  await t.query('{ regions { code } }');
  await expect(t.sql('directory', `UPDATE audit_record SET outcome = 'ANSWERED'`)).rejects.toThrow(
    /append-only/,
  );
  await expect(t.sql('directory', `DELETE FROM audit_record`)).rejects.toThrow(/append-only/);
  await expect(t.sql('directory', `TRUNCATE audit_record`)).rejects.toThrow(/append-only/);
  // A real, chained change to try to delete.
  await t.query(
    'mutation { updateCatalogueResource(input: { code: "FIS-BUDGET", updateCycle: "每季度", reason: "r" }) { code } }',
    {},
    { as: 'hub-admin' },
  );
  await expect(t.sql('directory', `DELETE FROM directory_change`)).rejects.toThrow(/append-only/);
});

test('concurrent requests are group-committed: many records per transaction, one unbroken chain', async () => {
  const responses = await Promise.all(Array.from({ length: 120 }, () => t.query('{ regions { code } }')));
  const ids = responses.map((r) => r.headers.get('x-request-id'));
  const [{ records, transactions }] = await t.sql(
    'directory',
    // Rows written by one transaction share its xmin.
    `SELECT count(*)::int AS records, count(DISTINCT xmin::text)::int AS transactions FROM audit_record WHERE request_id = ANY($1)`,
    [ids],
  );
  expect(records).toBe(120);
  expect(transactions).toBeLessThan(120);
  const verified = await t.query(
    '{ verifyAudit { checked intact firstBrokenSeq } }',
    {},
    { as: 'hub-auditor' },
  );
  expect(verified.body.data.verifyAudit).toMatchObject({ intact: true, firstBrokenSeq: null });
  expect(verified.body.data.verifyAudit.checked).toBeGreaterThanOrEqual(120);
});

test('text PostgreSQL cannot store (NUL, lone surrogates) is recorded replaced, and never fails the batch it shares', async () => {
  // An anonymous token request whose client_id holds characters a text column refuses, sent together with
  // ordinary queries: group commit puts them in the same INSERT, which must still succeed for everyone.
  const hostile = () =>
    fetch(`${t.baseUrl}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        grant_type: 'client_credentials',
        client_id: 'a\u0000b\ud800c',
        client_secret: 'x',
      }),
    });
  await t.query('{ regions { name } }'); // the reader's token, fetched now so its queries go out with the others
  const responses = await Promise.all([
    ...Array.from({ length: 5 }, hostile),
    ...Array.from({ length: 5 }, () => t.query('{ regions { name } }')),
  ]);
  expect(responses.map((r) => r.status)).toEqual([401, 401, 401, 401, 401, 200, 200, 200, 200, 200]);
  const record = await recordOf(responses[0].headers.get('x-request-id')!);
  expect(record).toMatchObject({
    path: '/oauth/token',
    outcome: 'UNAUTHENTICATED',
    client_id: 'a\ufffdb\ufffdc',
  });
  const verified = await t.query('{ verifyAudit { intact } }', {}, { as: 'hub-auditor' });
  expect(verified.body.data.verifyAudit.intact).toBe(true);
});

test('if the audit trail cannot be written, the answer is 503 and carries no data', async () => {
  await t.sql('directory', `ALTER TABLE audit_record ADD CONSTRAINT refuse_all CHECK (false) NOT VALID`);
  try {
    const res = await t.query('{ enterprises(first: 2) { nodes { name } } }');
    expect(res.status).toBe(503);
    expect(res.body.data).toBeUndefined();
    expect(res.body.errors?.[0].extensions?.code).toBe('AUDIT_UNAVAILABLE');
  } finally {
    await t.sql('directory', `ALTER TABLE audit_record DROP CONSTRAINT refuse_all`);
  }
  const after = await t.query('{ enterprises(first: 2) { nodes { name } } }');
  expect(after.status).toBe(200);
});

test('tampering with one record (trigger disabled) is found at exactly that record', async () => {
  await t.query('{ regions { code } }');
  const [{ seq }] = await t.sql(
    'directory',
    `SELECT seq::int FROM audit_record ORDER BY seq DESC OFFSET 3 LIMIT 1`,
  );
  await t.sql(
    'directory',
    `ALTER TABLE audit_record DISABLE TRIGGER audit_record_append_only;
     UPDATE audit_record SET client_id = 'someone-else' WHERE seq = ${seq};
     ALTER TABLE audit_record ENABLE TRIGGER audit_record_append_only;`,
  );
  const verified = await t.query(
    '{ verifyAudit { intact firstBrokenSeq reason } }',
    {},
    { as: 'hub-auditor' },
  );
  expect(verified.body.data.verifyAudit).toEqual({
    intact: false,
    firstBrokenSeq: String(seq),
    reason: expect.stringMatching(/changed/),
  });
  const result = await t.hub.audit.verify();
  expect(result.firstBreak?.seq).toBe(seq);
  // Only auditors verify.
  const denied = await t.query('{ verifyAudit { intact } }', {}, { as: 'hub-admin' });
  expect(denied.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
});

describe('reading the trail', () => {
  const RECORDS = `query ($filter: AuditFilter, $after: String) {
    auditRecords(filter: $filter, first: 2, after: $after) {
      nodes { seq clientId departmentCode outcome coordinatesReturned rowsPerResource { resourceCode rows } }
      pageInfo { hasNextPage endCursor }
    }
  }`;

  test('auditors filter by client and outcome and page newest first', async () => {
    for (let i = 0; i < 3; i++)
      await t.query('{ indicators(first: 1) { nodes { code } } }', {}, { as: 'ndrc-projects-app' });
    const seen: any[] = [];
    let after: string | null = null;
    do {
      const res: any = await t.query(
        RECORDS,
        { filter: { clientId: 'ndrc-projects-app', outcome: 'ANSWERED' }, after },
        { as: 'hub-auditor' },
      );
      expect(res.body.errors).toBeUndefined();
      seen.push(...res.body.data.auditRecords.nodes);
      after = res.body.data.auditRecords.pageInfo.hasNextPage
        ? res.body.data.auditRecords.pageInfo.endCursor
        : null;
    } while (after);
    const expected = await t.sql(
      'directory',
      `SELECT seq::text FROM audit_record WHERE client_id = 'ndrc-projects-app' AND outcome = 'ANSWERED' ORDER BY seq DESC`,
    );
    expect(seen.map((r) => r.seq)).toEqual(expected.map((r) => r.seq));
    expect(seen.length).toBeGreaterThanOrEqual(3);
    expect(seen[0].rowsPerResource).toEqual([{ resourceCode: 'STAT-INDICATOR', rows: 1 }]);
  });

  test('a provider sees who read its data, and nothing else', async () => {
    await t.query('{ enterprises(first: 4) { nodes { name } } }', {}, { as: 'stats-bureau-app' });
    await t.query('{ indicators(first: 1) { nodes { code } } }', {}, { as: 'general-office-dashboard' });
    const res = await t.query(
      '{ auditRecords(first: 500) { nodes { clientId rowsPerResource { resourceCode } } } }',
      {},
      { as: 'tax-office-app' },
    );
    const nodes = res.body.data.auditRecords.nodes as any[];
    expect(nodes.some((n) => n.clientId === 'stats-bureau-app')).toBe(true);
    for (const n of nodes)
      expect(n.rowsPerResource.some((r: any) => r.resourceCode.startsWith('FIS-'))).toBe(true);
    const admin = await t.query('{ auditRecords { nodes { seq } } }', {}, { as: 'hub-admin' });
    expect(admin.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  test('usage statistics per day, department and resource equal the raw records summed', async () => {
    await t.query(
      '{ enterprises(first: 2) { nodes { name contactPhone } } }',
      {},
      { as: 'stats-bureau-app' },
    );
    const from = new Date(Date.now() - 86_400_000).toISOString();
    const to = new Date(Date.now() + 86_400_000).toISOString();
    const res = await t.query(
      'query ($from: DateTime!, $to: DateTime!) { usageStatistics(from: $from, to: $to) { day departmentCode resourceCode requests rows denials } }',
      { from, to },
      { as: 'hub-auditor' },
    );
    expect(res.body.errors).toBeUndefined();
    const raw = await t.sql(
      'directory',
      `SELECT department_code, rows_per_resource, coordinates_denied FROM audit_record`,
    );
    const items = new Map(
      (await t.sql('directory', 'SELECT coordinate, resource_code FROM resource_item')).map((i) => [
        i.coordinate,
        i.resource_code,
      ]),
    );
    const oracle = new Map<string, { requests: number; rows: number; denials: number }>();
    const at = (dept: string | null, resource: string) => {
      const key = `${dept}|${resource}`;
      if (!oracle.has(key)) oracle.set(key, { requests: 0, rows: 0, denials: 0 });
      return oracle.get(key)!;
    };
    for (const r of raw) {
      for (const [resource, rows] of Object.entries(r.rows_per_resource as Record<string, number>)) {
        at(r.department_code, resource).requests++;
        at(r.department_code, resource).rows += rows;
      }
      for (const resource of new Set((r.coordinates_denied as string[]).map((c) => items.get(c)!)))
        at(r.department_code, resource).denials++;
    }
    const got = new Map<string, { requests: number; rows: number; denials: number }>();
    for (const u of res.body.data.usageStatistics) {
      const key = `${u.departmentCode}|${u.resourceCode}`;
      const g = got.get(key) ?? { requests: 0, rows: 0, denials: 0 };
      got.set(key, {
        requests: g.requests + u.requests,
        rows: g.rows + u.rows,
        denials: g.denials + u.denials,
      });
    }
    expect(got).toEqual(oracle);
    expect(got.get('370200035|FIS-ENTERPRISE-CONTACT')?.denials).toBeGreaterThan(0);
  });
});

test('a body over the size limit and a body that is not JSON are recorded as over the limit and malformed', async () => {
  const big = await fetch(`${t.baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await t.token()}` },
    body: JSON.stringify({ query: `{ regions { code } } # ${'x'.repeat(600 * 1024)}` }),
  });
  expect(big.status).toBe(413);
  expect(await recordOf(big.headers.get('x-request-id')!)).toMatchObject({
    outcome: 'OVER_LIMIT',
    http_status: 413,
  });
  const garbage = await fetch(`${t.baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await t.token()}` },
    body: '{"query": ',
  });
  expect(garbage.status).toBe(400);
  expect(await recordOf(garbage.headers.get('x-request-id')!)).toMatchObject({
    outcome: 'MALFORMED',
    http_status: 400,
  });
});

test('variables are kept only when AUDIT_STORE_VARIABLES is on', async () => {
  const query = 'query ($d: ID) { enterprises(districtCode: $d, first: 1) { nodes { name } } }';
  const off = await t.query(query, { d: '370202' });
  expect((await recordOf(off.headers.get('x-request-id')!)).variables).toBeNull();
  const withVariables = await createTestHub({ env: { AUDIT_STORE_VARIABLES: 'true' } });
  try {
    const on = await withVariables.query(query, { d: '370202' });
    const [row] = await withVariables.sql(
      'directory',
      'SELECT variables FROM audit_record WHERE request_id = $1',
      [on.headers.get('x-request-id')],
    );
    expect(row.variables).toEqual({ d: '370202' });
  } finally {
    await withVariables.close();
  }
});

test('finding the head of the chain walks the primary key instead of sorting every record', async () => {
  const rows = await t.sql('directory', `EXPLAIN ${CHAIN_HEAD_SQL}`);
  const plan = rows.map((r: Record<string, string>) => r['QUERY PLAN']).join('\n');
  expect(plan).toMatch(/Index Scan Backward using audit_record_pkey/);
  expect(plan).not.toMatch(/Sort/);
});

test('two processes appending at once keep one unbroken chain (the primary key settles every race)', async () => {
  const url = t.hub.databases.bySource.get('directory')!.url;
  const stores = [
    new AuditStore(url, pino({ level: 'silent' })),
    new AuditStore(url, pino({ level: 'silent' })),
  ];
  const entry = (i: number) => auditEntry({ requestId: `race-${i}`, outcome: 'MALFORMED', httpStatus: 400 });
  // An earlier test tampers with a record on purpose: check the chain from here on.
  const since = new Date(Date.now() - 1000);
  try {
    // Interleaved in small bursts, so that both stores keep finding the other's records at the head.
    for (let burst = 0; burst < 20; burst++) {
      await Promise.all(Array.from({ length: 10 }, (_, i) => stores[i % 2].append(entry(burst * 10 + i))));
    }
    const [{ n }] = await t.sql(
      'directory',
      `SELECT count(*)::int AS n FROM audit_record WHERE request_id LIKE 'race-%'`,
    );
    expect(n).toBe(200);
    expect((await t.hub.audit.verify({ from: since })).firstBreak).toBeNull();
  } finally {
    await Promise.all(stores.map((s) => s.close()));
  }
});
