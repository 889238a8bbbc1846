/**
 * GraphQL on Apollo Server 5: what `/graphql` runs.
 *
 * Apollo Server does the HTTP side of GraphQL (request parsing, content negotiation including
 * `application/graphql-response+json`, status codes, CSRF prevention) and keeps parsed, validated documents in a
 * store bounded in bytes. The hub adds, through Apollo's own extension points:
 * - `parseOptions.maxTokens` and validation rules (GraphQL Armor's depth, aliases, directives); the document's
 *   other limits are checked before Apollo sees the request (src/graphql-limits.ts, `DocumentGate`);
 * - in the same plugin, once the operation is known: introspection by role, the query-cost limit (fails
 *   closed), and the per-operation access plan (auth/access.ts);
 * - an executor, through the `gateway` option: the operation compiled once per document by graphql-jit, then one
 *   pass over the result for the plain fields' permissions (auth/plain-fields.ts). Why compiled: graphql-js
 *   interprets the document for every value of every row; on the nested list of bench scenario 2 the hub spent
 *   7.5 ms of CPU per request interpreted, 5.1 ms compiled. Cache control is disabled: it would wrap every resolver.
 * - an error formatter that gives each limit its own code and masks anything internal.
 */
import v8 from 'node:v8';
import { ApolloServer, HeaderMap, type ApolloServerPlugin, type GraphQLRequestContext } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginUsageReportingDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginSchemaReportingDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { InMemoryLRUCache } from '@apollo/utils.keyvaluecache';
import { LRUCache } from 'lru-cache';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import {
  BREAK,
  GraphQLError,
  getVariableValues,
  visit,
  type DocumentNode,
  type ExecutionResult,
  type GraphQLFormattedError,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import type { Logger } from 'pino';
import type { HubContext } from './context';
import { armorRules, expandedSelections, LimitCode, limitCodeOf, type GraphQLLimits } from './graphql-limits';
import { queryCostChecker } from './query-cost';
import type { RuleTree } from '../auth/rules';
import type { Role } from '../auth/directory-state';
import { plainFieldTree, settlePlainFields } from '../auth/plain-fields';
import { guardPlainFields } from '../auth/access';
import { documentHash } from '../audit/request-audit';
import { ErrorCode } from '../connectors/shared/errors';

export interface GraphQLServerOptions {
  schema: GraphQLSchema;
  /** The permission rules; null only in the permissions benchmark (the hub without its permission layer). */
  ruleTree: RuleTree | null;
  limits: GraphQLLimits;
  /**
   * Most objects one query may be estimated to return; null on a subgraph, which sees only the gateway's parts of
   * an operation whose whole the gateway has already estimated.
   */
  maxQueryCost: number | null;
  maxPageSize: number;
  /** Roles that may run introspection (`__schema`, `__type`). */
  introspectionRoles: ReadonlySet<Role>;
  /** Budget of the parsed-document store, bytes (see `documentStore`). */
  documentCacheBytes: number;
  /** Budget of the compiled operations, bytes (see `compiledExecutor`). */
  compiledCacheBytes: number;
  /** Hide "Did you mean ...?" suggestions, which reveal the schema to callers without introspection. */
  hideSchemaDetails: boolean;
  logger: Logger;
}

/** Codes whose messages are written for clients; any other error is masked (it may carry SQL or internals). */
export const CLIENT_CODES: ReadonlySet<string> = new Set<string>([
  ...Object.values(ErrorCode).filter((c) => c !== ErrorCode.INTERNAL_SERVER_ERROR),
  ...Object.values(LimitCode),
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'FORBIDDEN',
  'UNAUTHENTICATED',
  'QUERY_TOO_COMPLEX',
  'INTROSPECTION_DISABLED',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'UNSUPPORTED_MEDIA_TYPE',
  'BATCHING_NOT_SUPPORTED',
  'RATE_LIMITED',
]);

/**
 * Keeps client-facing errors as they are and replaces anything unexpected with a generic message: no stack
 * trace, SQL text or driver message ever reaches the client. The original is logged where it happened.
 */
export function maskError(formatted: GraphQLFormattedError): GraphQLFormattedError {
  const code = String(formatted.extensions?.code ?? '');
  if (CLIENT_CODES.has(code)) return formatted;
  return {
    message:
      'Internal error while resolving this field; it has been logged. Quote the x-request-id response header when reporting it.',
    locations: formatted.locations,
    path: formatted.path,
    extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
  };
}

// graphql-js's own words when `parse` stops at maxTokens (graphql 16, pinned).
const TOKEN_LIMIT_MESSAGE = /^Syntax Error: Document contains more th(?:an|at) \d+ tokens/;

/** The client-facing form of an error: a limit's own code restored, everything internal masked. */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const limitCode =
    limitCodeOf(error) ??
    (TOKEN_LIMIT_MESSAGE.test(formatted.message) ? LimitCode.TOO_MANY_TOKENS : undefined);
  if (limitCode) return maskError({ ...formatted, extensions: { ...formatted.extensions, code: limitCode } });
  return maskError(formatted);
}

