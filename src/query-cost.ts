/**
 * The query-cost limit: before a query runs, estimate how many objects it could return and refuse it above a
 * maximum. A connection multiplies its children by its `first` (default page size when absent); another list by
 * its declared `@listSize`. So `enterprises(first: 500) { taxPayments(first: 500) }` (250,500 objects) is refused
 * with a message, instead of being run.
 */
import {
  GraphQLError,
  Kind,
  visit,
  type DocumentNode,
  getNamedType,
  getNullableType,
  isCompositeType,
  isListType,
  type GraphQLField,
  type GraphQLSchema,
  type OperationDefinitionNode,
  getVariableValues,
} from 'graphql';
import { getComplexity, type ComplexityEstimator } from 'graphql-query-complexity';
import { DEFAULT_PAGE_SIZE } from '../connectors/shared/pagination';

/** The field extension holding a field's `@listSize(assumedSize:)` (set by src/schema.ts from the supergraph). */
export const LIST_SIZE_EXTENSION = 'listSize';

/** The `@listSize(assumedSize:)` of a field definition, if any. */
function declaredListSize(field: GraphQLField<unknown, unknown>): number | undefined {
  const size = field.extensions[LIST_SIZE_EXTENSION];
  return typeof size === 'number' ? size : undefined;
}

function isConnectionList(parentTypeName: string): boolean {
  return parentTypeName.endsWith('Connection');
}

/**
 * Checks that every list of objects is bounded: a connection (with `first`), a connection's own `edges`/`nodes`,
 * or a field with `@listSize`. Throws naming the fields that are not, so an unbounded list cannot be added.
 */
export function assertListsBounded(schema: GraphQLSchema): void {
  const unbounded: string[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__') || !('getFields' in type) || !isCompositeType(type)) continue;
    for (const field of Object.values(type.getFields())) {
      const t = getNullableType(field.type);
      if (!isListType(t) || !isCompositeType(getNamedType(t))) continue;
      if (
        isConnectionList(type.name) ||
        declaredListSize(field as GraphQLField<unknown, unknown>) !== undefined
      )
        continue;
      unbounded.push(`${type.name}.${field.name}`);
    }
  }
  if (unbounded.length) {
    throw new Error(
      `List fields without a bound (make them connections or add @listSize): ${unbounded.join(', ')}`,
    );
  }
}

/**
 * The variables a cost depends on: those given to a `first` argument, or to the `if` of @include/@skip. Any
 * other variable (a credit code, a district) leaves the estimate unchanged.
 */
export function costRelevantVariables(document: DocumentNode): string[] {
  const names = new Set<string>();
  visit(document, {
    Argument(node, _key, _parent, _path, ancestors) {
      if (node.value.kind !== Kind.VARIABLE) return;
      // The nearest ancestor that is a node (not the arguments array) is the field or the directive.
      const owner = [...ancestors].reverse().find((a) => !Array.isArray(a)) as { kind?: string } | undefined;
      const inDirective = owner?.kind === Kind.DIRECTIVE;
      if (node.name.value === 'first' || (inDirective && node.name.value === 'if'))
        names.add(node.value.name.value);
    },
  });
  return [...names].sort();
}

/** Objects a field could return: itself (1) plus its children, times its list multiplier. */
function estimator(maxPageSize: number): ComplexityEstimator {
  return ({ type, field, args, childComplexity }) => {
    if (field.args.some((a) => a.name === 'first')) {
      const first =
        typeof args.first === 'number' ? Math.max(0, Math.min(args.first, maxPageSize)) : DEFAULT_PAGE_SIZE;
      return 1 + first * childComplexity;
    }
    if (isListType(getNullableType(field.type))) {
      return (isConnectionList(type.name) ? 1 : (declaredListSize(field) ?? 1)) * (1 + childComplexity);
    }
    return isCompositeType(getNamedType(field.type)) ? 1 + childComplexity : 0;
  };
}

/**
 * The query-cost check: a function that returns a QUERY_TOO_COMPLEX error (to answer with HTTP 400, before any
 * resolver runs) when an operation's estimated result exceeds `maxCost` objects, and null otherwise. It fails
 * closed: variables that do not fit their types are refused with BAD_USER_INPUT (graphql-js's own messages), and
 * an operation whose cost cannot be estimated for any other reason is refused too, never let through.
 */
export function queryCostChecker(
  schema: GraphQLSchema,
  options: { maxCost: number; maxPageSize: number },
): (
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
) => GraphQLError | null {
  const estimators = [estimator(options.maxPageSize)];
  // Costs remembered per parsed document, keyed by the operation and the only variables that change a cost.
  const costs = new WeakMap<DocumentNode, { relevant: string[]; byKey: Map<string, number> }>();
  return (document, operation, variables) => {
    let entry = costs.get(document);
    if (!entry)
      costs.set(document, (entry = { relevant: costRelevantVariables(document), byKey: new Map() }));
    const operationName = operation.name?.value;
    const key = JSON.stringify([operationName ?? null, ...entry.relevant.map((v) => variables[v] ?? null)]);
    let cost = entry.byKey.get(key);
    if (cost === undefined) {
      try {
        cost = getComplexity({ schema, query: document, variables, operationName, estimators });
      } catch (error) {
        return costUnknown(schema, operation, variables, error);
      }
      if (!Number.isFinite(cost)) return costUnknown(schema, operation, variables, null);
      // Bounded: a document's costs for at most 100 variable combinations are kept (and die with it).
      if (entry.byKey.size >= 100) entry.byKey.clear();
      entry.byKey.set(key, cost);
    }
    if (cost <= options.maxCost) return null;
    return new GraphQLError(
      `This query could return up to ${cost} objects; the limit is ${options.maxCost}. ` +
        'Ask for smaller pages (`first`) or fewer nested lists, and fetch further pages with `after`.',
      { extensions: { code: 'QUERY_TOO_COMPLEX', cost, maxCost: options.maxCost } },
    );
  };
}

/**
 * Why a cost could not be estimated, as the error to refuse with: the variables' own coercion errors when they
 * do not fit their types (BAD_USER_INPUT), otherwise QUERY_TOO_COMPLEX saying the estimate failed.
 */
function costUnknown(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
  cause: unknown,
): GraphQLError {
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables, { maxErrors: 1 });
  if (coerced.errors?.length) {
    const first = coerced.errors[0];
    return new GraphQLError(first.message, { nodes: first.nodes, extensions: { code: 'BAD_USER_INPUT' } });
  }
  return new GraphQLError(
    'The cost of this query could not be estimated, so it is refused. Simplify it (fewer fragments and nested lists).',
    {
      extensions: { code: 'QUERY_TOO_COMPLEX' },
      originalError: cause instanceof Error ? cause : undefined,
    },
  );
}
