/**
 * The hub's front for the federation gateway (gateway/, Hive Gateway): what the single process does to a request
 * around its execution, for a gateway that executes it across the subgraphs instead.
 *
 * - Before: the caller's token and the end-user and case headers (401, 400), the client's quota (429), the request's
 *   shape and limits, parsing and validation with the hub's limit rules, introspection by role and the query cost
 *   (400, 403) — the very checks of src/server.ts and src/graphql-server.ts, with the same codes and words.
 * - After: the gateway's audit record, committed before the answer leaves (503 if it cannot be written).
 * - For the hops: the gateway's own credential, a token of a GATEWAY client, which subgraphs require.
 *
 * Everything crosses this boundary as plain values (header strings, the request's JSON, error objects): the
 * gateway has a GraphQL module of its own, and the hub's objects never meet it. The directory (keys, clients,
 * quotas) is followed by NOTIFY as in every hub process, so a disabled client is refused on its next request.
 */
import { randomUUID } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import {
  getOperationAST,
  GraphQLError,
  isLeafType,
  isObjectType,
  Kind,
  parse,
  print,
  specifiedRules,
  TypeInfo,
  validate,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type FieldNode,
  type GraphQLSchema,
} from 'graphql';
import { z } from 'zod';
import type { Logger } from 'pino';
import { loadConfig, type HubConfig } from './config';
import { openDatabases, type HubDatabases } from './databases';
import { DISTRICT_SCOPED_TYPES, sources } from './sources';
import { buildHubSchema, hubCatalogue } from './schema';
import { authOptions } from './hub';
import { RequestAccess } from '../auth/access';
import { buildRuleTree, type RuleTree } from '../auth/rules';
import { armorRules, DocumentGate } from './graphql-limits';
import { formatError, operationChecker } from './graphql-server';
import {
  checkRequestShape,
  CORRELATION_ID,
  identifierHeader,
  refusalBody,
  type Refusal,
} from './request-checks';
import { ClientQuotas, RequestRate } from './quota';
import { initAuth, type Auth } from '../auth';
import {
  AuthenticationError,
  GATEWAY_AUTHORIZATION_HEADER,
  OWNER_CHECKED_HEADER,
  ROW_SCOPES_HEADER,
} from '../auth/identity';
import { readSubgraphs, type Subgraph } from './supergraph';
import type { Caller } from '../auth/policy';
import { CONSOLE_CLIENT_ID } from '../auth/console-sessions';
import { AuditStore } from '../audit/store';
import { bounded, documentHash, MAX_CODES, outcomeOf } from '../audit/request-audit';
import { sourceUnavailable as sourceUnavailableError } from '../connectors/shared/errors';

/** A refusal the gateway answers as it stands: status, headers and a GraphQL error body. */
export interface FrontAnswer {
  status: number;
  headers: Record<string, string>;
  body: {
    errors: {
      message: string;
      locations?: readonly { line: number; column: number }[];
      extensions: Record<string, unknown>;
    }[];
  };
  /**
   * Per error, its offsets in the request's document (GraphQL's `positions`), from which a GraphQL server that
   * rebuilds its errors (Hive Gateway's does) recomputes the locations. Not part of the body.
   */
  positions?: (readonly number[] | undefined)[];
}

/** One request as the front follows it, from its headers to its audit record. */
export interface FrontRequest {
  /** The id the gateway gives the request: its response's X-Request-Id and the subgraphs' records' request id. */
  readonly id: string;
  readonly startedAt: number;
  readonly method: string;
  /** The client's own X-Request-Id, kept as its correlation id. */
  readonly correlationId?: string;
  caller?: Caller;
  /** The caller's headers to forward to the subgraphs (the gateway adds its own credential). */
  forward: Record<string, string>;
  operationName: string | null;
  operationType: string | null;
  documentHash: string | null;
  /**
   * The district scopes of the operation's rows by type, planned over the whole operation as the single process
   * plans them; forwarded to every subgraph (ROW_SCOPES_HEADER) and told to the caller. Null when none.
   */
  districtScopes: Record<string, readonly string[]> | null;
  /**
   * The document to run in place of the client's, when entity objects must be confirmed by their owner
   * (`ownerChecks`); undefined to run the client's as it is.
   */
  query?: string;
  /** Holds one of its client's in-flight slots until `finish`. */
  holdsSlot: boolean;
  finished: boolean;
}