/** A refusal before execution: `code`, HTTP `status`, and a message saying what to change. */
export function refusal(code: string, message: string, status = 400, extra: Record<string, unknown> = {}) {
  return new GraphQLError(message, {
    extensions: { code, ...extra, http: { status, headers: new HeaderMap() } },
  });
}

const introspects = new WeakMap<DocumentNode, boolean>();
/** True when the document selects `__schema` or `__type` anywhere (remembered per parsed document). */
function usesIntrospection(document: DocumentNode): boolean {
  let found = introspects.get(document);
  if (found === undefined) {
    found = false;
    visit(document, {
      Field(node) {
        if (node.name.value !== '__schema' && node.name.value !== '__type') return undefined;
        found = true;
        return BREAK;
      },
    });
    introspects.set(document, found);
  }
  return found;
}

const holdsNul = new WeakMap<DocumentNode, boolean>();
/** True when a string literal of the document holds a NUL (only an escape such as \u0000 can put one there). */
function documentHoldsNul(document: DocumentNode, source: string | undefined): boolean {
  if (!source?.includes('\\u')) return false;
  let found = holdsNul.get(document);
  if (found === undefined) {
    found = false;
    visit(document, {
      StringValue(node) {
        if (!node.value.includes('\u0000')) return undefined;
        found = true;
        return BREAK;
      },
    });
    holdsNul.set(document, found);
  }
  return found;
}

/** What `operationChecker` needs to know of the hub. */
export type OperationCheckOptions = Pick<
  GraphQLServerOptions,
  'schema' | 'introspectionRoles' | 'maxQueryCost' | 'maxPageSize'
>;

/**
 * The checks on an operation once its document is parsed and valid, before it runs: it names an operation that
 * exists, holds no NUL in a string, uses introspection only for the roles allowed it, and stays within the query
 * cost. Returns a function giving the refusal (a GraphQLError with its code and HTTP status), or null. Shared by the
 * hub's Apollo plugin and the gateway's front (src/gateway-front.ts), so both refuse alike.
 */
export function operationChecker(options: OperationCheckOptions) {
  const maxCost = options.maxQueryCost;
  const checkCost =
    maxCost === null
      ? () => null
      : queryCostChecker(options.schema, { maxCost, maxPageSize: options.maxPageSize });
  return (request: {
    document: DocumentNode;
    operation: OperationDefinitionNode | null | undefined;
    /** The operation name the request sent. */
    operationName: string | null | undefined;
    variables: Record<string, unknown>;
    /** The document's text, when known (for the NUL check's shortcut). */
    source: string | undefined;
    role: Role;
  }): GraphQLError | null => {
    const { document, operation } = request;
    if (!operation) {
      return refusal(
        'OPERATION_RESOLUTION_FAILURE',
        request.operationName
          ? `Unknown operation named "${request.operationName}".`
          : 'The document holds several operations: name the one to run in "operationName".',
      );
    }
    if (documentHoldsNul(document, request.source)) {
      return refusal(
        'BAD_USER_INPUT',
        'A string in the query holds a NUL character (U+0000), which no field can store or match; remove it.',
      );
    }
    if (usesIntrospection(document) && !options.introspectionRoles.has(request.role)) {
      return refusal(
        'INTROSPECTION_DISABLED',
        `Introspection (__schema, __type) is not enabled for ${request.role} clients on this hub. The schema and the catalogue are documented by the query "directory".`,
        403,
      );
    }
    const tooComplex = checkCost(document, operation, request.variables);
    if (tooComplex) {
      return refusal(String(tooComplex.extensions.code), tooComplex.message, 400, {
        ...tooComplex.extensions,
      });
    }
    return null;
  };
}

/**
 * The hub's request plugin: limits before validation; once the operation is known, the operation checks and the
 * access plan; and the error codes for the audit record.
 */
