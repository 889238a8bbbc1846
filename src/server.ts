/**
 * The HTTP server: Fastify with GraphQL on /graphql (Apollo Server 5, src/graphql-server.ts), the token endpoint,
 * the JWKS, and the liveness and readiness routes.
 */
import { randomUUID } from 'node:crypto';
import Fastify, {
  LogController,
  type FastifyBaseLogger,
  type FastifyError,
  type FastifyInstance,
  type FastifyRequest,
} from 'fastify';
import { fastifyApolloHandler } from '@as-integrations/fastify';
import rateLimit from '@fastify/rate-limit';
import { parse, type GraphQLSchema } from 'graphql';
import type { Logger } from 'pino';
import type { HubConfig } from './config';
import { createContext } from './context';
import { CONSOLE_SESSION_PATH, registerConsoleSessionRoutes } from './console-session-routes';
import type { HubDatabases } from './databases';
import { startGraphQLServer } from './graphql-server';
import { DocumentGate, LimitCode } from './graphql-limits';
import { checkRequestShape, CORRELATION_ID, graphqlError, identifierHeader } from './request-checks';
import { consoleDist, registerConsoleApp } from './console-app';
import { TrustedDocuments } from './trusted-documents';
import { CONSOLE_CLIENT_ID } from '../auth/console-sessions';
import { ClientQuotas } from './quota';
import type { Auth } from '../auth';
import {
  AuthenticationError,
  GATEWAY_AUTHORIZATION_HEADER,
  OAuthError,
  OWNER_CHECKED_HEADER,
  ROW_SCOPES_HEADER,
} from '../auth/identity';
import { newAuditInfo, registerAuditHook } from '../audit/request-audit';
import type { AuditStore } from '../audit/store';
import type { RuleTree } from '../auth/rules';
import type { Caller } from '../auth/policy';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the /graphql preHandler once the bearer token is verified. */
    caller?: Caller;
    /** The client's own X-Request-Id, if it is a well-formed one: kept in the audit as its correlation id. */
    correlationId?: string;
    /** Set while the request holds one of its client's in-flight slots (src/quota.ts). */
    quotaHeld?: boolean;
    /** The request named a trusted document (`documentId`), whose text the hub put in its place. */
    trustedDocument?: boolean;
    /**
     * On a subgraph: the id the gateway gave the client's request (its X-Request-Id, trusted only beside the
     * gateway's credential). The subgraph's audit record carries it, linking it to the gateway's record.
     */
    federatedRequestId?: string;
    /** On a subgraph: the row scopes the gateway planned for the client's whole operation (ROW_SCOPES_HEADER). */
    forwardedScopes?: Readonly<Record<string, readonly string[]>>;
    /** On a subgraph: the entity types the gateway has their owner confirm (OWNER_CHECKED_HEADER). */
    ownerChecked?: ReadonlySet<string>;
  }
}

export interface ServerOptions {
  schema: GraphQLSchema;
  auth: Auth;
  ruleTree: RuleTree;
  databases: HubDatabases;
  logger: Logger;
  config: Pick<
    HubConfig,
    | 'role'
    | 'env'
    | 'projectRoot'
    | 'limits'
    | 'maxPageSize'
    | 'maxQueryCost'
    | 'auditVariables'
    | 'introspectionRoles'
    | 'documentCacheBytes'
    | 'compiledCacheBytes'
    | 'tokenRateLimitPerMinute'
    | 'consoleSessionSeconds'
    | 'quota'
  >;
  /** The audit trail; null only in the audit benchmark, to measure what auditing costs. */
  audit: AuditStore | null;
  /**
   * Off only in the permission benchmark, with an unguarded schema, to measure what the layer costs. Never set
   * from configuration: the hub has no switch that turns authorisation off.
   */
  permissions?: boolean;
  /** How long /ready waits for each database, milliseconds. */
  readyTimeoutMs?: number;
}

