/**
 * The benchmark's scenarios (issue 5): what each system is asked, and the targets the ratios are held to.
 */
import type { HttpRequest } from './load';

export type SystemName =
  | 'hub'
  | 'baseline'
  | 'postgraphile'
  | 'hub, permissions off'
  | 'hub, audit off'
  // The same hub run federated: each source its own subgraph process, one Hive Gateway in front (issue 15).
  | 'hub, federated';

/** A target: throughput of `of` divided by that of `over` must be at least `atLeast`. */
export interface Target {
  of: SystemName;
  over: SystemName;
  atLeast: number;
}

export interface LoadScenario {
  id: number;
  title: string;
  /** How each system is asked; the i-th request of a run is `request(i)`. */
  systems: Partial<Record<SystemName, (i: number) => HttpRequest>>;
  targets: Target[];
  /** Concurrency for this scenario (heavy answers use fewer connections). */
  connections?: number;
  /** Rounds last this many times `--seconds` (slow requests need longer rounds for enough samples). */
  secondsFactor?: number;
  /**
   * For the statement-count table: the same request with a longer list, to show the count does not grow with it.
   * Each entry is a label and the request per system.
   */
  growth?: { label: string; systems: Partial<Record<SystemName, (i: number) => HttpRequest>> }[];
  /** Which systems' answers must be equal (after normalising numbers), checked before loading. */
  sameAnswers?: SystemName[];
  /** Ratios reported without a target (what federation costs, say). */
  references?: { of: SystemName; over: SystemName }[];
}

export interface ScenarioInputs {
  tokens: { taxOffice: string; shinanPlanning: string };
  creditCodes: readonly string[];
  districts: readonly string[];
}

/** A GraphQL POST to /graphql. */
export function graphql(
  token: string | null,
  query: string,
  variables?: Record<string, unknown>,
): HttpRequest {
  return {
    method: 'POST',
    path: '/graphql',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  };
}

const get = (path: string, params: Record<string, string | number>): HttpRequest => ({
  method: 'GET',
  path: `${path}?${new URLSearchParams(Object.entries(params).map(([k, v]): [string, string] => [k, String(v)]))}`,
});

const SIX_FIELDS = 'creditCode name legalRepresentative contactPhone registeredCapital establishedOn';

const hubNested = (first: number) => `query ($d: ID!) { enterprises(districtCode: $d, first: ${first}) {
  nodes { creditCode name taxPayments(first: 10) { nodes { period taxType amount } } } } }`;
// PostGraphile names the relation after the column; aliases give the same answer shape as the hub's.
const postgraphileNested = (first: number) => `query ($d: String!) {
  enterprises: allEnterprises(condition: { districtCode: $d }, first: ${first}, orderBy: CREDIT_CODE_ASC) {
    nodes { creditCode name taxPayments: taxPaymentsByEnterpriseCode(first: 10, orderBy: [PERIOD_DESC, ID_DESC]) {
      nodes { period taxType amount } } } } }`;
const hubCross = (first: number) => `query ($d: ID!) { enterprises(districtCode: $d, first: ${first}) {
  nodes { creditCode name businessLicence { status registeredOn }
    district { code name indicatorValues(first: 5) { nodes { period value } } keyProjects(first: 5) { nodes { name } } } } } }`;

/** A typical department query (the one bench:audit has used): a page of a district's enterprises. */
export const TYPICAL_QUERY = `query ($d: ID!) { enterprises(districtCode: $d, first: 20) { nodes { creditCode name
  industry { name } taxPayments(first: 3) { nodes { period taxType amount } } } } }`;