/** What a finished request answered, for its record. */
export interface FrontOutcome {
  status: number;
  errorCodes: readonly string[];
  /** Some top-level field came back with data. */
  answered: boolean;
  /** FORBIDDEN errors in the answer. */
  denied: number;
}

const gatewayEnv = z.object({
  /** The gateway's own client in the directory (role GATEWAY). */
  HUB_GATEWAY_CLIENT_ID: z.string().min(1).default('hub-gateway'),
  /** Its secret; the demo client's outside production, required in production. */
  HUB_GATEWAY_CLIENT_SECRET: z.string().min(1).optional(),
});

interface ParsedText {
  document?: DocumentNode;
  /** Why the text is refused (parse or validation errors), as the client will read them. */
  errors?: FrontAnswer;
}

/** The gateway's front; see the module comment. */
export class GatewayFront {
  private readonly gate: DocumentGate;
  private readonly quotas: ClientQuotas;
  private readonly rate = new RequestRate();
  private readonly checkOperation: ReturnType<typeof operationChecker>;
  private readonly rules: ReturnType<typeof armorRules>;
  // Parsed and validated texts, bounded in bytes as the hub's own document store is (about 4 bytes of AST per
  // byte of text, as measured there).
  private readonly texts: LRUCache<string, ParsedText>;
  private gatewayToken: { value: string; renewAt: number; expiresAt: number } | null = null;
  private renewing: Promise<void> | null = null;

  private constructor(
    readonly config: HubConfig,
    private readonly databases: HubDatabases,
    private readonly auth: Auth,
    private readonly audit: AuditStore,
    private readonly schema: GraphQLSchema,
    private readonly ruleTree: RuleTree,
    /** Per entity type with rows limited by district: its fields only its owning subgraph resolves. */
    private readonly ownerOnlyFields: ReadonlyMap<string, readonly string[]>,
    private readonly gatewayClient: { id: string; secret: string },
    readonly logger: Logger,
  ) {
    this.gate = new DocumentGate(config.limits);
    this.quotas = new ClientQuotas(auth.directory, config.quota);
    this.checkOperation = operationChecker({
      schema,
      introspectionRoles: config.introspectionRoles,
      maxQueryCost: config.maxQueryCost,
      maxPageSize: config.maxPageSize,
    });
    this.rules = [...specifiedRules, ...armorRules(config.limits)];
    this.texts = new LRUCache({
      maxSize: config.documentCacheBytes,
      sizeCalculation: (_value, key) => Math.max(1, key.length * 4),
    });
  }

  /**
   * Opens the directory (DIRECTORY_DATABASE_URL: the gateway starts no database of its own), follows it, and
   * builds the API schema the checks use. Throws naming the variable that is missing or wrong.
   */
  static async open(env: NodeJS.ProcessEnv, logger: Logger): Promise<GatewayFront> {
    const config = loadConfig(
      sources.map((s) => s.name),
      { ...env, HUB_ROLE: 'hub' },
    );
    if (!config.databaseUrls.directory) {
      throw new Error(
        'The gateway needs the directory: set DIRECTORY_DATABASE_URL (tokens, clients, quotas and the audit store live there).',
      );
    }
    const parsed = gatewayEnv.parse(env);
    const secret =
      parsed.HUB_GATEWAY_CLIENT_SECRET ??
      (config.env === 'production' ? undefined : 'dev-secret-hub-gateway');
    if (!secret)
      throw new Error('Set HUB_GATEWAY_CLIENT_SECRET: the secret of the gateway client in the directory.');
    const databases = await openDatabases(config, logger, ['directory']);
    try {
      const auth = await initAuth(databases.bySource.get('directory')!, authOptions(config), logger);
      const schema = buildHubSchema({
        projectRoot: config.projectRoot,
        version: 'gateway',
        maxPageSize: config.maxPageSize,
      });
      const audit = new AuditStore(databases.bySource.get('directory')!.url, logger);
      const ruleTree = buildRuleTree(
        schema,
        new Set(auth.directory.snapshot().items.keys()),
        hubCatalogue(config.projectRoot).apiAccess,
      );
      const front = new GatewayFront(
        config,
        databases,
        auth,
        audit,
        schema,
        ruleTree,
        ownerOnlyFields(readSubgraphs(config.projectRoot, sources), schema),
        { id: parsed.HUB_GATEWAY_CLIENT_ID, secret },
        logger,
      );
      await front.gatewayAuthorization(); // fails now, not on the first request, if the credential is wrong
      return front;
    } catch (error) {
      await databases.close();
      throw error;
    }
  }