/** Builds the Fastify app; call `listen` or `inject` on it. */
export async function createServer(options: ServerOptions): Promise<FastifyInstance> {
  const { databases, logger, config } = options;
  const { limits, role } = config;
  const subgraph = role.kind === 'subgraph' ? role.source : null;
  // The directory's own endpoints (tokens, keys, console sign-in) are served by the hub, or by the directory's
  // subgraph when the sources run apart.
  const servesDirectory = subgraph === null || subgraph === 'directory';
  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: true }),
    // The hub names every request itself: a client's X-Request-Id is only its correlation id (see onRequest).
    requestIdHeader: false,
    genReqId: () => randomUUID(),
    bodyLimit: limits.maxBodyBytes,
  });

  app.addHook('onRequest', async (request) => {
    const sent = request.headers['x-request-id'];
    if (typeof sent === 'string' && CORRELATION_ID.test(sent)) request.correlationId = sent;
  });
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  app.addHook('onResponse', async (request, reply) => {
    request.log.info(
      {
        method: request.method,
        url: request.url.length > 200 ? `${request.url.slice(0, 200)}…` : request.url,
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime),
      },
      'request',
    );
  });

  // Errors Fastify raises before a handler runs (body too large, unsupported content type, malformed JSON),
  // answered in the shape of the route: a GraphQL error body on /graphql, an OAuth error on the token endpoint.
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const status =
      error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    if (status === 500) {
      request.log.error({ err: error }, 'unhandled error');
      return reply
        .code(500)
        .send(
          graphqlError(
            'INTERNAL_SERVER_ERROR',
            'Internal error; it has been logged. Quote the x-request-id response header when reporting it.',
          ),
        );
    }
    const [code, message] =
      status === 413
        ? [
            LimitCode.PAYLOAD_TOO_LARGE,
            `The request body is larger than ${limits.maxBodyBytes} bytes; send a smaller document or fewer variables.`,
          ]
        : status === 429
          ? ['RATE_LIMITED', error.message]
          : status === 415
            ? [
                'UNSUPPORTED_MEDIA_TYPE',
                'Send the request as content-type: application/json (or, for /oauth/token, application/x-www-form-urlencoded).',
              ]
            : ['BAD_REQUEST', `The request could not be read: ${error.message}.`];
    if (request.url.startsWith('/oauth/token') || request.url.startsWith(CONSOLE_SESSION_PATH)) {
      const oauthError = status === 429 ? 'slow_down' : 'invalid_request';
      return reply.code(status).send({ error: oauthError, error_description: message });
    }
    const limit = (error as { limit?: unknown }).limit;
    return reply.code(status).send(graphqlError(code, message, typeof limit === 'number' ? { limit } : {}));
  });

  const { identity, keys, directory } = options.auth;
  if (options.audit) registerAuditHook(app, options.audit, subgraph ? `subgraph:${subgraph}` : undefined);

  // Request rates: per address on the token endpoint, per client on /graphql (routes opt in through their
  // config). Counters live in memory, at most 10,000 keys (least recently used forgotten first).
  await app.register(rateLimit, {
    global: false,
    cache: 10_000,
    errorResponseBuilder: (_request, context) =>
      Object.assign(
        new Error(
          `Too many requests: at most ${context.max} per minute. Retry after ${Math.ceil(context.ttl / 1000)} s.`,
        ),
        { statusCode: context.statusCode, limit: context.max },
      ),
  });
  const quotas = new ClientQuotas(directory, config.quota);

  // OAuth2 client credentials (RFC 6749 §4.4): form-encoded as the RFC says, or JSON; secret in the body or Basic.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });
  if (servesDirectory)
    app.post(
      '/oauth/token',
      { config: { rateLimit: { max: config.tokenRateLimitPerMinute, timeWindow: 60_000 } } },
      async (request, reply) => {
        reply.header('cache-control', 'no-store');
        try {
          const params =
            request.body && typeof request.body === 'object' ? (request.body as Record<string, unknown>) : {};
          return await identity.issueToken(
            params,
            basicCredentials(request.headers.authorization),
            request.ip,
          );
        } catch (error) {
          if (!(error instanceof OAuthError)) throw error;
          if (error.status === 401) reply.header('www-authenticate', 'Basic realm="exchange-hub"');
          if (error.retryAfter) reply.header('retry-after', String(error.retryAfter));
          return reply.code(error.status).send({ error: error.error, error_description: error.description });
        }
      },
    );

  if (servesDirectory) {
    if (!subgraph) registerConsoleSessionRoutes(app, options.auth.consoleSessions, config);
    app.get('/.well-known/jwks.json', async (_request, reply) => {
      reply.header('cache-control', 'public, max-age=300');
      return keys.jwks();
    });
  }

  const apollo = await startGraphQLServer({
    schema: options.schema,
    // Benchmarks only: `permissions: false` measures the hub without its permission layer.
    ruleTree: options.permissions === false ? null : options.ruleTree,
    limits,
    maxQueryCost: subgraph ? null : config.maxQueryCost,
    maxPageSize: config.maxPageSize,
    introspectionRoles: config.introspectionRoles,
    documentCacheBytes: config.documentCacheBytes,
    compiledCacheBytes: config.compiledCacheBytes,
    hideSchemaDetails: config.env === 'production',
    logger,
  });
  app.addHook('onClose', async () => apollo.stop());

  // No token, no GraphQL: a 401 with a GraphQL-shaped error, and nothing read or executed. The hooks are
  // registered in their own scope so that they guard /graphql only.
  const gate = new DocumentGate(limits);
  const trusted = TrustedDocuments.load(config.projectRoot);
  await app.register(async (graphql) => {
    // Identity first, on the headers alone: a caller without a valid token is answered before its body is read
    // or parsed, so anonymous requests cost microseconds however large they are.
    graphql.addHook('onRequest', async (request, reply) => {
      if (subgraph) {
        // A subgraph answers the gateway alone: without its credential nothing else is looked at, not even the
        // caller's token (an open _entities would let anyone fetch any entity by key past the root fields' rules).
        try {
          await identity.authenticateGateway(headerValue(request, GATEWAY_AUTHORIZATION_HEADER));
        } catch (error) {
          if (!(error instanceof AuthenticationError)) throw error;
          if (request.method === 'POST') reply.header('connection', 'close');
          return reply
            .code(401)
            .header('www-authenticate', 'Bearer realm="exchange-hub-gateway", error="invalid_token"')
            .send(
              graphqlError(
                'UNAUTHENTICATED',
                `This is the ${subgraph} subgraph: it answers only the hub's federation gateway, which sends its own credential (${GATEWAY_AUTHORIZATION_HEADER}: Bearer <a GATEWAY client's token>) beside the caller's. ${error.message} Send your queries to the gateway.`,
              ),
            );
        }
        request.federatedRequestId = request.correlationId;
        request.correlationId = undefined;
        const scopes = forwardedScopes(headerValue(request, ROW_SCOPES_HEADER));
        if (scopes === 'malformed') {
          return reply
            .code(400)
            .send(
              graphqlError(
                'BAD_REQUEST',
                `${ROW_SCOPES_HEADER} must be a JSON object of district code lists.`,
              ),
            );
        }
        if (scopes) request.forwardedScopes = scopes;
        const checked = headerValue(request, OWNER_CHECKED_HEADER);
        if (checked !== undefined) {
          const types = checked.split(',');
          if (checked.length > 1024 || !types.every((t) => /^[A-Z][A-Za-z0-9]{0,63}$/.test(t))) {
            return reply
              .code(400)
              .send(graphqlError('BAD_REQUEST', `${OWNER_CHECKED_HEADER} must list type names.`));
          }
          request.ownerChecked = new Set(types);
        }
      }
      let endUser: string | undefined;
      let caseId: string | undefined;
      try {
        endUser = identifierHeader('x-end-user', request.headers['x-end-user']);
        caseId = identifierHeader('x-case-id', request.headers['x-case-id']);
      } catch (error) {
        return reply.code(400).send(graphqlError('BAD_REQUEST', (error as Error).message));
      }
      try {
        request.caller = await identity.authenticate(request.headers.authorization, { endUser, caseId });
      } catch (error) {
        if (!(error instanceof AuthenticationError)) throw error;
        // The body was never read: closing the connection after the answer is what drops it unread.
        if (request.method === 'POST') reply.header('connection', 'close');
        return reply
          .code(401)
          .header('www-authenticate', 'Bearer realm="exchange-hub", error="invalid_token"')
          .send(graphqlError('UNAUTHENTICATED', error.message));
      }
    });
    graphql.addHook('preHandler', async (request, reply) => {
      if (subgraph) {
        // Behind the gateway, which applied the client's quota and trusted documents to the whole operation.
        const refused = checkShape(request, limits);
        if (refused) return reply.code(refused.status).send(graphqlError(refused.code, refused.message));
        const overLimit = gate.admit(graphqlParams(request)!.query as string);
        if (overLimit) {
          return reply
            .code(400)
            .send(graphqlError(overLimit.code, overLimit.message, { limit: overLimit.limit }));
        }
        return;
      }
      const substituted = substituteTrustedDocument(request, trusted);
      if (substituted)
        return reply.code(substituted.status).send(graphqlError(substituted.code, substituted.message));
      const refused = checkShape(request, limits);
      if (refused) return reply.code(refused.status).send(graphqlError(refused.code, refused.message));
      const query = graphqlParams(request)!.query as string;
      const overLimit = gate.admit(query);
      if (overLimit) {
        return reply
          .code(400)
          .send(graphqlError(overLimit.code, overLimit.message, { limit: overLimit.limit }));
      }
      if (
        request.caller!.clientId === CONSOLE_CLIENT_ID &&
        !request.trustedDocument &&
        changes(query, limits)
      ) {
        return reply
          .code(403)
          .send(
            graphqlError(
              'TRUSTED_DOCUMENT_REQUIRED',
              "A console session changes data only through the console's own pages: send the page's documentId. Typed documents run only as queries.",
            ),
          );
      }
      const clientId = request.caller!.clientId;
      if (!quotas.enter(clientId)) {
        const max = quotas.maxConcurrent(clientId);
        return reply
          .code(429)
          .header('retry-after', '1')
          .send(
            graphqlError(
              'RATE_LIMITED',
              `This client already has ${max} requests in flight, its limit; wait for one to finish.`,
              { limit: max },
            ),
          );
      }
      request.quotaHeld = true;
      // 'close' comes once the answer is sent or the client has gone (neither onResponse nor onRequestAbort
      // fires when a client drops a POST mid-execution): the slot is given back either way.
      reply.raw.once('close', () => {
        if (!request.quotaHeld) return;
        request.quotaHeld = false;
        quotas.leave(clientId);
      });
    });

    graphql.route({
      url: '/graphql',
      method: ['GET', 'POST'],
      config: {
        rateLimit: subgraph
          ? false
          : {
              // On the headers, right after the token is checked (the scope's onRequest runs first): every request
              // counts, including those the request checks refuse.
              hook: 'onRequest',
              timeWindow: 60_000,
              keyGenerator: (request: FastifyRequest) => request.caller?.clientId ?? request.ip,
              max: (request: FastifyRequest) =>
                request.caller ? quotas.requestsPerMinute(request.caller.clientId) : 1,
            },
      },
      handler: fastifyApolloHandler(apollo, {
        context: async (request) => {
          request.graphqlAudit = newAuditInfo();
          if (config.auditVariables) {
            request.graphqlAudit.variables = graphqlParams(request)?.variables ?? null;
          }
          const ctx = createContext(databases, {
            maxPageSize: config.maxPageSize,
            logger,
            requestId: request.federatedRequestId ?? request.id,
            caller: request.caller!,
            directory,
            secrets: options.auth.secrets,
            audit: request.graphqlAudit,
            auditTrail: options.audit!,
            forwardedScopes: request.forwardedScopes,
            ownerChecked: request.ownerChecked,
          });
          request.graphqlAudit.context = ctx;
          return ctx;
        },
      }),
    });
  });

  if (!subgraph) await registerConsoleApp(app, consoleDist(config.projectRoot));

  app.get('/health', async () => ({ status: 'ok' }));

  app.get('/ready', async (_request, reply) => {
    const timeout = options.readyTimeoutMs ?? 2000;
    const checks = await Promise.all(
      [...databases.bySource].map(async ([name, db]) => {
        try {
          await withTimeout(db.ping(), timeout);
          return [name, 'up'] as const;
        } catch {
          return [name, 'down'] as const;
        }
      }),
    );
    const ready = checks.every(([, state]) => state === 'up');
    reply.code(ready ? 200 : 503);
    return { status: ready ? 'ready' : 'not ready', sources: Object.fromEntries(checks) };
  });

  return app;
}

