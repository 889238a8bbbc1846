/**
 * Property test of the permission layer: random catalogue classifications, random grants (items, district scopes,
 * clear or masked, validity, revocation) and random queries by random clients. Every returned field and row is
 * checked against an oracle written here from the rules in DESIGN.md, independently of auth/.
 *
 * PROPERTY_RUNS sets the number of cases (default 1,000).
 */
import fc from 'fast-check';
import { createTestHub, type TestHub } from './helpers/test-hub';

let t: TestHub;
beforeAll(async () => {
  t = await createTestHub();
});
afterAll(() => t.close());

const RUNS = Number(process.env.PROPERTY_RUNS ?? 1000);

type ShareType = 'UNCONDITIONAL' | 'CONDITIONAL' | 'NOT_SHARED';
type Sensitivity = 'PLAIN' | 'PERSON_NAME' | 'PHONE' | 'ID_NUMBER';

// --- The universe under test: two row types, their resources, the departments and their apps. ---

const DEPARTMENTS = ['370200029', '370200035', '370200001', '370200002', '370202001'];
const CLIENTS: { clientId: string; role: 'DEPARTMENT' | 'ADMIN'; department: string | null }[] = [
  { clientId: 'tax-office-app', role: 'DEPARTMENT', department: '370200029' },
  { clientId: 'stats-bureau-app', role: 'DEPARTMENT', department: '370200035' },
  { clientId: 'general-office-dashboard', role: 'DEPARTMENT', department: '370200001' },
  { clientId: 'test-reader', role: 'DEPARTMENT', department: '370200001' },
  { clientId: 'ndrc-projects-app', role: 'DEPARTMENT', department: '370200002' },
  { clientId: 'shinan-planning-app', role: 'DEPARTMENT', department: '370202001' },
  { clientId: 'hub-admin', role: 'ADMIN', department: null },
];
const DISTRICTS = ['370202', '370203', '370211', '370281'];
/** Types whose rows the hub can limit to districts (a scoped grant elsewhere must deny). */
const SCOPABLE = new Set(['Enterprise', 'KeyProject']);

interface ItemSpec {
  coordinate: string;
  resource: string;
  /** Column of the row, for scalar fields; undefined for links. */
  column?: string;
  /** The GraphQL type is text (String or ID), so it can be masked. */
  text?: boolean;
}

const RESOURCES: Record<string, ItemSpec[]> = {
  'FIS-ENTERPRISE': [
    { coordinate: 'Query.enterprises', resource: 'FIS-ENTERPRISE' },
    { coordinate: 'Enterprise.creditCode', resource: 'FIS-ENTERPRISE', column: 'credit_code', text: true },
    { coordinate: 'Enterprise.name', resource: 'FIS-ENTERPRISE', column: 'name', text: true },
    { coordinate: 'Enterprise.registeredCapital', resource: 'FIS-ENTERPRISE', column: 'registered_capital' },
    { coordinate: 'Enterprise.district', resource: 'FIS-ENTERPRISE' },
  ],
  'FIS-ENTERPRISE-CONTACT': [
    {
      coordinate: 'Enterprise.legalRepresentative',
      resource: 'FIS-ENTERPRISE-CONTACT',
      column: 'legal_representative',
      text: true,
    },
    {
      coordinate: 'Enterprise.contactPhone',
      resource: 'FIS-ENTERPRISE-CONTACT',
      column: 'contact_phone',
      text: true,
    },
  ],
  'DEC-KEY-PROJECT': [
    { coordinate: 'Query.keyProjects', resource: 'DEC-KEY-PROJECT' },
    { coordinate: 'KeyProject.id', resource: 'DEC-KEY-PROJECT', column: 'id', text: true },
    { coordinate: 'KeyProject.name', resource: 'DEC-KEY-PROJECT', column: 'name', text: true },
    { coordinate: 'KeyProject.status', resource: 'DEC-KEY-PROJECT', column: 'status' },
    { coordinate: 'KeyProject.totalInvestment', resource: 'DEC-KEY-PROJECT', column: 'total_investment' },
    { coordinate: 'KeyProject.district', resource: 'DEC-KEY-PROJECT' },
  ],
  'DIR-REGION': [{ coordinate: 'Region.code', resource: 'DIR-REGION', column: 'code', text: true }],
};
const ITEMS = Object.values(RESOURCES).flat();
const ITEM = new Map(ITEMS.map((i) => [i.coordinate, i]));

interface Classification {
  providers: Record<string, string>;
  items: Record<string, { shareType: ShareType; sensitivity: Sensitivity }>;
}

interface GrantSpec {
  department: string;
  clientSpecific: boolean;
  resource: string;
  items: string[];
  scope: string[] | null;
  clear: boolean;
  validity: 'active' | 'expired' | 'future' | 'revoked';
}