  async close(): Promise<void> {
    await this.auth.close();
    await this.audit.close();
    await this.databases.close();
  }

  /**
   * The first look at a request, on its headers alone: its id, the caller's token (401), the end-user and case
   * headers (400), the body's announced size (413) and the client's quota (429). Returns the request to follow, and
   * the answer to send at once when it is refused (its audit record is then already written).
   */
  async admit(request: {
    method: string;
    headers: { get(name: string): string | null };
  }): Promise<{ request: FrontRequest; refused?: FrontAnswer }> {
    const sent = request.headers.get('x-request-id');
    const front: FrontRequest = {
      id: randomUUID(),
      startedAt: performance.now(),
      method: request.method,
      ...(sent && CORRELATION_ID.test(sent) ? { correlationId: sent } : {}),
      forward: {},
      operationName: null,
      operationType: null,
      documentHash: null,
      districtScopes: null,
      holdsSlot: false,
      finished: false,
    };
    const refuse = async (answer: FrontAnswer) => ({
      request: front,
      refused: await this.recorded(front, answer),
    });
    let endUser: string | undefined;
    let caseId: string | undefined;
    try {
      endUser = identifierHeader('x-end-user', request.headers.get('x-end-user'));
      caseId = identifierHeader('x-case-id', request.headers.get('x-case-id'));
    } catch (error) {
      return refuse(answer({ status: 400, code: 'BAD_REQUEST', message: (error as Error).message }));
    }
    const authorization = request.headers.get('authorization') ?? undefined;
    try {
      front.caller = await this.auth.identity.authenticate(authorization, { endUser, caseId });
    } catch (error) {
      if (!(error instanceof AuthenticationError)) throw error;
      return refuse(
        answer(
          { status: 401, code: 'UNAUTHENTICATED', message: error.message },
          {
            'www-authenticate': 'Bearer realm="exchange-hub", error="invalid_token"',
            connection: 'close',
          },
        ),
      );
    }
    const announced = request.headers.get('content-length');
    if (request.method === 'POST' && announced === null) {
      // Hive reads a body whole before any hook sees it: one without a length could be of any size.
      return refuse(
        answer({
          status: 411,
          code: 'BAD_REQUEST',
          message: 'Send the request body with a Content-Length header (not chunked).',
        }),
      );
    }
    const length = Number(announced ?? 0);
    if (!(length <= this.config.limits.maxBodyBytes)) {
      return refuse(
        answer({
          status: 413,
          code: 'PAYLOAD_TOO_LARGE',
          message: `The request body is larger than ${this.config.limits.maxBodyBytes} bytes; send a smaller document or fewer variables.`,
          limit: this.config.limits.maxBodyBytes,
        }),
      );
    }
    const clientId = front.caller.clientId;
    const perMinute = this.quotas.requestsPerMinute(clientId);
    const wait = this.rate.take(clientId, perMinute);
    if (wait > 0) {
      return refuse(
        answer(
          {
            status: 429,
            code: 'RATE_LIMITED',
            message: `Too many requests: at most ${perMinute} per minute. Retry after ${wait} s.`,
            limit: perMinute,
          },
          { 'retry-after': String(wait) },
        ),
      );
    }
    if (!this.quotas.enter(clientId)) {
      const max = this.quotas.maxConcurrent(clientId);
      return refuse(
        answer(
          {
            status: 429,
            code: 'RATE_LIMITED',
            message: `This client already has ${max} requests in flight, its limit; wait for one to finish.`,
            limit: max,
          },
          { 'retry-after': '1' },
        ),
      );
    }
    front.holdsSlot = true;
    for (const [name, value] of [
      ['authorization', authorization],
      ['x-end-user', request.headers.get('x-end-user')],
      ['x-case-id', request.headers.get('x-case-id')],
    ] as const) {
      if (value) front.forward[name] = value;
    }
    front.forward['x-request-id'] = front.id;
    return { request: front };
  }