/**
 * Puts the text of a trusted document in place of the `documentId` a POST names (src/trusted-documents.ts), so
 * that every later check and Apollo itself see an ordinary request. Null when there is nothing to do or it was
 * done; the refusal otherwise.
 */
function substituteTrustedDocument(
  request: FastifyRequest,
  trusted: TrustedDocuments,
): { status: number; code: string; message: string } | null {
  const params = request.method === 'POST' ? graphqlParams(request) : null;
  if (!params || params.documentId === undefined) return null;
  if (params.query !== undefined) {
    return { status: 400, code: 'BAD_REQUEST', message: 'Send either documentId or query, not both.' };
  }
  const text = typeof params.documentId === 'string' ? trusted.text(params.documentId) : undefined;
  if (!text) {
    return {
      status: 400,
      code: 'PERSISTED_QUERY_NOT_FOUND',
      message:
        "Unknown documentId: this hub knows only its console's documents (an older or newer console? reload it); or send the query text.",
    };
  }
  params.query = text;
  delete params.documentId;
  request.trustedDocument = true;
  return null;
}

/**
 * True when the document holds an operation other than a query (a mutation or subscription). A document that does
 * not parse is left to Apollo, which reports the syntax error.
 */
function changes(query: string, limits: ServerOptions['config']['limits']): boolean {
  try {
    return parse(query, { noLocation: true, maxTokens: limits.maxTokens }).definitions.some(
      (d) => d.kind === 'OperationDefinition' && d.operation !== 'query',
    );
  } catch {
    return false;
  }
}