function hubPlugin(options: GraphQLServerOptions): ApolloServerPlugin<HubContext> {
  const checkOperation = operationChecker(options);
  return {
    async requestDidStart({ contextValue: ctx }) {
      const info = ctx.audit;
      return {
        async didResolveSource(rc) {
          // Until the document parses, the audit hash is of the text as sent (Apollo's queryHash: SHA-256 of it).
          info.documentHash = rc.queryHash;
        },
        async didResolveOperation(rc) {
          const { document, operation } = rc;
          info.documentHash = documentHash(document);
          if (operation) {
            info.operationType = operation.operation;
            info.operationName = operation.name?.value ?? rc.request.operationName ?? null;
          }
          const refused = checkOperation({
            document,
            operation,
            operationName: rc.request.operationName,
            variables: rc.request.variables ?? {},
            source: rc.source,
            role: ctx.caller.role,
          });
          if (refused) throw refused;
          if (options.ruleTree && operation) {
            const variables = rc.request.variables ?? {};
            await ctx.access.plan(ctx, options.schema, document, operation, variables, options.ruleTree);
          }
        },
        async didEncounterErrors(rc) {
          for (const error of rc.errors) {
            const code = limitCodeOf(error) ?? String(error.extensions?.code ?? '');
            if (!CLIENT_CODES.has(code)) {
              ctx.logger.error({ err: error.originalError ?? error, path: error.path }, 'resolver error');
            }
          }
        },
        async willSendResponse(rc) {
          const body = rc.response.body;
          const result = body.kind === 'single' ? body.singleResult : body.initialResult;
          const errors = result.errors;
          if (!errors?.length) return;
          info.errorCodes = [...new Set(errors.map((e) => String(e.extensions?.code)))].sort();
          // Nothing answered and only the caller's input to blame (a 200,000-character purpose, say): a 400, as
          // for any other bad request, rather than a 200 carrying nothing but errors.
          const data = result.data;
          const answeredNothing = !data || Object.values(data).every((v) => v === null);
          if (
            answeredNothing &&
            info.errorCodes.every((c) => c === 'BAD_USER_INPUT') &&
            !rc.response.http.status
          ) {
            rc.response.http.status = 400;
          }
        },
      };
    },
  };
}

// graphql-jit makes each operation's function with `new Function(source)`, and V8 keeps every such source in its
// compilation cache for eval until memory runs short: 600 distinct documents left 215 MB of sources behind there
// after every compiled operation had been evicted (test/hostile/memory.test.ts; 37 MB with the cache off). The
// hub compiles each text once and keeps the result itself (bounded, below), so that cache only ever held garbage.
v8.setFlagsFromString('--no-compilation-cache');

// What one compiled operation keeps alive per field selection it expands to: the generated source (~1.6 kB),
// its bytecode and closures, and the document it closes over. Measured with test/hostile/memory.test.ts (600
// distinct 220-selection documents): the heap grew by about 0.75 MB per compiled operation kept, 3.4 kB per
// selection; counting 8 kB keeps the budget an upper bound.
const COMPILED_BYTES_PER_SELECTION = 8 * 1024;

interface CompiledEntry {
  compiled: CompiledQuery | ExecutionResult;
  bytes: number;
}

/**
 * The executor Apollo calls for every operation that passed the checks: the compiled operation (made once per
 * document text and operation, kept in an LRU bounded in bytes), then the plain-field pass.
 */