  /**
   * The checks on the request's GraphQL parameters before the gateway plans it: shape and limits, parse,
   * validation with the hub's limit rules, the operation's checks and, for a console session, changes only through
   * the console's own pages. Returns the answer to send instead, or null when it may run.
   */
  async check(
    front: FrontRequest,
    request: { method: string; contentType: string | undefined; body: unknown },
    params: Record<string, unknown> | null,
  ): Promise<FrontAnswer | null> {
    const shape = checkRequestShape(request, params, this.config.limits);
    if (shape) return answer(shape);
    const query = params!.query as string;
    const over = this.gate.admit(query);
    if (over) {
      return answer({
        status: 400,
        code: String(over.extensions.code),
        message: over.message,
        limit: over.extensions.limit as number,
      });
    }
    const parsed = this.parsed(query);
    if (parsed.errors) return parsed.errors;
    const document = parsed.document!;
    const operationName = typeof params!.operationName === 'string' ? params!.operationName : null;
    const operation = getOperationAST(document, operationName);
    front.documentHash = documentHash(document);
    front.operationType = operation?.operation ?? null;
    front.operationName = bounded(operation?.name?.value ?? operationName);
    let variables = params!.variables;
    if (typeof variables === 'string') variables = JSON.parse(variables);
    const refused = this.checkOperation({
      document,
      operation,
      operationName,
      variables: (variables ?? {}) as Record<string, unknown>,
      source: query,
      role: front.caller!.role,
    });
    if (refused) return errorsAnswer([refused], httpStatusOf(refused) ?? 400);
    const caller = front.caller!;
    if (caller.clientId === CONSOLE_CLIENT_ID && operation!.operation !== 'query') {
      return answer({
        status: 403,
        code: 'TRUSTED_DOCUMENT_REQUIRED',
        message:
          "A console session changes data only through the console's own pages on the hub; the gateway runs its typed documents only as queries.",
      });
    }
    // The operation's row scopes, planned over all of it (each subgraph sees only its part): the rules themselves
    // are applied again, field by field, in the subgraphs.
    const access = new RequestAccess(caller, this.auth.directory.snapshot(), DISTRICT_SCOPED_TYPES);
    await access.plan(
      { caller, access },
      this.schema,
      document,
      operation!,
      (variables ?? {}) as Record<string, unknown>,
      this.ruleTree,
    );
    front.districtScopes = access.appliedScopes();
    if (front.districtScopes) {
      front.forward[ROW_SCOPES_HEADER] = JSON.stringify(front.districtScopes);
      const checked = this.ownerChecks(document, front.districtScopes, access);
      if (checked) {
        front.query = checked.query;
        front.forward[OWNER_CHECKED_HEADER] = checked.types.join(',');
      }
    }
    return null;
  }

  /**
   * Where the operation's rows of an entity type are limited to districts, only the type's owner (fiscal, for
   * Enterprise) can tell which of its objects lie inside; a subgraph that links to one by key (a project's
   * investor) cannot. So the document is given, in every selection of such a type, one field only the owner
   * resolves and the caller may read (aliased OWNER_CHECK): the gateway then fetches every such object from its
   * owner, which answers null for one outside the scope, and `settleOwnerChecks` makes those objects null as the
   * single process does. Null when there is nothing to check.
   */
  private ownerChecks(
    document: DocumentNode,
    scopes: Record<string, readonly string[]>,
    access: RequestAccess,
  ): { query: string; types: string[] } | null {
    const markers = new Map<string, string>();
    for (const type of Object.keys(scopes)) {
      const field = this.ownerOnlyFields
        .get(type)
        ?.find((f) => ['READ', 'READ_MASKED'].includes(access.itemDecision(`${type}.${f}`).access));
      if (field) markers.set(type, field);
    }
    if (!markers.size) return null;
    const typeInfo = new TypeInfo(this.schema);
    const rewritten = visit(
      document,
      visitWithTypeInfo(typeInfo, {
        SelectionSet: {
          leave(node) {
            const field = markers.get(typeInfo.getParentType()?.name ?? '');
            if (!field) return undefined;
            const check: FieldNode = {
              kind: Kind.FIELD,
              alias: { kind: Kind.NAME, value: OWNER_CHECK },
              name: { kind: Kind.NAME, value: field },
            };
            return { ...node, selections: [...node.selections, check] };
          },
        },
      }),
    );
    return { query: print(rewritten), types: [...markers.keys()] };
  }

