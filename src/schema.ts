/**
 * The hub's GraphQL schema: shared SDL plus each registered source's SDL, with their resolvers.
 */
import fs from 'node:fs';
import path from 'node:path';
import { makeExecutableSchema } from '@graphql-tools/schema';
import { mergeResolvers } from '@graphql-tools/merge';
import type { GraphQLSchema } from 'graphql';
import type { IResolvers } from '@graphql-tools/utils';
import { sources } from './sources';
import { sharedResolvers } from '../resolvers/shared';
import { assertListsBounded } from './query-cost';

/** Reads `schema/<file>` from the project root. */
function readSdl(projectRoot: string, file: string): string {
  return fs.readFileSync(path.join(projectRoot, 'schema', file), 'utf8');
}

/** Builds the executable schema; throws with graphql-tools' message when SDL and resolvers disagree. */
export function buildHubSchema(options: {
  projectRoot: string;
  version: string;
  maxPageSize: number;
}): GraphQLSchema {
  const typeDefs = [
    readSdl(options.projectRoot, 'shared.graphql'),
    ...sources.map((s) => readSdl(options.projectRoot, s.schemaFile)),
  ];
  const resolvers = mergeResolvers([
    sharedResolvers({
      version: options.version,
      sources: sources.map((s) => s.name),
      maxPageSize: options.maxPageSize,
    }) as IResolvers,
    ...sources.map((s) => s.resolvers),
  ]);
  const schema = makeExecutableSchema({
    typeDefs,
    resolvers,
    // A resolver for a field the SDL lacks is a bug, not something to ignore.
    resolverValidationOptions: { requireResolversToMatchSchema: 'error' },
  });
  assertListsBounded(schema);
  return schema;
}