/** query, variables and operationName as sent: the JSON body of a POST, the query string of a GET. */
function graphqlParams(request: FastifyRequest): Record<string, unknown> | null {
  if (request.method === 'GET') return getParams(request);
  const source = request.body;
  return source && typeof source === 'object' && !Array.isArray(source)
    ? (source as Record<string, unknown>)
    : null;
}

const GET_PARAMS = Symbol('graphql GET parameters');

/**
 * The parameters of a GET exactly as Apollo Server reads them (URLSearchParams over the URL's search part), not
 * as Fastify's query parser does: the two decode a malformed escape (`%ZZ`) differently, and the checks must see
 * the very text Apollo runs. A parameter given twice is kept as an array, which the shape check refuses.
 */
function getParams(request: FastifyRequest): Record<string, unknown> {
  const memo = request as unknown as { [GET_PARAMS]?: Record<string, unknown> };
  if (memo[GET_PARAMS]) return memo[GET_PARAMS];
  const params: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(new URL(request.url, 'http://hub').search)) {
    const seen = params[key];
    params[key] = seen === undefined ? value : ([] as unknown[]).concat(seen, value);
  }
  return (memo[GET_PARAMS] = params);
}

/** `checkRequestShape` of a Fastify request. */
function checkShape(request: FastifyRequest, limits: ServerOptions['config']['limits']) {
  return checkRequestShape(
    { method: request.method, contentType: request.headers['content-type'], body: request.body },
    graphqlParams(request),
    limits,
  );
}

