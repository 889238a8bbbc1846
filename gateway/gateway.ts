/**
 * The hub's federation gateway: Hive Gateway over the committed supergraph (schema/supergraph.graphql), each source
 * a subgraph of its own (`npm start -- --subgraph <source>` in the hub). Hive plans and executes; the hub's front
 * (src/gateway-front.ts, built into ../dist) does around it what the single process does: the caller's token, the
 * end-user and case headers, the client's quota, the request's limits, introspection by role and the cost estimate
 * before; the audit record after. Subgraphs get the caller's headers, the request id, and the gateway's own
 * credential, without which they answer 401.
 *
 * Run by the Hive Gateway CLI from this folder (it reads `gateway.ts`):
 *
 *     DIRECTORY_DATABASE_URL=postgresql://... npx hive-gateway supergraph ../schema/supergraph.graphql --port 4000
 *
 * Configuration (environment): DIRECTORY_DATABASE_URL (required), HUB_GATEWAY_CLIENT_ID and
 * HUB_GATEWAY_CLIENT_SECRET (the gateway's client in the directory), `<SOURCE>_SUBGRAPH_URL` (where each subgraph
 * listens; default: its URL in the supergraph), and the hub's own limits and quotas (README, "Configuration").
 */
import { createRequire } from 'node:module';
import { defineConfig, type GatewayPlugin } from '@graphql-hive/gateway';
import { GraphQLError, Source } from 'graphql';

// The hub's code, compiled (npm run build in the hub's folder). Required, not imported: it is CommonJS, and its
// GraphQL module is the hub's own; nothing but plain values passes between the two.
const require = createRequire(import.meta.url);
const hub = require('../dist/src/gateway-front.js') as typeof import('../src/gateway-front');
const { createLogger } = require('../dist/src/logger.js') as typeof import('../src/logger');
const { sources } = require('../dist/src/sources.js') as typeof import('../src/sources');

type FrontRequest = import('../src/gateway-front').FrontRequest;
type FrontAnswer = import('../src/gateway-front').FrontAnswer;

const logger = createLogger(process.env.LOG_LEVEL ?? 'info', process.env.NODE_ENV !== 'production').child({
  component: 'gateway',
});
const front = await hub.GatewayFront.open(process.env, logger);

/** The requests in flight, by the Request object Hive hands every hook. */
const followed = new WeakMap<Request, FrontRequest>();

/**
 * Where a request's time went, for a Server-Timing header when GATEWAY_SERVER_TIMING=true (the benchmark's
 * breakdown; off by default, as it tells callers about the topology): the front's checks, planning (to the first
 * subgraph fetch), the fetches, and merging plus the audit record.
 */
interface Timing {
  checked?: number;
  fetches: number;
  fetchMs: number;
  firstFetch?: number;
  lastFetchEnd?: number;
}
const timings = process.env.GATEWAY_SERVER_TIMING === 'true' ? new WeakMap<FrontRequest, Timing>() : null;

/**
 * A GraphQL error of the gateway's own GraphQL module, from one of the front's plain error objects; with the
 * document and the error's offsets in it, its locations are those the hub reports.
 */
function gatewayError(
  error: FrontAnswer['body']['errors'][number],
  document?: { query: string; positions: readonly number[] | undefined },
): GraphQLError {
  return new GraphQLError(error.message, {
    extensions: error.extensions,
    ...(document?.positions ? { source: new Source(document.query), positions: document.positions } : {}),
  });
}

/** The front's answer as an execution result, with its HTTP status and headers for Hive to answer with. */
function resultOf(answer: FrontAnswer, query?: string) {
  return {
    errors: answer.body.errors.map((error, i) =>
      gatewayError(error, query === undefined ? undefined : { query, positions: answer.positions?.[i] }),
    ),
    extensions: { http: { status: answer.status, headers: answer.headers } },
  };
}

const SOURCE_UNAVAILABLE = 'SOURCE_UNAVAILABLE';

/**
 * What the front does, as Hive Gateway plugin hooks. The answer of a refused request leaves at once (onRequest) or
 * instead of executing (onParams); every answer leaves only after its audit record is committed (onResultProcess).
 */
