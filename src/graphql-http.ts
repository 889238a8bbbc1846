/**
 * GraphQL over HTTP: the request pipeline of `/graphql`, directly on graphql-js and graphql-jit.
 *
 * Per document text, once: parse and validate (an LRU of parsed documents), and per operation compile it to a
 * JavaScript function (graphql-jit). Per request: pick the operation, estimate its cost, plan access, run the
 * compiled operation, and format the errors. Status codes follow the GraphQL-over-HTTP
 * spec as Apollo Server applied them before (400 for a document or variables that cannot run, 200 otherwise),
 * and error codes stay the same (GRAPHQL_PARSE_FAILED, GRAPHQL_VALIDATION_FAILED, BAD_USER_INPUT, ...).
 *
 * Why not Apollo Server: measured on a point lookup (bench/run.ts scenario 1), its request pipeline of async
 * plugin hooks cost more than the lookup itself; this module does the same work with plain function calls.
 * Why graphql-jit: graphql-js interprets the document for every value of every row (argument maps, field
 * lookups, a completion step per value); the compiled function does that planning once per document. On the
 * nested list of bench scenario 2 the hub process spent 7.5 ms of CPU per request with graphql-js, 5.1 ms
 * compiled. Schema, resolvers and error codes are the same; plain scalar fields get their permissions from one
 * pass over the result (auth/plain-fields.ts) instead of a guard per value, so the compiled code can read them.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import {
  GraphQLError,
  getOperationAST,
  getVariableValues,
  parse,
  validate,
  visit,
  BREAK,
  type DocumentNode,
  type ExecutionResult,
  type GraphQLFormattedError,
  type GraphQLSchema,
} from 'graphql';
import type { HubContext } from './context';
import type { RuleTree } from '../auth/rules';
import { plainFieldTree, settlePlainFields } from '../auth/plain-fields';
import { documentHash, sha256 } from '../audit/request-audit';

export interface GraphQLHttpOptions {
  schema: GraphQLSchema;
  /** The permission rules; null only in the permissions benchmark (the hub without its permission layer). */
  ruleTree: RuleTree | null;
  /** Refuses an operation that could return too much: a QUERY_TOO_COMPLEX error, or null. */
  checkCost(
    document: DocumentNode,
    variables: Record<string, unknown>,
    operationName?: string,
  ): GraphQLError | null;
  /** Keeps each request's variables in its audit record. */
  storeVariables: boolean;
  /** Client-facing form of an error (hides internal ones). */
  formatError(error: GraphQLFormattedError): GraphQLFormattedError;
  /** Codes that are the client's doing; others are logged with their stack. */
  clientCodes: ReadonlySet<string>;
}

interface ParsedDocument {
  document?: DocumentNode;
  /** Why it cannot run: a syntax or validation error. */
  errors?: readonly GraphQLError[];
  code?: 'GRAPHQL_PARSE_FAILED' | 'GRAPHQL_VALIDATION_FAILED';
  /** The document's operations compiled to functions, by operation name; each made when first run. */
  compiled?: Map<string | undefined, CompiledQuery | ExecutionResult>;
}

const MAX_CACHED_DOCUMENTS = 1000;

interface GraphQLParams {
  query: string;
  variables: Record<string, unknown>;
  operationName?: string;
}

/** A request-level failure (bad parameters): status, code and message. */
class RequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

// Why NUL is refused at the door: PostgreSQL can neither store U+0000 in text nor compare against it, so a
// value holding one would fail deep in a connector as an internal error instead of as the caller's mistake.
const NUL = '\u0000';

/** The first place in a variables value that holds a NUL (e.g. `$filter.name`), or null. */
function nulPath(value: unknown, path: string): string | null {
  if (typeof value === 'string') return value.includes(NUL) ? path : null;
  if (!value || typeof value !== 'object') return null;
  for (const [key, inner] of Object.entries(value)) {
    const found = key.includes(NUL)
      ? path
      : nulPath(inner, Array.isArray(value) ? `${path}[${key}]` : `${path}.${key}`);
    if (found) return found;
  }
  return null;
}