interface QuerySpec {
  client: number;
  template: 'enterprises' | 'keyProjects';
  fields: string[];
  district: string | null;
  /**
   * Fields written in the document but not served: left out with `@skip(if: true)`, or selected by a second
   * operation that does not run. They must change nothing (before, their scopes narrowed the rows).
   */
  unserved: string[];
  unservedIn: 'skip' | 'otherOperation';
}

// --- Arbitraries ---

const classification: fc.Arbitrary<Classification> = fc.record({
  providers: fc.record(
    Object.fromEntries(Object.keys(RESOURCES).map((r) => [r, fc.constantFrom(...DEPARTMENTS)])),
  ),
  items: fc.record(
    Object.fromEntries(
      ITEMS.map((i) => [
        i.coordinate,
        fc.record({
          shareType: fc.constantFrom<ShareType>('UNCONDITIONAL', 'CONDITIONAL', 'CONDITIONAL', 'NOT_SHARED'),
          sensitivity: fc.constantFrom<Sensitivity>('PLAIN', 'PLAIN', 'PERSON_NAME', 'PHONE', 'ID_NUMBER'),
        }),
      ]),
    ),
  ),
}) as fc.Arbitrary<Classification>;

/** Grants, mostly to `favoured` (the querying client's department), so that grants often meet and overlap. */
const grantFor = (favoured: string): fc.Arbitrary<GrantSpec> =>
  fc.constantFrom(...Object.keys(RESOURCES)).chain((resource) =>
    fc.record({
      department: fc.constantFrom(favoured, favoured, favoured, favoured, ...DEPARTMENTS),
      clientSpecific: fc.boolean(),
      resource: fc.constant(resource),
      items: fc.subarray(
        RESOURCES[resource].map((i) => i.coordinate),
        { minLength: 1 },
      ),
      scope: fc.option(fc.subarray(DISTRICTS, { minLength: 1 }), { nil: null }),
      clear: fc.boolean(),
      validity: fc.constantFrom<GrantSpec['validity']>(
        'active',
        'active',
        'active',
        'expired',
        'future',
        'revoked',
      ),
    }),
  );

const ENTERPRISE_FIELDS = [
  'creditCode',
  'name',
  'registeredCapital',
  'legalRepresentative',
  'contactPhone',
  'district',
];
const PROJECT_FIELDS = ['id', 'name', 'status', 'totalInvestment', 'district'];

const query: fc.Arbitrary<QuerySpec> = fc
  .constantFrom<QuerySpec['template']>('enterprises', 'keyProjects')
  .chain((template) =>
    fc.record({
      client: fc.integer({ min: 0, max: CLIENTS.length - 1 }),
      template: fc.constant(template),
      fields: fc.subarray(template === 'enterprises' ? ENTERPRISE_FIELDS : PROJECT_FIELDS, { minLength: 1 }),
      district: fc.option(fc.constantFrom(...DISTRICTS), { nil: null }),
      unserved: fc.subarray(template === 'enterprises' ? ENTERPRISE_FIELDS : PROJECT_FIELDS),
      unservedIn: fc.constantFrom<QuerySpec['unservedIn']>('skip', 'otherOperation'),
    }),
  )
  .map((q) => ({ ...q, unserved: q.unserved.filter((f) => !q.fields.includes(f)) }));

// --- The oracle: the rules of DESIGN.md, written out again. ---

interface Verdict {
  read: boolean;
  masked: boolean;
  scope: string[] | null;
  /** With `masked`: districts whose rows come in clear all the same (a clear grant scoped to them). */
  clearIn?: string[];
}

function grantClientOf(g: GrantSpec): string | null {
  if (!g.clientSpecific) return null;
  return CLIENTS.find((c) => c.department === g.department)?.clientId ?? null;
}

function oracleItem(
  c: Classification,
  grants: GrantSpec[],
  client: (typeof CLIENTS)[number],
  coordinate: string,
): Verdict {
  const none = { read: false, masked: false, scope: null };
  const spec = ITEM.get(coordinate)!;
  const item = c.items[coordinate];
  const sensitive = item.sensitivity !== 'PLAIN';
  // Administrators read the directory's own reference data when it is shared with everyone; nothing else.
  if (client.role !== 'DEPARTMENT') {
    return spec.resource === 'DIR-REGION' && item.shareType === 'UNCONDITIONAL'
      ? { read: true, masked: sensitive, scope: null }
      : none;
  }
  if (c.providers[spec.resource] === client.department) return { read: true, masked: false, scope: null };
  if (item.shareType === 'NOT_SHARED') return none;
  if (item.shareType === 'UNCONDITIONAL') return { read: true, masked: sensitive, scope: null };
  const covering = grants.filter(
    (g) =>
      g.validity === 'active' &&
      g.department === client.department &&
      (grantClientOf(g) === null || grantClientOf(g) === client.clientId) &&
      g.resource === spec.resource &&
      g.items.includes(coordinate),
  );
  if (!covering.length) return none;
  const scope = covering.some((g) => g.scope === null)
    ? null
    : [...new Set(covering.flatMap((g) => g.scope!))];
  // Each row is decided by the most generous grant covering it: clear where a clear grant covers its district.
  const clear = covering.filter((g) => g.clear);
  const clearScope = !clear.length
    ? []
    : clear.some((g) => g.scope === null)
      ? null
      : [...new Set(clear.flatMap((g) => g.scope!))];
  const everywhere =
    !sensitive || clearScope === null || (scope !== null && scope.every((d) => clearScope.includes(d)));
  return { read: true, masked: !everywhere, scope, clearIn: everywhere ? [] : clearScope! };
}