const hubFront: GatewayPlugin = {
  async onRequest({ request, url, endResponse }) {
    // Deny by default: every request but the bare probes goes through the front, whatever Hive routes to GraphQL
    // (Yoga takes any URL that ends in /graphql, /health?/graphql included).
    if (
      request.method === 'GET' &&
      !url.search &&
      (url.pathname === '/health' || url.pathname === '/ready')
    ) {
      return;
    }
    const { request: admitted, refused } = await front.admit(request);
    followed.set(request, admitted);
    if (refused) {
      endResponse(
        Response.json(refused.body, {
          status: refused.status,
          headers: { ...refused.headers, 'x-request-id': admitted.id },
        }),
      );
    }
  },
  async onParams({ request, params, setParams, setResult }) {
    const admitted = followed.get(request);
    if (!admitted) {
      // Never admitted, so never checked: nothing runs (fails closed, whatever route brought it here).
      logger.warn({ url: request.url.slice(0, 200) }, 'GraphQL request that did not pass the front: refused');
      setResult(
        resultOf({
          status: 401,
          headers: {},
          body: {
            errors: [
              {
                message: 'Send an access token: Authorization: Bearer <token>.',
                extensions: { code: 'UNAUTHENTICATED' },
              },
            ],
          },
        }),
      );
      return;
    }
    const refused = await front.check(
      admitted,
      { method: request.method, contentType: request.headers.get('content-type') ?? undefined, body: params },
      params as unknown as Record<string, unknown>,
    );
    if (refused) setResult(resultOf(refused, typeof params.query === 'string' ? params.query : undefined));
    // The client's document with the owner checks the front added (GatewayFront.ownerChecks), if any.
    else if (admitted.query) setParams({ ...params, query: admitted.query });
    timings?.set(admitted, { checked: performance.now(), fetches: 0, fetchMs: 0 });
  },
  onExecutionResult({ request, result, setResult }) {
    const admitted = followed.get(request);
    if (!admitted || !result || Symbol.asyncIterator in result) return;
    // Objects their owner withheld are null, as in the single process; nothing is said from inside them.
    const withheld = admitted.query ? hub.settleOwnerChecks(result.data) : [];
    const inside = (path: readonly (string | number)[] | undefined) =>
      !!path &&
      (path[path.length - 1] === hub.OWNER_CHECK ||
        withheld.some((w) => w.length <= path.length && w.every((segment, i) => path[i] === segment)));
    const kept = result.errors?.filter((e) => !inside(e.path));
    // Errors as the single process words and places them: one FORBIDDEN per coordinate, at its first place, with
    // full paths; which subgraph said it is topology, not part of the answer.
    const places = kept?.length ? hub.settleFederatedErrors(result.data, kept) : [];
    const errors = kept?.flatMap((error, i) => {
      const path = places[i];
      if (path === null) return [];
      const { serviceName: _subgraph, ...extensions } = error.extensions ?? {};
      return [
        new GraphQLError(error.message, {
          nodes: error.nodes,
          source: error.source,
          positions: error.positions,
          path,
          originalError: error.originalError,
          extensions,
        }),
      ];
    });
    // The district scopes the front planned, told to the caller as the single process tells them.
    const scopes = result.data && admitted.districtScopes;
    const { errors: _unsettled, ...answer } = result;
    setResult({
      ...answer,
      ...(errors?.length ? { errors } : {}),
      ...(scopes ? { extensions: { ...result.extensions, districtScopes: scopes } } : {}),
    });
  },
  onSubgraphExecute({ subgraphName, executionRequest }) {
    const request = (executionRequest.context as { request?: Request } | undefined)?.request;
    const timing = request && timings?.get(followed.get(request)!);
    const started = performance.now();
    return ({ result, setResult }) => {
      if (timing) {
        const now = performance.now();
        timing.fetches++;
        timing.fetchMs += now - started;
        timing.firstFetch = Math.min(timing.firstFetch ?? started, started);
        timing.lastFetchEnd = Math.max(timing.lastFetchEnd ?? now, now);
      }
      if (Symbol.asyncIterator in result || !result.errors?.length) return;
      if (!result.errors.some((e) => e.extensions?.code === 'SUBREQUEST_HTTP_ERROR')) return;
      // The subgraph could not be reached (or refused the gateway): its fields are null, with the hub's code.
      logger.warn({ subgraph: subgraphName, error: result.errors[0].message }, 'subgraph unavailable');
      setResult({ errors: [gatewayError(hub.sourceUnavailable(subgraphName))] });
    };
  },
  async onResultProcess({ request, result, setResult }) {
    const admitted = followed.get(request);
    if (!admitted || admitted.finished || Array.isArray(result) || Symbol.asyncIterator in result) return;
    const errors = result.errors ?? [];
    const http = (result.extensions as { http?: { status?: number } } | undefined)?.http;
    const status =
      http?.status ??
      Math.max(
        200,
        ...errors.map((e) => Number((e.extensions?.http as { status?: number } | undefined)?.status ?? 0)),
      );
    try {
      await front.finish(admitted, {
        status,
        errorCodes: [
          ...new Set(errors.map((e) => String(e.extensions?.code ?? 'INTERNAL_SERVER_ERROR'))),
        ].sort(),
        answered: Object.values(result.data ?? {}).some((v) => v !== null),
        denied: errors.filter((e) => e.extensions?.code === 'FORBIDDEN').length,
      });
    } catch {
      setResult(resultOf(hub.AUDIT_UNAVAILABLE));
    }
  },
  async onResponse({ request, response }) {
    const admitted = followed.get(request);
    if (!admitted) return;
    response.headers.set('x-request-id', admitted.id);
    const timing = timings?.get(admitted);
    if (timing?.checked !== undefined) {
      const now = performance.now();
      const ms = (a: number, b: number) => (b - a).toFixed(2);
      const first = timing.firstFetch ?? now;
      const last = timing.lastFetchEnd ?? now;
      response.headers.set(
        'server-timing',
        [
          `front;dur=${ms(admitted.startedAt, timing.checked)}`,
          `plan;dur=${ms(timing.checked, first)}`,
          `fetch;dur=${ms(first, last)}`,
          `fetches;dur=${timing.fetchMs.toFixed(2)};desc="${timing.fetches}"`,
          `merge;dur=${ms(last, now)}`,
          `total;dur=${ms(admitted.startedAt, now)}`,
        ].join(', '),
      );
    }
    // Answered by Hive before a result was made (a body that is not JSON, say): recorded as it went.
    if (!admitted.finished) {
      await front
        .finish(admitted, { status: response.status, errorCodes: [], answered: false, denied: 0 })
        .catch((err: unknown) => logger.error({ err }, 'audit record not written'));
    }
  },
};