function compiledExecutor(options: GraphQLServerOptions) {
  // Keyed by text hash, not by document: a compiled operation holds its document, so a key on the document
  // would keep every document alive as long as its compiled form, whatever Apollo's store evicts.
  const cache = new LRUCache<string, CompiledEntry>({
    maxSize: options.compiledCacheBytes,
    sizeCalculation: (entry) => entry.bytes,
  });
  // The schema for operations that mask row by row (see guardPlainFields), made once.
  const rowwiseSchema = options.ruleTree ? guardPlainFields(options.schema) : options.schema;
  const compiled = (
    schema: GraphQLSchema,
    queryHash: string,
    document: DocumentNode,
    operation: OperationDefinitionNode,
    operationName: string | undefined,
  ) => {
    const key = `${queryHash}:${operationName ?? ''}${schema === rowwiseSchema ? ':rows' : ''}`;
    let entry = cache.get(key);
    if (!entry) {
      entry = {
        // Errors the hub raises carry their own stack (or need none): do not capture one per error.
        compiled: compileQuery(schema, document, operationName, {
          disablingCapturingStackErrors: true,
        }),
        bytes: Math.max(1, expandedSelections(document, operation) * COMPILED_BYTES_PER_SELECTION),
      };
      cache.set(key, entry);
    }
    return entry.compiled;
  };
  return async (rc: {
    queryHash: string;
    document: DocumentNode;
    operation: GraphQLRequestContext<HubContext>['operation'];
    request: { operationName?: string; variables?: Record<string, unknown> };
    context: unknown;
    response?: { http: { status?: number } };
  }): Promise<ExecutionResult> => {
    const ctx = rc.context as HubContext;
    const operation = rc.operation!;
    const variables = rc.request.variables ?? {};
    // Row by row when a masked item is held in clear for some districts, or when the result walk cannot tell the
    // types of its objects (a union: a subgraph's _entities); otherwise plain fields are settled in one walk.
    const rowwise =
      options.ruleTree &&
      (ctx.access.masksByRow() || plainFieldTree(options.schema, rc.document, operation).abstract);
    const schema = rowwise ? rowwiseSchema : options.schema;
    const query = compiled(schema, rc.queryHash, rc.document, operation, rc.request.operationName);
    if (!isCompiledQuery(query)) {
      // A valid document that does not compile is the hub's fault, not the caller's: logged, answered as internal.
      ctx.logger.error({ errors: query.errors?.map((e) => e.message) }, 'operation did not compile');
      if (rc.response) rc.response.http.status = 500;
      return { errors: [new GraphQLError('The operation could not be compiled.')] };
    }
    const result = await query.query(undefined, ctx, variables);
    // Without `data`, execution never started: the variables did not fit their types. graphql-js words that
    // better (a scalar's own message, e.g. the Date format, where graphql-jit says only "Expected type Date").
    if (!('data' in result) || result.data === undefined) {
      const coerced = getVariableValues(options.schema, operation.variableDefinitions ?? [], variables);
      const errors = coerced.errors?.length ? coerced.errors : (result.errors ?? []);
      return {
        errors: errors.map(
          (e) => new GraphQLError(e.message, { nodes: e.nodes, extensions: { code: 'BAD_USER_INPUT' } }),
        ),
      };
    }
    if (options.ruleTree && result.data) {
      const denied = settlePlainFields(
        result.data,
        plainFieldTree(schema, rc.document, operation),
        ctx.access,
      );
      const districtScopes = ctx.access.appliedScopes();
      return {
        ...result,
        ...(denied.length ? { errors: [...(result.errors ?? []), ...denied] } : {}),
        ...(districtScopes ? { extensions: { ...result.extensions, districtScopes } } : {}),
      };
    }
    return result;
  };
}

/** Builds and starts the Apollo Server that answers `/graphql`. */
export async function startGraphQLServer(options: GraphQLServerOptions): Promise<ApolloServer<HubContext>> {
  const executor = compiledExecutor(options);
  const server = new ApolloServer<HubContext>({
    // The `gateway` option is Apollo's way to run operations with an executor of one's own (graphql-jit here);
    // the schema is pushed through the callback, as a gateway would.
    gateway: {
      async load() {
        return { executor: executor as never };
      },
      onSchemaLoadOrUpdate(callback) {
        callback({ apiSchema: options.schema, coreSupergraphSdl: '' });
        return () => {};
      },
      async stop() {},
    },
    // Parsed, validated documents by query hash. Apollo sizes an entry by its AST's JSON length; the AST objects
    // and what hangs off them (compiled operation, plans) take several times that in the heap, so the budget
    // given here is divided accordingly (see `DOCUMENT_CACHE_BYTES` in the README).
    documentStore: new InMemoryLRUCache<DocumentNode>({
      maxSize: options.documentCacheBytes,
      sizeCalculation: (document) => 4 * JSON.stringify(document).length,
    }),
    parseOptions: { maxTokens: options.limits.maxTokens },
    validationRules: armorRules(options.limits),
    introspection: true, // decided per role by the hub plugin
    hideSchemaDetailsFromClientErrors: options.hideSchemaDetails,
    includeStacktraceInErrorResponses: false,
    allowBatchedHttpRequests: false,
    // Automatic persisted queries would let a client register texts in another cache; every request sends its
    // document (the console's trusted documents are a different mechanism).
    persistedQueries: false,
    csrfPrevention: true,
    // The hub shuts down in order itself (src/main.ts): Apollo's own SIGINT handler stopped it first and then
    // re-raised the signal into handlers that were already shutting down, and Ctrl-C hung.
    stopOnTerminationSignals: false,
    formatError,
    logger: options.logger,
    plugins: [
      ApolloServerPluginCacheControlDisabled(),
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginUsageReportingDisabled(),
      ApolloServerPluginSchemaReportingDisabled(),
      ApolloServerPluginInlineTraceDisabled(),
      hubPlugin(options),
    ],
  });
  await server.start();
  return server;
}