/** Whether `row`'s value of a field under `v` is masked: masked verdicts spare the districts held in clear. */
const maskedRow = (v: Verdict, row: { district_code: string }) =>
  v.masked && !(v.clearIn ?? []).includes(row.district_code);

function mask(value: string, sensitivity: Sensitivity): string {
  const ends = (v: string, head: number, tail: number) =>
    v.length <= head + tail
      ? '*'.repeat(v.length)
      : v.slice(0, head) + '*'.repeat(v.length - head - tail) + v.slice(v.length - tail);
  if (sensitivity === 'PERSON_NAME') return ends(value, 1, 0);
  if (sensitivity === 'ID_NUMBER') return ends(value, 6, 4);
  if (sensitivity === 'PHONE')
    return value.startsWith('0532-') ? `0532-${ends(value.slice(5), 1, 2)}` : ends(value, 3, 4);
  return value;
}

// --- Applying a scenario to the directory database ---

async function apply(c: Classification, grants: GrantSpec[]): Promise<void> {
  for (const [code, provider] of Object.entries(c.providers)) {
    await t.sql('directory', 'UPDATE resource SET provider_department_code = $1 WHERE code = $2', [
      provider,
      code,
    ]);
  }
  for (const [coordinate, { shareType, sensitivity }] of Object.entries(c.items)) {
    await t.sql(
      'directory',
      'UPDATE resource_item SET share_type = $1, sensitivity = $2 WHERE coordinate = $3',
      [shareType, sensitivity, coordinate],
    );
  }
  await t.sql('directory', 'DELETE FROM access_grant');
  for (const g of grants) {
    const now = Date.now();
    const from = g.validity === 'future' ? new Date(now + 3_600_000) : new Date(now - 3_600_000);
    const until = g.validity === 'expired' ? new Date(now - 60_000) : null;
    await t.sql(
      'directory',
      `INSERT INTO access_grant (consumer_department_code, consumer_client_id, resource_code, items, purpose, district_scope, clear_sensitive,
         valid_from, valid_until, created_by, ended_at, end_reason)
       VALUES ($1, $2, $3, $4, 'property test', $5, $6, $7, $8, 'property-test', $9, $10)`,
      [
        g.department,
        grantClientOf(g),
        g.resource,
        g.items,
        g.scope,
        g.clear,
        from,
        until,
        g.validity === 'revoked' ? new Date(now - 1000) : null,
        g.validity === 'revoked' ? 'REVOKED: test' : null,
      ],
    );
  }
  await t.hub.auth.directory.reload();
}

function documentOf(q: QuerySpec): string {
  const filter = q.district ? `, districtCode: "${q.district}"` : '';
  const selection = (fields: string[], directive = '') =>
    fields.map((f) => (f === 'district' ? `district${directive} { code }` : `${f}${directive}`)).join(' ');
  if (!q.unserved.length)
    return `query A { ${q.template}(first: 6${filter}) { nodes { ${selection(q.fields)} } } }`;
  if (q.unservedIn === 'skip') {
    const nodes = `${selection(q.fields)} ${selection(q.unserved, ' @skip(if: true)')}`;
    return `query A { ${q.template}(first: 6${filter}) { nodes { ${nodes} } } }`;
  }
  return `query A { ${q.template}(first: 6${filter}) { nodes { ${selection(q.fields)} } } }
    query B { ${q.template}(first: 1) { nodes { ${selection(q.unserved)} } } }`;
}

