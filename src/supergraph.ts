/**
 * The federated schema. Each registered source's SDL, together with `schema/shared.graphql`, is an Apollo
 * Federation v2 subgraph, built with `@apollo/subgraph`; composing them (`@theguild/federation-composition`) gives
 * the supergraph a federation gateway routes by (`schema/supergraph.graphql`, committed) and the API schema the
 * single process serves in-process.
 */
import fs from 'node:fs';
import path from 'node:path';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { composeServices } from '@theguild/federation-composition';
import { Kind, parse, visit, type DocumentNode, type GraphQLSchema } from 'graphql';
import type { IResolvers } from '@graphql-tools/utils';
import type { RegisteredSource } from './sources';

/** The committed supergraph, relative to the project root. */
export const SUPERGRAPH_FILE = path.join('schema', 'supergraph.graphql');
/** The composed API schema, as clients see it (no federation directives). */
export const API_SCHEMA_FILE = path.join('schema', 'api.graphql');

/**
 * Where a gateway finds each subgraph, by registry position: `http://127.0.0.1:4101/graphql` for the first source,
 * 4102 for the second... (a gateway may override these per subgraph).
 */
export const SUBGRAPH_BASE_PORT = 4100;

export interface Subgraph {
  name: string;
  /** schema/shared.graphql and schema/<name>.graphql, parsed as one document. */
  typeDefs: DocumentNode;
  url: string;
}

/** Reads the SDL of every source as a subgraph; throws naming the file when one does not parse. */
export function readSubgraphs(projectRoot: string, sources: readonly RegisteredSource[]): Subgraph[] {
  const read = (file: string) => fs.readFileSync(path.join(projectRoot, 'schema', file), 'utf8');
  const shared = read('shared.graphql');
  return sources.map((source, index) => {
    let typeDefs: DocumentNode;
    try {
      // Parsed apart first, so that a syntax error names the right file and line.
      const own = parse(read(source.schemaFile));
      typeDefs = { kind: Kind.DOCUMENT, definitions: [...parse(shared).definitions, ...own.definitions] };
    } catch (error) {
      throw new Error(`schema/${source.schemaFile}: ${(error as Error).message}`, { cause: error });
    }
    return { name: source.name, typeDefs, url: `http://127.0.0.1:${SUBGRAPH_BASE_PORT + index + 1}/graphql` };
  });
}

/**
 * The executable subgraph schema of one source (`_service`, `_entities` and reference resolvers included), as a
 * subgraph server serves it.
 */
export function buildSourceSubgraph(subgraph: Subgraph, resolvers: IResolvers): GraphQLSchema {
  // The array form: @apollo/subgraph 2.15 fails on the single-module form (see STACK.md).
  return buildSubgraphSchema([{ typeDefs: subgraph.typeDefs, resolvers: resolvers as never }]);
}

export interface Supergraph {
  /** The supergraph SDL, for a federation gateway. */
  supergraphSdl: string;
  /** The API schema clients see: the supergraph without federation's machinery. */
  publicSdl: string;
  /** `@listSize(assumedSize:)` per field coordinate: composition keeps it in the supergraph, not the API schema. */
  listSizes: ReadonlyMap<string, number>;
}

/** Composes the subgraphs; throws with every composition error when they do not compose. */
export function composeSupergraph(subgraphs: readonly Subgraph[]): Supergraph {
  const result = composeServices(subgraphs.map((s) => ({ name: s.name, typeDefs: s.typeDefs, url: s.url })));
  if (result.errors) {
    throw new Error(
      `The sources' subgraphs do not compose:\n${result.errors.map((e) => `  - ${e.message}`).join('\n')}`,
    );
  }
  return {
    supergraphSdl: result.supergraphSdl,
    publicSdl: result.publicSdl,
    listSizes: listSizesOf(result.supergraphDocumentNode),
  };
}

/** `Type.field` -> assumedSize of every `@listSize` in a document. */
function listSizesOf(document: DocumentNode): Map<string, number> {
  const sizes = new Map<string, number>();
  let typeName = '';
  visit(document, {
    ObjectTypeDefinition: (node) => void (typeName = node.name.value),
    ObjectTypeExtension: (node) => void (typeName = node.name.value),
    InterfaceTypeDefinition: (node) => void (typeName = node.name.value),
    FieldDefinition(node) {
      const directive = node.directives?.find((d) => d.name.value === 'listSize');
      const size = directive?.arguments?.find((a) => a.name.value === 'assumedSize')?.value;
      if (size?.kind === Kind.INT) sizes.set(`${typeName}.${node.name.value}`, Number(size.value));
    },
  });
  return sizes;
}