export const gatewayConfig = defineConfig({
  // Each subgraph where `<SOURCE>_SUBGRAPH_URL` says, else where the supergraph says.
  transportEntries: Object.fromEntries(
    sources.flatMap((source) => {
      const location = process.env[`${source.name.toUpperCase()}_SUBGRAPH_URL`];
      return location ? [[source.name, { location }]] : [];
    }),
  ),
  propagateHeaders: {
    // The caller's token, end user, case and the request id, and the gateway's own credential.
    async fromClientToSubgraphs({ request }) {
      const admitted = followed.get(request);
      return { ...admitted?.forward, ...(await front.gatewayAuthorization()) };
    },
  },
  plugins: () => [hubFront],
  // GraphQL over WebSockets would bypass the front's HTTP hooks; the hub serves no subscriptions anyway.
  disableWebsockets: true,
  // The hub names each request itself (the front); a client's X-Request-Id is only its correlation id.
  requestId: false,
  // No landing page or GraphiQL from a CDN; the hub's console has its own GraphiQL.
  landingPage: false,
  graphiql: false,
  healthCheckEndpoint: '/health',
  readinessCheckEndpoint: '/ready',
  upstreamTimeout: Number(process.env.GATEWAY_UPSTREAM_TIMEOUT_MS ?? 30_000),
  logging: process.env.LOG_LEVEL === 'debug' ? 'debug' : 'warn',
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void front.close().catch(() => undefined));
}