async function check(c: Classification, grants: GrantSpec[], q: QuerySpec): Promise<void> {
  const client = CLIENTS[q.client];
  const typeName = q.template === 'enterprises' ? 'Enterprise' : 'KeyProject';
  const root = q.template === 'enterprises' ? 'Query.enterprises' : 'Query.keyProjects';
  const selected = [
    root,
    ...q.fields.map((f) => `${typeName}.${f}`),
    ...(q.fields.includes('district') ? ['Region.code'] : []),
  ];

  const verdicts = new Map(selected.map((co) => [co, oracleItem(c, grants, client, co)]));
  // A scoped read of rows no connector can scope (Region here) is a denial.
  const rowTypeOf = (co: string) => (co.startsWith('Query.') ? typeName : co.split('.')[0]);
  for (const [co, v] of verdicts)
    if (v.read && v.scope !== null && !SCOPABLE.has(rowTypeOf(co)))
      verdicts.set(co, { read: false, masked: false, scope: null });
  // Rows: limited to the intersection of the scopes of the readable fields that read this type's rows.
  let scope: string[] | null = null;
  for (const [co, v] of verdicts) {
    if (!v.read || v.scope === null || rowTypeOf(co) !== typeName) continue;
    scope = scope === null ? [...v.scope] : scope.filter((d) => v.scope!.includes(d));
  }

  const res = await t.query(documentOf(q), {}, { as: client.clientId, operationName: 'A' });
  const forbidden = new Set((res.body.errors ?? []).map((e) => String(e.extensions?.coordinate)));
  const otherErrors = (res.body.errors ?? []).filter((e) => e.extensions?.code !== 'FORBIDDEN');
  expect(otherErrors).toEqual([]);

  if (!verdicts.get(root)!.read) {
    expect(res.body.data?.[q.template]).toBeNull();
    expect([...forbidden]).toEqual([root]);
    return;
  }
  if (verdicts.get(root)!.masked) {
    // A list marked sensitive cannot be masked: it is withheld, without an error.
    expect(res.body.data?.[q.template]).toBeNull();
    expect([...forbidden]).toEqual([]);
    return;
  }
  const table = q.template === 'enterprises' ? 'enterprise' : 'key_project';
  const order = q.template === 'enterprises' ? 'credit_code' : 'id';
  const where: string[] = [];
  const values: unknown[] = [];
  if (q.district) where.push(`district_code = $${values.push(q.district)}`);
  if (scope !== null) where.push(`district_code = ANY($${values.push(scope)})`);
  const rows = await t.sql(
    q.template === 'enterprises' ? 'fiscal' : 'decision',
    `SELECT *, registered_capital::float8 AS rc, total_investment::float8 AS ti FROM ${table}
     ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY ${order} LIMIT 6`.replace(
      q.template === 'enterprises'
        ? ', total_investment::float8 AS ti'
        : ', registered_capital::float8 AS rc',
      '',
    ),
    values,
  );
  const nodes = res.body.data?.[q.template]?.nodes as Record<string, any>[];
  expect(nodes).toHaveLength(rows.length);

  const expectedErrors = new Set<string>();
  nodes.forEach((node, i) => {
    const row = rows[i];
    for (const f of q.fields) {
      const co = `${typeName}.${f}`;
      const v = verdicts.get(co)!;
      if (!v.read) {
        expect(node[f]).toBeNull();
        expectedErrors.add(co);
        continue;
      }
      if (f === 'district') {
        if (maskedRow(v, row)) {
          expect(node.district).toBeNull(); // a sensitive link cannot be masked: withheld
          continue;
        }
        const region = verdicts.get('Region.code')!;
        if (!region.read) {
          expect(node.district.code).toBeNull();
          expectedErrors.add('Region.code');
        } else {
          const sens = c.items['Region.code'].sensitivity;
          expect(node.district.code).toBe(region.masked ? mask(row.district_code, sens) : row.district_code);
        }
        continue;
      }
      const spec = ITEM.get(co)!;
      const raw =
        f === 'registeredCapital'
          ? row.rc
          : f === 'totalInvestment'
            ? row.ti
            : f === 'id'
              ? String(row.id)
              : row[spec.column!];
      const sens = c.items[co].sensitivity;
      if (!maskedRow(v, row)) expect(node[f]).toEqual(raw);
      else if (spec.text) expect(node[f]).toBe(mask(raw, sens));
      else expect(node[f]).toBeNull(); // a sensitive number or enum cannot be masked: withheld
    }
  });
  expect([...forbidden].sort()).toEqual([...expectedErrors].sort());
}

test(`random classifications, grants and queries: every field and row as the rules say (${RUNS} cases)`, async () => {
  await fc.assert(
    fc.asyncProperty(
      classification,
      query.chain((q) =>
        fc.tuple(
          fc.constant(q),
          fc.array(grantFor(CLIENTS[q.client].department ?? DEPARTMENTS[0]), { maxLength: 8 }),
        ),
      ),
      async (c, [q, grants]) => {
        await apply(c, grants);
        await check(c, grants, q);
      },
    ),
    { numRuns: RUNS, endOnFailure: true },
  );
}, 600_000);