/**
 * The gateway's row scopes from their header: `{"Enterprise":["370202"]}`, at most 4 kB, district codes of 6 to
 * 12 digits. Undefined when absent; 'malformed' when it is not that.
 */
function forwardedScopes(value: string | undefined): Record<string, string[]> | undefined | 'malformed' {
  if (value === undefined) return undefined;
  if (value.length > 4096) return 'malformed';
  try {
    const parsed: unknown = JSON.parse(value);
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return 'malformed';
    for (const [type, districts] of Object.entries(parsed)) {
      if (!/^[A-Z][A-Za-z0-9]{0,63}$/.test(type)) return 'malformed';
      if (!Array.isArray(districts) || !districts.every((d) => typeof d === 'string' && /^\d{6,12}$/.test(d)))
        return 'malformed';
    }
    return parsed as Record<string, string[]>;
  } catch {
    return 'malformed';
  }
}

/** A request header's one value (the first, if sent twice). */
function headerValue(request: FastifyRequest, name: string): string | undefined {
  const raw = request.headers[name];
  return Array.isArray(raw) ? raw[0] : raw;
}

/** Client id and secret from `Authorization: Basic ...`, if present and well formed. */
function basicCredentials(authorization: string | undefined): { id: string; secret: string } | undefined {
  const match = /^Basic ([A-Za-z0-9+/=]{1,1024})$/.exec(authorization ?? '');
  if (!match) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 1) return undefined;
  // RFC 6749 §2.3.1: both parts are form-urlencoded before Basic encoding.
  try {
    return {
      id: decodeURIComponent(decoded.slice(0, colon)),
      secret: decodeURIComponent(decoded.slice(colon + 1)),
    };
  } catch {
    return undefined;
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    }),
  ]);
}