  /** The text parsed and validated against the API schema (remembered per text, bounded in bytes). */
  private parsed(query: string): ParsedText {
    let entry = this.texts.get(query);
    if (entry) return entry;
    let document: DocumentNode;
    try {
      document = parse(query, { maxTokens: this.config.limits.maxTokens });
    } catch (error) {
      const syntax = error as GraphQLError;
      entry = {
        errors: errorsAnswer(
          [
            new GraphQLError(syntax.message, {
              nodes: syntax.nodes,
              source: syntax.source,
              positions: syntax.positions,
              extensions: { code: 'GRAPHQL_PARSE_FAILED' },
            }),
          ],
          400,
        ),
      };
      this.texts.set(query, entry);
      return entry;
    }
    const errors = validate(this.schema, document, this.rules);
    entry = errors.length
      ? {
          errors: errorsAnswer(
            errors.map(
              (e) =>
                new GraphQLError(e.message, {
                  nodes: e.nodes,
                  originalError: e.originalError ?? e,
                  extensions: { code: 'GRAPHQL_VALIDATION_FAILED', ...e.extensions },
                }),
            ),
            400,
          ),
        }
      : { document };
    this.texts.set(query, entry);
    return entry;
  }

  /**
   * The gateway's own credential for the subgraphs (`X-Gateway-Authorization`), a token of its GATEWAY client
   * issued by the directory and renewed a minute before it expires.
   */
  async gatewayAuthorization(): Promise<{ [GATEWAY_AUTHORIZATION_HEADER]: string }> {
    const current = this.gatewayToken;
    const now = Date.now();
    if (!current || now >= current.renewAt) {
      // One renewal for all the requests that find the token due; while it runs (or if it fails), the token in
      // hand serves as long as it is valid: it is renewed a minute before it expires.
      this.renewing ??= this.renewGatewayToken().finally(() => (this.renewing = null));
      if (!current || now >= current.expiresAt) await this.renewing;
      else this.renewing.catch((err: unknown) => this.logger.warn({ err }, 'gateway token not renewed yet'));
    }
    return { [GATEWAY_AUTHORIZATION_HEADER]: this.gatewayToken!.value };
  }

  private async renewGatewayToken(): Promise<void> {
    const issued = await this.auth.identity.issueToken(
      {
        grant_type: 'client_credentials',
        client_id: this.gatewayClient.id,
        client_secret: this.gatewayClient.secret,
      },
      undefined,
      'gateway',
    );
    const now = Date.now();
    this.gatewayToken = {
      value: `Bearer ${issued.access_token}`,
      renewAt: now + Math.max(10, issued.expires_in - 60) * 1000,
      expiresAt: now + issued.expires_in * 1000,
    };
  }

  /**
   * Writes the request's record and gives back its quota slot. Resolves once the record is committed; rejects if
   * it cannot be written, and then the gateway must answer 503 and no data. Once per request.
   */
  async finish(front: FrontRequest, outcome: FrontOutcome): Promise<void> {
    if (front.finished) return;
    front.finished = true;
    if (front.holdsSlot) {
      front.holdsSlot = false;
      this.quotas.leave(front.caller!.clientId);
    }
    const codes = outcome.errorCodes.slice(0, MAX_CODES).map((c) => bounded(c, 64)!);
    await this.audit.append({
      requestId: front.id,
      ...(front.correlationId ? { correlationId: front.correlationId } : {}),
      recordedBy: 'gateway',
      recordedAt: new Date().toISOString(),
      clientId: bounded(front.caller?.clientId, 100),
      departmentCode: front.caller?.departmentCode ?? null,
      endUser: bounded(front.caller?.endUser),
      caseId: bounded(front.caller?.caseId),
      httpMethod: bounded(front.method, 16)!,
      path: '/graphql',
      operationName: front.operationName,
      operationType: front.operationType,
      documentHash: front.documentHash,
      // What each source served, masked and denied is in that subgraph's record, linked by the request id.
      coordinatesReturned: [],
      coordinatesMasked: [],
      coordinatesDenied: [],
      rowsPerResource: {},
      grantIds: [],
      outcome: outcomeOf(outcome.status, codes, outcome.answered ? 1 : 0, outcome.denied),
      httpStatus: outcome.status,
      errorCodes: outcome.status === 401 && !codes.length ? ['UNAUTHENTICATED'] : codes,
      durationMs: Math.round((performance.now() - front.startedAt) * 1000) / 1000,
      variables: null,
    });
  }

