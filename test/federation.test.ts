/**
 * The hub federated: each source its own subgraph process (`--subgraph <source>`), two Hive Gateway replicas in
 * front, over the same databases as a single-process hub. The same callers asking the same cross-source queries get
 * the same answers either way: values, masking, FORBIDDEN errors, district scopes and suppressed groups. A
 * subgraph that dies leaves its fields null with SOURCE_UNAVAILABLE and is whole again once restarted; a gateway
 * replica that dies leaves the other answering; subgraphs answer nobody but the gateway; and the audit links the
 * gateway's record of a request to each subgraph's by its request id, in a chain that still verifies.
 *
 * The processes run the compiled hub (dist/): `npm test` builds it first.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { createTestHub, type GraphQLResponse, type TestHub } from './helpers/test-hub';
import { testDatabaseUrl, TEST_READER } from './helpers/cluster';
import { startFederation, type Federation } from '../src/federation';
import { sources, type SourceName } from '../src/sources';
import { GATEWAY_AUTHORIZATION_HEADER } from '../auth/identity';

const ROOT = path.resolve(__dirname, '..');
let t: TestHub;
let federation: Federation;
let logDir: string;

beforeAll(async () => {
  t = await createTestHub({ env: { INTROSPECTION_ROLES: 'ADMIN' } });
  logDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-federation-'));
  federation = await startFederation({
    projectRoot: ROOT,
    databaseUrls: Object.fromEntries(
      sources.map((s) => [s.name, testDatabaseUrl(t.databaseNames[s.name])]),
    ) as Record<SourceName, string>,
    replicas: 2,
    logDir,
    env: {
      NODE_ENV: 'test',
      SEED_DEMO_DATA: 'false',
      SOURCE_MAINTENANCE_INTERVAL_MS: '0',
      GRAPHQL_MAX_CONCURRENT: '10000',
      GRAPHQL_RATE_LIMIT_PER_MINUTE: '1000000',
      LOG_LEVEL: 'warn',
      INTROSPECTION_ROLES: 'ADMIN',
    },
  });
}, 240_000);

afterAll(async () => {
  await federation?.stop();
  await t?.close();
});

/** POSTs to the `replica`th gateway as `clientId`, the way test-hub's `query` posts to the single process. */
async function viaGateway(
  query: string,
  variables: Record<string, unknown> = {},
  options: { as?: string; replica?: number; headers?: Record<string, string> } = {},
): Promise<GraphQLResponse> {
  const token = await t.token(options.as ?? TEST_READER.clientId);
  const res = await fetch(`${federation.gateways[options.replica ?? 0].url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...options.headers },
    body: JSON.stringify({ query, variables }),
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as GraphQLResponse['body'] };
}

/** The federated answer is the single process's, as `comparable` sees them. */
function expectSameAnswer(federated: GraphQLResponse, single: GraphQLResponse) {
  expect(comparable(federated)).toEqual(comparable(single));
}

/**
 * An answer as the comparison sees it: data as it is; errors in a fixed order, without
 * the locations of execution errors (which Hive cannot map back from a subgraph's query into the client's
 * document); extensions as they are.
 */
function comparable(res: GraphQLResponse) {
  const errors = (res.body.errors ?? [])
    .map((e: Record<string, unknown>) => {
      const { locations, ...rest } = e;
      return e.path ? rest : { ...rest, locations };
    })
    .map((e) => JSON.stringify(e))
    .sort();
  return { status: res.status, data: res.body.data, errors, extensions: res.body.extensions };
}

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
          legalRepresentative
          contactPhone
          industry {
            code
            name
          }
          businessLicence {
            registrationNumber
            status
            district {
              name
            }
            authority {
              shortName
            }
          }
          annualReports {
            year
            employees
          }
          penalties(first: 3) {
            nodes {
              decisionNumber
              kind
              amount
            }
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
            contactPhone
            district {
              code
            }
          }
        }
      }
    }
  }
`;

const LISTS = /* GraphQL */ `
  {
    penalties(first: 30) {
      nodes {
        decisionNumber
        district {
          code
        }
        enterprise {
          name
        }
      }
    }
    businessLicences(first: 10) {
      nodes {
        status
        enterprise {
          creditCode
          legalRepresentative
        }
      }
    }
    keyProjects(first: 10) {
      nodes {
        name
        investor {
          name
          taxPayments(first: 2) {
            nodes {
              amount
            }
          }
        }
      }
    }
  }
`;

const SUMMARY = /* GraphQL */ `
  {
    revenueSummary(groupBy: [DISTRICT, INDUSTRY, TAX_TYPE], from: "2009-12", to: "2009-12") {
      district {
        code
      }
      industry {
        code
      }
      taxType
      totalAmount
      enterpriseCount
      suppressed
      suppressionReason
    }
  }
`;

const CALLERS = [
  TEST_READER.clientId, // reads everything in clear
  'tax-office-app', // provider of fiscal data; UNCONDITIONAL elsewhere
  'stats-bureau-app', // no grant on tax payments or contacts: FORBIDDEN
  'shinan-planning-app', // contacts of 370202 only, masked: district scopes and masking
  'general-office-dashboard', // the summary grant without the payments: suppressed groups
  'hub-auditor', // reads the directory only
];

describe('the same answers as the single process', () => {
  beforeAll(async () => {
    // A district-scoped grant on penalties for 市南区, as the market test makes: scopes from another source.
    const granted = await t.query(
      `mutation ($input: CreateGrantInput!) { createGrant(input: $input) { id } }`,
      {
        input: {
          consumerDepartmentCode: '370202001',
          resourceCode: 'MKT-PENALTY',
          items: [
            'Query.penalties',
            'Enterprise.penalties',
            'AdministrativePenalty.decisionNumber',
            'AdministrativePenalty.district',
            'AdministrativePenalty.enterprise',
            'AdministrativePenalty.kind',
            'AdministrativePenalty.amount',
          ],
          purpose: '辖区企业信用监管',
          reason: '市工商局同意',
          districtScope: ['370202'],
        },
      },
      { as: 'hub-admin' },
    );
    expect(granted.body.errors).toBeUndefined();
  });

  test.each(CALLERS)('%s: a district across all five sources, for two districts', async (caller) => {
    for (const district of ['370202', '370214']) {
      const single = await t.query(CROSS_SOURCE, { district }, { as: caller });
      const federated = await viaGateway(CROSS_SOURCE, { district }, { as: caller });
      expectSameAnswer(federated, single);
    }
  });

  test.each(CALLERS)('%s: lists whose rows link into other sources', async (caller) => {
    const single = await t.query(LISTS, {}, { as: caller });
    const federated = await viaGateway(LISTS, {}, { as: caller, replica: 1 });
    expectSameAnswer(federated, single);
  });

  test("links to entities under the caller's district scope: the owner confirms each, as in the single process", async () => {
    const queries = [
      // A scoped field of the linked enterprise beside its key and another source's fields on it.
      `{
        keyProjects(first: 60) { nodes { id investor { creditCode contactPhone keyProjects(first: 1) { nodes { id } } } } }
        businessLicences(first: 30) { nodes { status enterprise { creditCode contactPhone businessLicence { status } } } }
      }`,
      // The scope comes from elsewhere in the operation; the links select only what their own sources hold.
      `{
        enterprises(first: 1) { nodes { contactPhone } }
        keyProjects(first: 60) { nodes { id investor { creditCode keyProjects(first: 1) { nodes { id } } } } }
        businessLicences(first: 30) { nodes { enterprise { creditCode businessLicence { status } } } }
      }`,
    ];
    for (const query of queries) {
      const single = await t.query(query, {}, { as: 'shinan-planning-app' });
      const federated = await viaGateway(query, {}, { as: 'shinan-planning-app' });
      expect(single.body.extensions?.districtScopes).toMatchObject({ Enterprise: ['370202'] });
      const investors = single.body.data.keyProjects.nodes.map((p: any) => p.investor);
      expect(investors.some((i: unknown) => i === null)).toBe(true);
      expect(investors.some((i: unknown) => i !== null)).toBe(true);
      expectSameAnswer(federated, single);
    }
  });

  test.each(CALLERS)('%s: the revenue summary, small groups suppressed', async (caller) => {
    const single = await t.query(SUMMARY, {}, { as: caller });
    const federated = await viaGateway(SUMMARY, {}, { as: caller });
    expect(comparable(federated)).toEqual(comparable(single));
  });

  test('the answers are not empty: masking, scopes, denials and suppression all occur', async () => {
    const shinan = await viaGateway(CROSS_SOURCE, { district: '370202' }, { as: 'shinan-planning-app' });
    const phones = shinan.body.data.region.enterprises.nodes.map((e: any) => e.contactPhone);
    expect(phones.some((p: string | null) => p?.includes('*'))).toBe(true);
    const lists = await viaGateway(LISTS, {}, { as: 'shinan-planning-app' });
    expect(lists.body.extensions?.districtScopes).toMatchObject({ AdministrativePenalty: ['370202'] });
    const stats = await viaGateway(CROSS_SOURCE, { district: '370214' }, { as: 'stats-bureau-app' });
    expect(stats.body.errors?.map((e) => e.extensions?.code)).toContain('FORBIDDEN');
    const summary = await viaGateway(SUMMARY, {}, { as: 'general-office-dashboard' });
    expect(summary.body.data.revenueSummary.some((g: any) => g.suppressed)).toBe(true);
  });

  test('refusals before execution are the same: no token, a bad document, a limit, introspection', async () => {
    const cases: [string, Record<string, string>][] = [
      ['{ hub { nme } }', {}],
      ['{ hub { name ', {}],
      [`{ ${Array.from({ length: 31 }, (_, i) => `a${i}: hub { name }`).join(' ')} }`, {}],
      ['{ hub { name } }', { 'x-end-user': 'x'.repeat(300) }],
      ['{ __schema { queryType { name } } }', {}],
    ];
    for (const [query, headers] of cases) {
      const single = await t.query(query, {}, { headers });
      const federated = await viaGateway(query, {}, { headers });
      expect(comparable(federated)).toEqual(comparable(single));
    }
    const anonymous = await fetch(`${federation.gateways[0].url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ hub { name } }' }),
    });
    expect(anonymous.status).toBe(401);
    expect(((await anonymous.json()) as any).errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });
});

test('the gateway refuses before reading a body: no token on any path, no length, too large', async () => {
  const gateway = federation.gateways[0].url;
  // Yoga takes any URL ending in /graphql as the GraphQL endpoint, the probes' paths included: nothing runs.
  for (const url of [
    `${gateway}/health?/graphql`,
    `${gateway}/health?query=${encodeURIComponent('{ __schema { types { name } } }#')}/graphql`,
  ]) {
    for (const method of ['GET', 'POST']) {
      const res = await fetch(url, {
        method,
        headers: { 'content-type': 'application/json' },
        ...(method === 'POST' ? { body: '{"query":"{ __schema { types { name } } }"}' } : {}),
      });
      const text = await res.text();
      expect(text).not.toContain('__Schema');
      expect(text).not.toContain('"types"');
    }
  }
  // No GraphQL over WebSockets, which would pass by the front's HTTP hooks.
  const upgraded = await new Promise<number | 'upgraded'>((resolve) => {
    const req = http.request(`${gateway}/graphql`, {
      headers: {
        connection: 'Upgrade',
        upgrade: 'websocket',
        'sec-websocket-version': '13',
        'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==',
        'sec-websocket-protocol': 'graphql-transport-ws',
      },
    });
    req.on('upgrade', (_res, socket) => {
      socket.destroy();
      resolve('upgraded');
    });
    req.on('response', (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.end();
  });
  expect(upgraded).not.toBe('upgraded');
  for (const url of [`${gateway}/graphql`, `${gateway}/graphql/`, `${gateway}/anything`]) {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"query":"{ hub { name } }"}',
    });
    expect(res.status).toBe(401);
  }
  const token = await t.token();
  // A body streamed without Content-Length (chunked) could be of any size: refused unread.
  const chunked = await fetch(`${gateway}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: new Blob(['{"query":"{ hub { name } }"}']).stream(),
    duplex: 'half',
  } as RequestInit);
  expect(chunked.status).toBe(411);
  const large = await fetch(`${gateway}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: `{ hub { name } } # ${'x'.repeat(300_000)}` }),
  });
  expect(large.status).toBe(413);
  expect(((await large.json()) as any).errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
});

describe('subgraphs answer only the gateway', () => {
  const ENTITIES = `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Enterprise { name contactPhone } } }`;

  test.each(['fiscal', 'market'] as SourceName[])(
    'the %s subgraph: _entities and _service with a valid caller token but no gateway credential are 401',
    async (source) => {
      const token = await t.token();
      const subgraph = federation.subgraphs.get(source)!;
      for (const query of [ENTITIES, '{ _service { sdl } }']) {
        const res = await fetch(`${subgraph.url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ query, variables: { r: [{ __typename: 'Enterprise', creditCode: 'x' }] } }),
        });
        expect(res.status).toBe(401);
        const body = (await res.json()) as any;
        expect(body.data).toBeUndefined();
        expect(body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
      }
    },
  );

  test("a department's token is no gateway credential", async () => {
    const token = await t.token();
    const res = await fetch(`${federation.subgraphs.get('fiscal')!.url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${token}`,
        [GATEWAY_AUTHORIZATION_HEADER]: `Bearer ${token}`,
      },
      body: JSON.stringify({ query: '{ _service { sdl } }' }),
    });
    expect(res.status).toBe(401);
    expect(((await res.json()) as any).errors[0].message).toMatch(/not a gateway/);
  });

  test('with the credential, fields inside _entities keep their rules', async () => {
    const [row] = await t.sql('fiscal', 'SELECT credit_code FROM enterprise ORDER BY credit_code LIMIT 1');
    const gateway = await t.token('hub-gateway');
    const res = await fetch(`${federation.subgraphs.get('fiscal')!.url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${await t.token('stats-bureau-app')}`,
        [GATEWAY_AUTHORIZATION_HEADER]: `Bearer ${gateway}`,
      },
      body: JSON.stringify({
        query: ENTITIES,
        variables: { r: [{ __typename: 'Enterprise', creditCode: row.credit_code }] },
      }),
    });
    const body = (await res.json()) as any;
    expect(body.data._entities[0].name).toEqual(expect.any(String));
    expect(body.data._entities[0].contactPhone).toBeNull();
    expect(body.errors.map((e: any) => e.extensions.coordinate)).toEqual(['Enterprise.contactPhone']);
  });
});

describe('failures', () => {
  const QUERY = /* GraphQL */ `
    {
      region(code: "370202") {
        name
        enterprises(first: 3) {
          nodes {
            name
            businessLicence {
              status
            }
            taxPayments(first: 1) {
              nodes {
                amount
              }
            }
          }
        }
      }
    }
  `;

  test('a subgraph that dies leaves its fields null with SOURCE_UNAVAILABLE; restarted, the answer is whole', async () => {
    const whole = await t.query(QUERY);
    expect(whole.body.errors).toBeUndefined();
    await federation.subgraphs.get('market')!.kill();
    const partial = await viaGateway(QUERY);
    expect(partial.status).toBe(200);
    expect([...new Set(partial.body.errors?.map((e) => e.extensions?.code))]).toEqual(['SOURCE_UNAVAILABLE']);
    expect(partial.body.errors?.[0].extensions?.source).toBe('market');
    const nodes = partial.body.data.region.enterprises.nodes;
    expect(nodes.map((e: any) => e.name)).toEqual(
      whole.body.data.region.enterprises.nodes.map((e: any) => e.name),
    );
    expect(nodes.every((e: any) => e.businessLicence === null && e.taxPayments.nodes.length === 1)).toBe(
      true,
    );

    await federation.restartSubgraph('market');
    const again = await viaGateway(QUERY);
    expect(comparable(again)).toEqual(comparable(whole));
  });

  test('a gateway replica that dies leaves the other answering', async () => {
    await federation.gateways[1].kill();
    const res = await viaGateway(QUERY, {}, { replica: 0 });
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
    await expect(viaGateway(QUERY, {}, { replica: 1 })).rejects.toThrow();
  });
});

test("the audit links the gateway's record to each subgraph's by request id, and the chain verifies", async () => {
  const res = await viaGateway(
    CROSS_SOURCE,
    { district: '370202' },
    {
      as: 'shinan-planning-app',
      headers: {
        'x-end-user': encodeURIComponent('张三'),
        'x-case-id': 'CASE-7',
        'x-request-id': 'client-corr-1',
      },
    },
  );
  expect(res.status).toBe(200);
  const requestId = res.headers.get('x-request-id')!;
  const records = await t.sql(
    'directory',
    `SELECT recorded_by, client_id, end_user, case_id, correlation_id, coordinates_returned, coordinates_masked
     FROM audit_record WHERE request_id = $1 ORDER BY seq`,
    [requestId],
  );
  const by = new Map(records.map((r) => [r.recorded_by, r]));
  expect([...by.keys()].sort()).toEqual([
    'gateway',
    'subgraph:decision',
    'subgraph:directory',
    'subgraph:fiscal',
    'subgraph:market',
    'subgraph:statistics',
  ]);
  for (const r of records) {
    expect(r).toMatchObject({ client_id: 'shinan-planning-app', end_user: '张三', case_id: 'CASE-7' });
  }
  expect(by.get('gateway').correlation_id).toBe('client-corr-1');
  expect(by.get('subgraph:fiscal').coordinates_returned).toContain('Enterprise.name');
  expect(by.get('subgraph:fiscal').coordinates_masked).toContain('Enterprise.contactPhone');
  expect(by.get('subgraph:market').coordinates_returned).toContain('BusinessLicence.status');

  // An auditor finds them all by the request id, through the gateway.
  const found = await viaGateway(
    `query ($id: ID!) { auditRecords(filter: { requestId: $id }) { nodes { recordedBy requestId } } }`,
    { id: requestId },
    { as: 'hub-auditor' },
  );
  expect(new Set(found.body.data.auditRecords.nodes.map((r: any) => r.recordedBy))).toEqual(
    new Set(by.keys()),
  );

  const verified = await t.hub.audit.verify();
  expect(verified.firstBreak).toBeNull();
  expect(verified.checked).toBeGreaterThan(records.length);
});
