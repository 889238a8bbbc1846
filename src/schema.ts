/**
 * The hub's GraphQL schema in the single process: the sources' subgraphs composed (src/supergraph.ts), served as
 * one API schema with every source's resolvers.
 */
import { makeExecutableSchema } from '@graphql-tools/schema';
import { mergeResolvers } from '@graphql-tools/merge';
import { mapSchema, MapperKind, type IResolvers } from '@graphql-tools/utils';
import { GraphQLScalarType, type GraphQLSchema } from 'graphql';
import { sources, type RegisteredSource } from './sources';
import { sharedResolvers } from '../resolvers/shared';
import { assertListsBounded, LIST_SIZE_EXTENSION } from './query-cost';
import { declaredCatalogue, type DeclaredCatalogue } from '../auth/catalogue-declarations';
import { buildSourceSubgraph, composeSupergraph, readSubgraphs, type Supergraph } from './supergraph';

/** The resolvers of one source's subgraph: the shared ones and its own. */
function subgraphResolvers(
  source: RegisteredSource,
  info: { version: string; maxPageSize: number },
): IResolvers {
  const shared = sharedResolvers({ ...info, sources: sources.map((s) => s.name) }) as IResolvers;
  return mergeResolvers([shared, source.resolvers]);
}

/**
 * Builds every source's subgraph (checking each is a valid Federation v2 subgraph) and composes them; throws
 * with the composition errors when they do not compose.
 */
export function composeHubSupergraph(options: {
  projectRoot: string;
  version: string;
  maxPageSize: number;
}): Supergraph {
  const subgraphs = readSubgraphs(options.projectRoot, sources);
  subgraphs.forEach((subgraph, i) => buildSourceSubgraph(subgraph, subgraphResolvers(sources[i], options)));
  return composeSupergraph(subgraphs);
}

/**
 * The catalogue the sources declare beside their fields (@resource, @item, @smallGroups in their SDL), read only
 * from subgraphs that are valid (so a directive missing an argument fails here, before anything is stored).
 */
export function hubCatalogue(projectRoot: string): DeclaredCatalogue {
  const subgraphs = readSubgraphs(projectRoot, sources);
  for (const subgraph of subgraphs) buildSourceSubgraph(subgraph, {});
  return declaredCatalogue(subgraphs);
}

/** Builds the executable API schema; throws with graphql-tools' message when SDL and resolvers disagree. */
export function buildHubSchema(options: {
  projectRoot: string;
  version: string;
  maxPageSize: number;
}): GraphQLSchema {
  const supergraph = composeHubSupergraph(options);
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
    // A scalar given as a GraphQLScalarType in the resolvers loses its SDL description (graphql-tools copies the
    // resolver's undefined over it): take it back from the SDL.
    [MapperKind.SCALAR_TYPE]: (type) =>
      type.description || !type.astNode?.description
        ? type
        : new GraphQLScalarType({ ...type.toConfig(), description: type.astNode.description.value }),
    // The API schema has lost the supergraph's @listSize: carry it over for the query-cost limit.
    [MapperKind.OBJECT_FIELD]: (config, fieldName, typeName) => {
      const size = supergraph.listSizes.get(`${typeName}.${fieldName}`);
      return size === undefined
        ? config
        : { ...config, extensions: { ...config.extensions, [LIST_SIZE_EXTENSION]: size } };
    },
  });
  assertListsBounded(schema);
  return schema;
}