  /** `answer` once its record is written; the audit's own 503 if it cannot be. */
  private async recorded(front: FrontRequest, refused: FrontAnswer): Promise<FrontAnswer> {
    try {
      await this.finish(front, {
        status: refused.status,
        errorCodes: refused.body.errors.map((e) => String(e.extensions.code)),
        answered: false,
        denied: 0,
      });
      return refused;
    } catch {
      return AUDIT_UNAVAILABLE;
    }
  }
}

/**
 * The error of a source whose subgraph cannot be reached, in the words the single process uses for a source whose
 * database cannot be reached.
 */
export function sourceUnavailable(source: string): FrontAnswer['body']['errors'][number] {
  const error = sourceUnavailableError(source);
  return { message: error.message, extensions: { ...error.extensions } };
}

/** The answer to the audit trail being unwritable: nothing is served. */
export const AUDIT_UNAVAILABLE: FrontAnswer = {
  status: 503,
  headers: { 'retry-after': '5' },
  body: {
    errors: [
      {
        message: 'The audit trail cannot be written just now, so nothing is served. Retry shortly.',
        extensions: { code: 'AUDIT_UNAVAILABLE' },
      },
    ],
  },
};

function answer(refusal: Refusal, headers: Record<string, string> = {}): FrontAnswer {
  return { status: refusal.status, headers, body: refusalBody(refusal) };
}

/** The client-facing answer of GraphQL errors (limit codes restored, internals masked, as the hub formats them). */
function errorsAnswer(errors: readonly GraphQLError[], status: number): FrontAnswer {
  return {
    status,
    headers: {},
    positions: errors.map((e) => e.positions),
    body: {
      errors: errors.map((e) => {
        const formatted = formatError(e.toJSON(), e);
        const { http: _http, ...extensions } = (formatted.extensions ?? {}) as Record<string, unknown>;
        return { ...formatted, extensions } as FrontAnswer['body']['errors'][number];
      }),
    },
  };
}

/** The HTTP status a refusal carries in its extensions (see `refusal` in src/graphql-server.ts). */
function httpStatusOf(error: GraphQLError): number | undefined {
  return (error.extensions.http as { status?: number } | undefined)?.status;
}

/** What `settleFederatedErrors` reads of an error. */
export interface ErrorPlace {
  path?: readonly (string | number)[];
  extensions?: Record<string, unknown>;
}

/**
 * The errors of a federated answer as the single process gives them: one FORBIDDEN error per coordinate, at the
 * first place in the answer where the field was refused, with its full path. The gateway gets one error per
 * subgraph fetch that refused the field (the same coordinate may be fetched twice: an enterprise's phone in a
 * list and an investor's), and Hive cannot always say which entity of a batch an error belongs to, leaving the
 * list index out of its path. Returns, per error, null to drop it or the path to give it.
 */
export function settleFederatedErrors(
  data: unknown,
  errors: readonly ErrorPlace[],
): (readonly (string | number)[] | undefined | null)[] {
  const paths = errors.map((e) => (e.path ? completePath(data, e.path) : undefined));
  const first = new Map<string, number>();
  errors.forEach((error, i) => {
    const coordinate = error.extensions?.coordinate;
    if (error.extensions?.code !== 'FORBIDDEN' || typeof coordinate !== 'string' || !paths[i]) return;
    const seen = first.get(coordinate);
    if (seen === undefined || compareOrder(order(data, paths[i]!), order(data, paths[seen]!)) < 0) {
      first.set(coordinate, i);
    }
  });
  return errors.map((error, i) => {
    const coordinate = error.extensions?.coordinate;
    const repeated =
      error.extensions?.code === 'FORBIDDEN' &&
      typeof coordinate === 'string' &&
      first.has(coordinate) &&
      first.get(coordinate) !== i;
    return repeated ? null : paths[i];
  });
}

