/**
 * The HTTP server: Fastify with the GraphQL pipeline on /graphql (src/graphql-http.ts), the token endpoint, the
 * JWKS, and the liveness and readiness routes.
 */
import { randomUUID } from 'node:crypto';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { GraphQLFormattedError, GraphQLSchema } from 'graphql';
import type { Logger } from 'pino';
import { createContext } from './context';
import { graphqlHandler } from './graphql-http';
import type { HubDatabases } from './databases';
import { ErrorCode } from '../connectors/shared/errors';
import { queryCostChecker } from './query-cost';
import type { Auth } from '../auth';
import { AuthenticationError, OAuthError } from '../auth/identity';
import { newAuditInfo, registerAuditHook } from '../audit/request-audit';
import type { AuditStore } from '../audit/store';
import type { RuleTree } from '../auth/rules';
import type { Caller } from '../auth/policy';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the /graphql preHandler once the bearer token is verified. */
    caller?: Caller;
  }
}

export interface ServerOptions {
  schema: GraphQLSchema;
  auth: Auth;
  ruleTree: RuleTree;
  databases: HubDatabases;
  logger: Logger;
  maxPageSize: number;
  maxQueryCost: number;
  /** The audit trail; null only in the audit benchmark, to measure what auditing costs. */
  audit: AuditStore | null;
  /** Keep the variables of each request in its audit record (they can hold personal data). */
  auditVariables?: boolean;
  /**
   * Off only in the permission benchmark, with an unguarded schema, to measure what the layer costs. Never set
   * from configuration: the hub has no switch that turns authorisation off.
   */
  permissions?: boolean;
  /** How long /ready waits for each database, milliseconds. */
  readyTimeoutMs?: number;
}

// Codes whose messages are written for clients; any other error is masked (it may carry SQL or internals).
const CLIENT_CODES = new Set<string>([
  ...Object.values(ErrorCode).filter((c) => c !== ErrorCode.INTERNAL_SERVER_ERROR),
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'FORBIDDEN',
  'UNAUTHENTICATED',
  'QUERY_TOO_COMPLEX',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
]);

/**
 * Keeps client-facing errors as they are and replaces anything unexpected with a generic message: no stack
 * trace, SQL text or driver message ever reaches the client. The original is logged by `errorLogPlugin`.
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

/** Builds the Fastify app; call `listen` or `inject` on it. */
export async function createServer(options: ServerOptions): Promise<FastifyInstance> {
  const { databases, logger } = options;
  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: true }),
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
    // Tokens and documents are small; a bigger body is a mistake or an attack.
    bodyLimit: 512 * 1024,
  });

  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  app.addHook('onResponse', async (request, reply) => {
    request.log.info(
      {
        method: request.method,
        url: request.url,
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime),
      },
      'request',
    );
  });

  const { identity, keys, directory } = options.auth;
  if (options.audit) registerAuditHook(app, options.audit);

  // OAuth2 client credentials (RFC 6749 §4.4): form-encoded as the RFC says, or JSON; secret in the body or Basic.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });
  app.post('/oauth/token', async (request, reply) => {
    reply.header('cache-control', 'no-store');
    try {
      const params =
        request.body && typeof request.body === 'object' ? (request.body as Record<string, unknown>) : {};
      return await identity.issueToken(params, basicCredentials(request.headers.authorization));
    } catch (error) {
      if (!(error instanceof OAuthError)) throw error;
      if (error.status === 401) reply.header('www-authenticate', 'Basic realm="exchange-hub"');
      return reply.code(error.status).send({ error: error.error, error_description: error.description });
    }
  });

  app.get('/.well-known/jwks.json', async (_request, reply) => {
    reply.header('cache-control', 'public, max-age=300');
    return keys.jwks();
  });

  // No token, no GraphQL: a 401 with a GraphQL-shaped error, and nothing executed. The hook is registered in
  // its own scope so that it guards /graphql only.
  await app.register(async (graphql) => {
    graphql.addHook('preHandler', async (request, reply) => {
      try {
        request.caller = await identity.authenticate(request.headers.authorization, {
          endUser: headerValue(request.headers['x-end-user']),
          caseId: headerValue(request.headers['x-case-id']),
        });
      } catch (error) {
        if (!(error instanceof AuthenticationError)) throw error;
        return reply
          .code(401)
          .header('www-authenticate', 'Bearer realm="exchange-hub", error="invalid_token"')
          .send({ errors: [{ message: error.message, extensions: { code: 'UNAUTHENTICATED' } }] });
      }
    });
    graphql.route({
      url: '/graphql',
      method: ['GET', 'POST'],
      handler: graphqlHandler(
        {
          schema: options.schema,
          // Benchmarks only: `permissions: false` measures the hub without its permission layer.
          ruleTree: options.permissions === false ? null : options.ruleTree,
          checkCost: queryCostChecker(options.schema, {
            maxCost: options.maxQueryCost,
            maxPageSize: options.maxPageSize,
          }),
          storeVariables: options.auditVariables ?? false,
          formatError: maskError,
          clientCodes: CLIENT_CODES,
        },
        (request) => {
          request.graphqlAudit = newAuditInfo();
          return createContext(databases, {
            maxPageSize: options.maxPageSize,
            logger,
            requestId: request.id,
            caller: request.caller!,
            directory,
            audit: request.graphqlAudit,
            auditTrail: options.audit!,
          });
        },
      ),
    });
  });

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

/** Client id and secret from `Authorization: Basic ...`, if present and well formed. */
function basicCredentials(authorization: string | undefined): { id: string; secret: string } | undefined {
  const match = /^Basic ([A-Za-z0-9+/=]+)$/.exec(authorization ?? '');
  if (!match) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 1) return undefined;
  // RFC 6749 §2.3.1: both parts are form-urlencoded before Basic encoding.
  return {
    id: decodeURIComponent(decoded.slice(0, colon)),
    secret: decodeURIComponent(decoded.slice(colon + 1)),
  };
}

/**
 * An end-user or case header: at most 200 characters. Header values are bytes, so non-ASCII text (a Chinese
 * name) is sent percent-encoded as UTF-8 and decoded here; a value that does not decode is kept as sent.
 */
function headerValue(value: string | string[] | undefined): string | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  if (!v) return undefined;
  let decoded = v;
  try {
    decoded = decodeURIComponent(v);
  } catch {
    // not percent-encoded: keep it
  }
  return decoded.slice(0, 200);
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
