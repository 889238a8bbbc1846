/**
 * The hub's GraphQL schema in the single process: the sources' subgraphs composed (src/supergraph.ts), served as
 * one API schema with every source's resolvers.
 */
import { makeExecutableSchema } from '@graphql-tools/schema';
import { mergeResolvers } from '@graphql-tools/merge';
import { mapSchema, MapperKind, type IResolvers } from '@graphql-tools/utils';
import { GraphQLScalarType, type GraphQLSchema } from 'graphql';
import { sources } from './sources';
import { sharedResolvers } from '../resolvers/shared';
import { assertListsBounded, LIST_SIZE_EXTENSION } from './query-cost';
import { declaredCatalogue, type DeclaredCatalogue } from '../auth/catalogue-declarations';
import {
  buildSourceSubgraph,
  composeSupergraph,
  readSubgraphs,
  type Subgraph,
  type Supergraph,
} from './supergraph';

/** Valid subgraphs and what they declare, per project root: the SDL files are read and checked once a process. */
const loaded = new Map<
  string,
  { subgraphs: Subgraph[]; supergraph?: Supergraph; catalogue?: DeclaredCatalogue }
>();

/** Every source's subgraph, each checked to be a valid Federation v2 subgraph (throws naming what is wrong). */
function validSubgraphs(projectRoot: string) {
  let entry = loaded.get(projectRoot);
  if (!entry) {
    const subgraphs = readSubgraphs(projectRoot, sources);
    for (const subgraph of subgraphs) buildSourceSubgraph(subgraph, {});
    loaded.set(projectRoot, (entry = { subgraphs }));
  }
  return entry;
}

/** The sources' subgraphs composed; throws with the composition errors when they do not compose. */
export function composeHubSupergraph(options: { projectRoot: string }): Supergraph {
  const entry = validSubgraphs(options.projectRoot);
  return (entry.supergraph ??= composeSupergraph(entry.subgraphs));
}

/**
 * The catalogue the sources declare beside their fields (@resource, @item, @smallGroups, @apiAccess in their SDL),
 * read only from subgraphs that are valid (so a directive missing an argument fails here, before anything is
 * stored).
 */
export function hubCatalogue(projectRoot: string): DeclaredCatalogue {
  const entry = validSubgraphs(projectRoot);
  return (entry.catalogue ??= declaredCatalogue(entry.subgraphs));
}

/**
 * One line per catalogued field: its item and resource as the sources declare them. Who may read it is the
 * directory's decision at run time, so the line points there instead of repeating a share type that an
 * administrator may have changed.
 */
function catalogueNotes(catalogue: DeclaredCatalogue): Map<string, string> {
  const notes = new Map<string, string>();
  for (const resource of catalogue.resources) {
    for (const item of resource.items) {
      notes.set(
        item.coordinate,
        `信息项「${item.name}」· 资源 ${resource.code}「${resource.name}」· 提供部门 ${resource.provider}. ` +
          'What you may read: `myAccess` (or the console catalogue).',
      );
    }
  }
  return notes;
}

/**
 * The executable schema of one source as a Federation v2 subgraph (`_entities`, `_service` and its reference
 * resolvers included), with the shared resolvers: what `npm start -- --subgraph <source>` serves. Its catalogued
 * fields are the same coordinates as in the API schema, so the same rules govern them.
 */
export function buildHubSubgraphSchema(options: {
  projectRoot: string;
  version: string;
  maxPageSize: number;
  source: string;
}): GraphQLSchema {
  const index = sources.findIndex((s) => s.name === options.source);
  if (index < 0) {
    throw new Error(
      `There is no source named "${options.source}"; the sources are ${sources.map((s) => s.name).join(', ')}.`,
    );
  }
  const subgraph = validSubgraphs(options.projectRoot).subgraphs[index];
  const resolvers = mergeResolvers([
    sharedResolvers({ ...options, sources: [options.source] }) as IResolvers,
    sources[index].resolvers,
  ]);
  return mapSchema(buildSourceSubgraph(subgraph, resolvers), {
    [MapperKind.SCALAR_TYPE]: scalarWithDescription,
  });
}

/**
 * A scalar given as a GraphQLScalarType in the resolvers loses its SDL description (graphql-tools copies the
 * resolver's undefined over it): take it back from the SDL.
 */
function scalarWithDescription(type: GraphQLScalarType): GraphQLScalarType {
  return type.description || !type.astNode?.description
    ? type
    : new GraphQLScalarType({ ...type.toConfig(), description: type.astNode.description.value });
}

/** Builds the executable API schema; throws with graphql-tools' message when SDL and resolvers disagree. */
export function buildHubSchema(options: {
  projectRoot: string;
  version: string;
  maxPageSize: number;
}): GraphQLSchema {
  const supergraph = composeHubSupergraph(options);
  const itemNotes = catalogueNotes(hubCatalogue(options.projectRoot));
  const resolvers = mergeResolvers([
    sharedResolvers({ ...options, sources: sources.map((s) => s.name) }) as IResolvers,
    ...sources.map((s) => s.resolvers),
  ]);
  const executable = makeExecutableSchema({
    typeDefs: supergraph.publicSdl,
    resolvers,
    // A resolver for a field the SDL lacks is a bug, not something to ignore.
    resolverValidationOptions: { requireResolversToMatchSchema: 'error' },
  });
  const schema = mapSchema(executable, {
    [MapperKind.SCALAR_TYPE]: scalarWithDescription,
    // The API schema has lost the supergraph's @listSize: carry it over for the query-cost limit. And each
    // catalogued field says, in its description, which catalogue item and resource it is (GraphiQL's docs).
    [MapperKind.OBJECT_FIELD]: (config, fieldName, typeName) => {
      const coordinate = `${typeName}.${fieldName}`;
      const size = supergraph.listSizes.get(coordinate);
      const note = itemNotes.get(coordinate);
      if (size === undefined && !note) return config;
      return {
        ...config,
        description: note ? [config.description, note].filter(Boolean).join('\n\n') : config.description,
        extensions:
          size === undefined ? config.extensions : { ...config.extensions, [LIST_SIZE_EXTENSION]: size },
      };
    },
  });
  assertListsBounded(schema);
  return schema;
}