/** Scenarios 1–5, loaded with autocannon. Scenario 6 (scale) measures latency instead: see scale.ts. */
export function loadScenarios(input: ScenarioInputs): LoadScenario[] {
  const { taxOffice, shinanPlanning } = input.tokens;
  const code = (i: number) => input.creditCodes[i % input.creditCodes.length];
  const district = (i: number) => input.districts[i % input.districts.length];
  const nested = (first: number): LoadScenario['systems'] => ({
    hub: (i) => graphql(taxOffice, hubNested(first), { d: district(i) }),
    baseline: (i) => get('/district-enterprises', { district: district(i), first, payments: 10 }),
    postgraphile: (i) => graphql(null, postgraphileNested(first), { d: district(i) }),
  });
  const cross = (first: number): LoadScenario['systems'] => ({
    hub: (i) => graphql(taxOffice, hubCross(first), { d: district(i) }),
    baseline: (i) => get('/district-cross', { district: district(i), first }),
  });
  const pointLookup = (i: number) =>
    graphql(taxOffice, `query ($c: ID!) { enterprise(creditCode: $c) { ${SIX_FIELDS} } }`, { c: code(i) });
  const bigList = `query ($d: ID!) { enterprises(districtCode: $d, first: 5000) { nodes {
    creditCode name registeredCapital establishedOn legalRepresentative contactPhone industry { code } district { code } } } }`;
  return [
    {
      id: 1,
      title: 'Point lookup: one enterprise by credit code, 6 fields',
      systems: {
        hub: pointLookup,
        'hub, federated': pointLookup,
        baseline: (i) => get('/enterprise', { code: code(i) }),
        postgraphile: (i) =>
          graphql(
            null,
            `query ($c: String!) { enterprise: enterpriseByCreditCode(creditCode: $c) { ${SIX_FIELDS} } }`,
            {
              c: code(i),
            },
          ),
        // For reference (no target): the hub without its audit trail, on the cheapest query there is.
        'hub, audit off': (i) =>
          graphql(taxOffice, `query ($c: ID!) { enterprise(creditCode: $c) { ${SIX_FIELDS} } }`, {
            c: code(i),
          }),
      },
      targets: [
        { of: 'hub', over: 'baseline', atLeast: 0.75 },
        { of: 'hub', over: 'postgraphile', atLeast: 1.0 },
      ],
      sameAnswers: ['hub', 'baseline', 'postgraphile', 'hub, federated'],
      references: [{ of: 'hub, federated', over: 'hub' }],
    },
    {
      id: 2,
      title: 'Nested list, one source: 50 enterprises of a district, each with its last 10 tax payments',
      systems: nested(50),
      targets: [
        { of: 'hub', over: 'postgraphile', atLeast: 1.0 },
        { of: 'hub', over: 'baseline', atLeast: 0.6 },
      ],
      growth: [
        { label: '10 parents', systems: nested(10) },
        { label: '200 parents', systems: nested(200) },
      ],
      sameAnswers: ['hub', 'baseline', 'postgraphile'],
    },
    {
      id: 3,
      title:
        "Cross-source: the same 50 enterprises with their business licence and their district's indicator values and key projects (five sources)",
      systems: { ...cross(50), 'hub, federated': cross(50).hub },
      targets: [{ of: 'hub', over: 'baseline', atLeast: 0.5 }],
      growth: [
        { label: '10 parents', systems: cross(10) },
        { label: '200 parents', systems: cross(200) },
      ],
      sameAnswers: ['hub', 'baseline', 'hub, federated'],
      references: [{ of: 'hub, federated', over: 'hub' }],
    },
    {
      id: 4,
      title:
        'Permissions on a large list: up to 5,000 enterprises x 8 fields, as a district with a scoped, masked grant',
      systems: {
        hub: () => graphql(shinanPlanning, bigList, { d: '370202' }),
        'hub, permissions off': () => graphql(shinanPlanning, bigList, { d: '370202' }),
      },
      targets: [{ of: 'hub', over: 'hub, permissions off', atLeast: 0.9 }],
      connections: 4,
      // About 5 answers a second at scale 50: 10-second rounds give too few to compare within 10 %.
      secondsFactor: 3,
    },
    {
      id: 5,
      title: 'Audit on versus off: a typical department query (20 enterprises, industry, 3 latest payments)',
      systems: {
        hub: (i) => graphql(taxOffice, TYPICAL_QUERY, { d: district(i) }),
        'hub, audit off': (i) => graphql(taxOffice, TYPICAL_QUERY, { d: district(i) }),
      },
      targets: [{ of: 'hub', over: 'hub, audit off', atLeast: 0.9 }],
    },
  ];
}