/** True when a string literal of the document holds a NUL (written as an escape such as \u0000). */
function documentHoldsNul(document: DocumentNode): boolean {
  let found = false;
  visit(document, {
    StringValue(node) {
      if (!node.value.includes(NUL)) return undefined;
      found = true;
      return BREAK;
    },
  });
  return found;
}

/** query, variables and operationName from a POST body or a GET query string. */
function readParams(request: FastifyRequest): GraphQLParams {
  const source = (request.method === 'GET' ? request.query : request.body) as Record<string, unknown> | null;
  if (!source || typeof source !== 'object' || Array.isArray(source)) {
    throw new RequestError(
      400,
      'BAD_REQUEST',
      'Send a JSON object: { "query": "...", "variables": { ... } }.',
    );
  }
  const { query, operationName } = source;
  let { variables } = source;
  if (typeof query !== 'string' || !query.trim()) {
    throw new RequestError(
      400,
      'BAD_REQUEST',
      '"query" must be a non-empty string holding a GraphQL document.',
    );
  }
  if (typeof variables === 'string' && request.method === 'GET') {
    try {
      variables = JSON.parse(variables);
    } catch {
      throw new RequestError(400, 'BAD_REQUEST', '"variables" in the query string must be JSON.');
    }
  }
  if (variables != null && (typeof variables !== 'object' || Array.isArray(variables))) {
    throw new RequestError(400, 'BAD_REQUEST', '"variables" must be an object.');
  }
  if (operationName != null && typeof operationName !== 'string') {
    throw new RequestError(400, 'BAD_REQUEST', '"operationName" must be a string.');
  }
  for (const [name, value] of Object.entries((variables as Record<string, unknown> | null) ?? {})) {
    const at = nulPath(value, `$${name}`);
    if (at) {
      throw new RequestError(
        400,
        'BAD_USER_INPUT',
        `${at} holds a NUL character (U+0000), which no field can store or match; remove it.`,
      );
    }
  }
  return {
    query,
    variables: (variables as Record<string, unknown> | null | undefined) ?? {},
    operationName: (operationName as string | null | undefined) ?? undefined,
  };
}

/**
 * Builds the `/graphql` handler. `context(request)` makes the request's HubContext (it carries the audit info
 * that the audit hook turns into the record).
 */
