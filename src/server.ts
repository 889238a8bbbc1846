/**
 * The HTTP server: Fastify with Apollo Server on /graphql, and the liveness and readiness routes.
 */
import { randomUUID } from 'node:crypto';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { fastifyApolloHandler } from '@as-integrations/fastify';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import type { GraphQLFormattedError, GraphQLSchema } from 'graphql';
import type { Logger } from 'pino';
import { createContext, type HubContext } from './context';
import type { HubDatabases } from './databases';
import { ErrorCode } from '../connectors/shared/errors';
import { queryCostPlugin } from './query-cost';

export interface ServerOptions {
  schema: GraphQLSchema;
  databases: HubDatabases;
  logger: Logger;
  maxPageSize: number;
  maxQueryCost: number;
  /** How long /ready waits for each database, milliseconds. */
  readyTimeoutMs?: number;
}

// Codes whose messages are written for clients; any other error is masked (it may carry SQL or internals).
const CLIENT_CODES = new Set<string>([
  ...Object.values(ErrorCode).filter((c) => c !== ErrorCode.INTERNAL_SERVER_ERROR),
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
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

/** Logs unexpected errors with their stack and the request id, before `maskError` hides them. */
const errorLogPlugin: ApolloServerPlugin<HubContext> = {
  async requestDidStart() {
    return {
      async didEncounterErrors({ contextValue, errors }) {
        for (const error of errors) {
          const code = String(error.extensions?.code ?? '');
          if (!CLIENT_CODES.has(code))
            contextValue.logger?.error(
              { err: error.originalError ?? error, path: error.path },
              'resolver error',
            );
        }
      },
    };
  },
};

/** Builds the Fastify app with Apollo mounted and started; call `listen` or `inject` on it. */
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

  const apollo = new ApolloServer<HubContext>({
    schema: options.schema,
    includeStacktraceInErrorResponses: false,
    // The CLI owns shutdown: close Fastify (which stops Apollo in its onClose hook), then the pools and PostgreSQL.
    stopOnTerminationSignals: false,
    formatError: maskError,
    plugins: [
      errorLogPlugin,
      queryCostPlugin(options.schema, { maxCost: options.maxQueryCost, maxPageSize: options.maxPageSize }),
      ApolloServerPluginLandingPageDisabled(),
    ],
  });
  await apollo.start();

  app.route({
    url: '/graphql',
    method: ['GET', 'POST', 'OPTIONS'],
    handler: fastifyApolloHandler(apollo, {
      context: async (request) =>
        createContext(databases, {
          maxPageSize: options.maxPageSize,
          logger,
          requestId: request.id,
          caller: {
            kind: 'ANONYMOUS',
            endUser: headerValue(request.headers['x-end-user']),
            caseId: headerValue(request.headers['x-case-id']),
          },
        }),
    }),
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

  // Fastify's close() stops accepting, waits for in-flight requests and drops idle keep-alive connections; then
  // Apollo stops. (Apollo's Fastify drain plugin would call fastify.close() from inside this hook: a deadlock.)
  app.addHook('onClose', async () => {
    await apollo.stop();
  });
  return app;
}

function headerValue(value: string | string[] | undefined): string | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  return v ? v.slice(0, 200) : undefined;
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