/** `path` with the index of the first non-null element put in wherever it goes through a list without one. */
function completePath(data: unknown, path: readonly (string | number)[]): (string | number)[] {
  const out: (string | number)[] = [];
  let value = data;
  for (const segment of path) {
    if (Array.isArray(value) && typeof segment === 'string') {
      const index = value.findIndex((v) => v !== null && typeof v === 'object');
      if (index < 0) return [...out, ...path.slice(out.length)];
      out.push(index);
      value = value[index];
    }
    out.push(segment);
    value =
      value !== null && typeof value === 'object'
        ? (value as Record<string | number, unknown>)[segment]
        : undefined;
  }
  return out;
}

/** Where `path` lies in the answer, as the answer is written (keys in document order, then list indexes). */
function order(data: unknown, path: readonly (string | number)[]): number[] {
  const positions: number[] = [];
  let value = data;
  for (const segment of path) {
    if (typeof segment === 'number') positions.push(segment);
    else positions.push(value && typeof value === 'object' ? Object.keys(value).indexOf(segment) : 0);
    value =
      value !== null && typeof value === 'object'
        ? (value as Record<string | number, unknown>)[segment]
        : undefined;
  }
  return positions;
}

function compareOrder(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

/** The alias of the field `GatewayFront.ownerChecks` adds; the gateway takes it out of the answer again. */
export const OWNER_CHECK = 'hubOwnerCheck__';

/**
 * For each row type a connector limits by district (`districtScopedTypes`) that other subgraphs extend: its
 * nullable leaf fields that only the owner's subgraph declares.
 */
function ownerOnlyFields(subgraphs: readonly Subgraph[], schema: GraphQLSchema): Map<string, string[]> {
  const fieldsOf = (subgraph: Subgraph, type: string) => {
    const names = new Set<string>();
    for (const d of subgraph.typeDefs.definitions) {
      if (
        (d.kind === Kind.OBJECT_TYPE_DEFINITION || d.kind === Kind.OBJECT_TYPE_EXTENSION) &&
        d.name.value === type
      )
        for (const f of d.fields ?? []) names.add(f.name.value);
    }
    return names;
  };
  const result = new Map<string, string[]>();
  for (const source of sources) {
    const owner = subgraphs.find((s) => s.name === source.name)!;
    for (const type of source.districtScopedTypes) {
      const others = subgraphs.filter((s) => s !== owner).map((s) => fieldsOf(s, type));
      if (!others.some((names) => names.size)) continue; // nobody else links to it by key
      const apiType = schema.getType(type);
      if (!isObjectType(apiType)) continue;
      const fields = [...fieldsOf(owner, type)].filter((f) => {
        const field = apiType.getFields()[f];
        return field && !field.args.length && isLeafType(field.type) && !others.some((names) => names.has(f));
      });
      if (fields.length) result.set(type, fields);
    }
  }
  return result;
}

/**
 * Takes the owner checks (`OWNER_CHECK`) out of an answer, in place: an object whose check came back null was
 * withheld by its owner and becomes null itself (where its position allows null), as the single process answers.
 * Returns the paths made null, so that errors inside them can be dropped too.
 */
export function settleOwnerChecks(data: unknown): (string | number)[][] {
  const withheld: (string | number)[][] = [];
  const path: (string | number)[] = [];
  const visitValue = (value: unknown, holder: Record<string | number, unknown>, key: string | number) => {
    if (Array.isArray(value)) {
      path.push(key);
      value.forEach((item, i) => visitValue(item, value as unknown as Record<number, unknown>, i));
      path.pop();
      return;
    }
    if (value === null || typeof value !== 'object') return;
    const object = value as Record<string, unknown>;
    path.push(key);
    if (OWNER_CHECK in object) {
      const confirmed = object[OWNER_CHECK] !== null;
      delete object[OWNER_CHECK];
      if (!confirmed && !Array.isArray(holder)) {
        holder[key] = null;
        withheld.push([...path]);
        path.pop();
        return;
      }
    }
    for (const [k, v] of Object.entries(object)) visitValue(v, object, k);
    path.pop();
  };
  if (data && typeof data === 'object') {
    for (const [k, v] of Object.entries(data)) visitValue(v, data as Record<string, unknown>, k);
  }
  return withheld;
}