export function graphqlHandler(
  options: GraphQLHttpOptions,
  context: (request: FastifyRequest) => HubContext,
): (request: FastifyRequest, reply: FastifyReply) => Promise<unknown> {
  // Documents by text, most recently used last: a Map keeps insertion order, so the first key is the oldest.
  const documents = new Map<string, ParsedDocument>();
  const parsed = (query: string): ParsedDocument => {
    let entry = documents.get(query);
    if (entry) {
      documents.delete(query);
      documents.set(query, entry);
      return entry;
    }
    try {
      const document = parse(query);
      const errors = validate(options.schema, document);
      entry = errors.length ? { errors, code: 'GRAPHQL_VALIDATION_FAILED' } : { document };
    } catch (error) {
      if (!(error instanceof GraphQLError)) throw error;
      entry = { errors: [error], code: 'GRAPHQL_PARSE_FAILED' };
    }
    if (documents.size >= MAX_CACHED_DOCUMENTS) documents.delete(documents.keys().next().value!);
    documents.set(query, entry);
    return entry;
  };

  /** The compiled form of one operation of a valid document (or why it cannot compile), made once. */
  const compiledOperation = (entry: ParsedDocument, operationName: string | undefined) => {
    entry.compiled ??= new Map();
    let compiled = entry.compiled.get(operationName);
    if (!compiled) {
      // Errors the hub raises carry their own stack (or need none): do not capture one per error.
      compiled = compileQuery(options.schema, entry.document!, operationName, {
        disablingCapturingStackErrors: true,
      });
      entry.compiled.set(operationName, compiled);
    }
    return compiled;
  };

  /**
   * Sends `result` with `status`. `code`, when given, is every error's code (a document that failed to parse or
   * validate, variables that do not fit); otherwise an error without one is internal: logged and masked. The
   * audit info gets the codes.
   */
  const send = (
    reply: FastifyReply,
    ctx: HubContext,
    status: number,
    result: ExecutionResult | { errors: readonly GraphQLError[] },
    code?: string,
  ) => {
    const errors = result.errors?.map((error) => {
      const formatted = error.toJSON();
      const errorCode = code ?? String(formatted.extensions?.code ?? 'INTERNAL_SERVER_ERROR');
      if (!options.clientCodes.has(errorCode)) {
        ctx.logger.error({ err: error.originalError ?? error, path: error.path }, 'resolver error');
      }
      return options.formatError({ ...formatted, extensions: { ...formatted.extensions, code: errorCode } });
    });
    if (errors) ctx.audit.errorCodes = [...new Set(errors.map((e) => String(e.extensions?.code)))].sort();
    const body: Record<string, unknown> = {};
    if (errors?.length) body.errors = errors;
    if ('data' in result) body.data = result.data;
    return reply
      .code(status)
      .header('content-type', 'application/json; charset=utf-8')
      .send(JSON.stringify(body));
  };

  /** A request refused before execution: one error with `code` and a message saying what to send instead. */
  const refuse = (reply: FastifyReply, ctx: HubContext, status: number, code: string, message: string) =>
    send(reply, ctx, status, { errors: [new GraphQLError(message)] }, code);

  return async (request, reply) => {
    const ctx = context(request);
    const info = ctx.audit;
    info.context = ctx;
    let params: GraphQLParams;
    try {
      params = readParams(request);
    } catch (error) {
      if (!(error instanceof RequestError)) throw error;
      return refuse(reply, ctx, error.status, error.code, error.message);
    }
    if (options.storeVariables) info.variables = params.variables;
    const entry = parsed(params.query);
    if (!entry.document) {
      // Until the document parses, the audit hash is of the text as sent.
      info.documentHash = sha256(params.query);
      return send(reply, ctx, 400, { errors: entry.errors! }, entry.code);
    }
    const document = entry.document;
    info.documentHash = documentHash(document);
    // Only an escape can put a NUL in a literal, so documents without a backslash-u skip the walk.
    if (params.query.includes('\\u') && documentHoldsNul(document)) {
      return refuse(
        reply,
        ctx,
        400,
        'BAD_USER_INPUT',
        'A string in the query holds a NUL character (U+0000), which no field can store or match; remove it.',
      );
    }
    const operation = getOperationAST(document, params.operationName);
    if (!operation) {
      const message = params.operationName
        ? `Unknown operation named "${params.operationName}".`
        : 'The document holds several operations: name the one to run in "operationName".';
      return refuse(reply, ctx, 400, 'OPERATION_RESOLUTION_FAILURE', message);
    }
    info.operationType = operation.operation;
    info.operationName = operation.name?.value ?? params.operationName ?? null;
    if (request.method === 'GET' && operation.operation !== 'query') {
      reply.header('allow', 'POST');
      return refuse(
        reply,
        ctx,
        405,
        'BAD_REQUEST',
        'Only queries may be sent with GET; send mutations with POST.',
      );
    }
    const tooComplex = options.checkCost(document, params.variables, params.operationName);
    if (tooComplex) return send(reply, ctx, 400, { errors: [tooComplex] });
    if (options.ruleTree) await ctx.access.plan(ctx, options.schema, document, options.ruleTree);
    const compiled = compiledOperation(entry, params.operationName);
    // A valid document that does not compile is the hub's fault, not the caller's: logged and answered as internal.
    if (!isCompiledQuery(compiled)) return send(reply, ctx, 500, compiled);
    const result = await compiled.query(undefined, ctx, params.variables);
    if (options.ruleTree && result.data) {
      const denied = settlePlainFields(
        result.data,
        plainFieldTree(options.schema, document, operation),
        ctx.access,
      );
      if (denied.length)
        (result as { errors?: readonly GraphQLError[] }).errors = [...(result.errors ?? []), ...denied];
    }
    // Without `data`, execution never started: the variables did not fit their types. graphql-js words that
    // better (a scalar's own message, e.g. the Date format, where graphql-jit says only "Expected type Date").
    if (!('data' in result) || result.data === undefined) {
      const coerced = getVariableValues(
        options.schema,
        operation.variableDefinitions ?? [],
        params.variables,
      );
      const errors = coerced.errors?.length ? coerced.errors : (result.errors ?? []);
      return send(reply, ctx, 400, { errors }, 'BAD_USER_INPUT');
    }
    return send(reply, ctx, 200, result);
  };
}
