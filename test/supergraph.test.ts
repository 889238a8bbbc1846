/**
 * Each source is an Apollo Federation v2 subgraph: it builds with @apollo/subgraph, states its SDL through
 * `_service`, and resolves other subgraphs' references to its entities through the same DataLoaders as the
 * single process (one statement for a batch of references). The composed API schema is what the hub serves.
 */
import fs from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import {
  buildSchema,
  graphql,
  Kind,
  lexicographicSortSchema,
  parse,
  print,
  printSchema,
  visit,
  type GraphQLObjectType,
  type GraphQLSchema,
} from 'graphql';
import { mergeResolvers } from '@graphql-tools/merge';
import { sources } from '../src/sources';
import { createContext } from '../src/context';
import { sharedResolvers } from '../resolvers/shared';
import { buildSourceSubgraph, composeSupergraph, readSubgraphs, SUPERGRAPH_FILE } from '../src/supergraph';
import { createTestHub, type TestHub } from './helpers/test-hub';
import { TEST_READER } from './helpers/cluster';

const ROOT = path.resolve(__dirname, '..');
let t: TestHub;
const subgraphs = readSubgraphs(ROOT, sources);

function subgraphSchema(name: string): GraphQLSchema {
  const index = sources.findIndex((s) => s.name === name);
  const shared = sharedResolvers({ version: 'test', sources: [], maxPageSize: 100 });
  return buildSourceSubgraph(subgraphs[index], mergeResolvers([shared as never, sources[index].resolvers]));
}

function context() {
  return createContext(t.hub.databases, {
    maxPageSize: 100,
    logger: pino({ level: 'silent' }),
    caller: {
      clientId: TEST_READER.clientId,
      role: 'DEPARTMENT',
      departmentCode: TEST_READER.departmentCode,
    },
    directory: t.hub.auth.directory,
    auditTrail: t.hub.audit,
    secrets: t.hub.auth.secrets,
  });
}

beforeAll(async () => {
  t = await createTestHub();
});
afterAll(async () => t?.close());

test('every source builds as a subgraph and states its own SDL through _service', async () => {
  for (const source of sources) {
    const result = await graphql({ schema: subgraphSchema(source.name), source: '{ _service { sdl } }' });
    expect(result.errors).toBeUndefined();
    const sdl = (result.data as { _service: { sdl: string } })._service.sdl;
    expect(sdl).toContain('@link');
    // Every type the source's own file defines is in the SDL its subgraph states, and nothing of another source's.
    const own = parse(
      fs.readFileSync(path.join(ROOT, 'schema', source.schemaFile), 'utf8'),
    ).definitions.flatMap((d) => ('name' in d && d.name ? [d.name.value] : []));
    expect(own.length).toBeGreaterThan(2);
    const stated = new Set(
      parse(sdl).definitions.flatMap((d) => ('name' in d && d.name ? [d.name.value] : [])),
    );
    expect(own.filter((name) => !stated.has(name))).toEqual([]);
    for (const other of sources.filter((s) => s !== source)) {
      const theirs = parse(fs.readFileSync(path.join(ROOT, 'schema', other.schemaFile), 'utf8')).definitions;
      const onlyTheirs = theirs.flatMap((d) =>
        d.kind === Kind.ENUM_TYPE_DEFINITION || d.kind === Kind.INPUT_OBJECT_TYPE_DEFINITION
          ? [d.name.value]
          : [],
      );
      expect(onlyTheirs.filter((name) => stated.has(name) && !own.includes(name))).toEqual([]);
    }
  }
});

/** The schema's types and fields in a fixed order, without descriptions. */
function shape(schema: GraphQLSchema): string {
  const withoutDescriptions = visit(parse(printSchema(lexicographicSortSchema(schema))), {
    enter: (node) =>
      'description' in node && node.description ? { ...node, description: undefined } : undefined,
  });
  return print(withoutDescriptions);
}

test('the served API schema is the composition of the subgraphs, and the committed supergraph is current', () => {
  const composed = composeSupergraph(subgraphs);
  expect(shape(t.hub.schema)).toBe(shape(buildSchema(composed.publicSdl)));
  // Descriptions are the SDL's, each catalogued field's with its catalogue item and resource after it.
  const phone = t.hub.schema.getType('Enterprise') as GraphQLObjectType;
  expect(phone.getFields().contactPhone.description).toBe(
    '联系电话 (personal data).\n\n信息项「联系电话」· 资源 FIS-ENTERPRISE-CONTACT「企业法定代表人及联系方式」· 提供部门 市地税局. ' +
      'What you may read: `myAccess` (or the console catalogue).',
  );
  const committed = fs.readFileSync(path.join(ROOT, SUPERGRAPH_FILE), 'utf8');
  expect(committed).toContain(composed.supergraphSdl);
});

test('references to enterprises and regions resolve in one statement per batch, as the same rows', async () => {
  const codes = await t.sql<{ credit_code: string }>(
    'fiscal',
    'SELECT credit_code FROM enterprise ORDER BY credit_code LIMIT 3',
  );
  const representations = codes.map((c) => ({ __typename: 'Enterprise', creditCode: c.credit_code }));
  const before = t.statementCounts();
  const result = await graphql({
    schema: subgraphSchema('fiscal'),
    source: `query($r: [_Any!]!) { _entities(representations: $r) { ... on Enterprise { creditCode name } } }`,
    variableValues: { r: [...representations, { __typename: 'Enterprise', creditCode: 'NO-SUCH-CODE' }] },
    contextValue: context(),
  });
  expect(result.errors).toBeUndefined();
  const names = await t.sql<{ credit_code: string; name: string }>(
    'fiscal',
    'SELECT credit_code, name FROM enterprise WHERE credit_code = ANY($1) ORDER BY credit_code',
    [codes.map((c) => c.credit_code)],
  );
  expect(result.data).toEqual({
    _entities: [...names.map((n) => ({ creditCode: n.credit_code, name: n.name })), null],
  });
  expect(t.statementCounts().fiscal - before.fiscal).toBe(1);

  const regions = await graphql({
    schema: subgraphSchema('directory'),
    source: `{ _entities(representations: [{ __typename: "Region", code: "370202" }]) { ... on Region { name } } }`,
    contextValue: context(),
  });
  const [region] = await t.sql<{ name: string }>(
    'directory',
    "SELECT name FROM region WHERE code = '370202'",
  );
  expect(regions.data).toEqual({ _entities: [{ name: region.name }] });
});
