/**
 * One audit record per request that reaches /graphql or /oauth/token: answered, partly denied, denied,
 * unauthenticated, malformed, over a limit or failed. The response leaves only after its record is committed;
 * if the record cannot be written, the client gets 503 and none of the data.
 */
import { createHash } from 'node:crypto';
import { print, type DocumentNode } from 'graphql';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { HubContext } from '../src/context';
import type { AuditOutcome } from './chain';
import type { AuditEntry, AuditStore } from './store';

/** What the GraphQL layer learns about a request, filled in by `auditPlugin`. */
export interface GraphQLAuditInfo {
  operationName: string | null;
  operationType: string | null;
  documentHash: string | null;
  errorCodes: string[];
  variables: unknown;
  context?: HubContext;
}

/** The audit info of a request before the GraphQL layer has learnt anything about it. */
export function newAuditInfo(): GraphQLAuditInfo {
  return { operationName: null, operationType: null, documentHash: null, errorCodes: [], variables: null };
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the GraphQL context function; read when the response is sent. */
    graphqlAudit?: GraphQLAuditInfo;
  }
}

const AUDITED_PATHS = new Set(['/graphql', '/oauth/token']);

/** Hex SHA-256 of a text. */
export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

const documentHashes = new WeakMap<DocumentNode, string>();

/**
 * SHA-256 of the normalised document (graphql's printer: whitespace and comments do not change it), remembered
 * per parsed document (Apollo's document store keeps one DocumentNode per query text).
 */
export function documentHash(document: DocumentNode): string {
  let hash = documentHashes.get(document);
  if (hash === undefined) documentHashes.set(document, (hash = sha256(print(document))));
  return hash;
}

/** The outcome of a request, from its status, error codes and what the permission layer served and denied. */
export function outcomeOf(
  status: number,
  errorCodes: readonly string[],
  served: number,
  denied: number,
): AuditOutcome {
  if (status === 401) return 'UNAUTHENTICATED';
  if (errorCodes.includes('QUERY_TOO_COMPLEX') || status === 413 || status === 429) return 'OVER_LIMIT';
  if (
    (status >= 400 && status < 500) ||
    errorCodes.some(
      (c) =>
        c === 'GRAPHQL_PARSE_FAILED' ||
        c === 'GRAPHQL_VALIDATION_FAILED' ||
        c === 'BAD_USER_INPUT' ||
        c === 'BAD_REQUEST',
    )
  ) {
    return 'MALFORMED';
  }
  if (status >= 500 || errorCodes.some((c) => c !== 'FORBIDDEN' && c !== 'NOT_FOUND')) return 'FAILED';
  if (denied > 0 || errorCodes.includes('FORBIDDEN')) return served > 0 ? 'PARTLY_DENIED' : 'DENIED';
  return 'ANSWERED';
}

const UNAVAILABLE = JSON.stringify({
  errors: [
    {
      message: 'The audit trail cannot be written just now, so nothing is served. Retry shortly.',
      extensions: { code: 'AUDIT_UNAVAILABLE' },
    },
  ],
});

/**
 * The path a request is audited under: its route's path, so that any spelling the router accepts for an audited
 * route (an encoded character, say) is audited too; the raw path when no route matched.
 */
function auditPath(request: FastifyRequest): string {
  return request.routeOptions.url ?? request.url.split('?')[0];
}

/** Builds the record of a finished request that came in on `path`. */
function entryOf(request: FastifyRequest, reply: FastifyReply, path: string): AuditEntry {
  const info = request.graphqlAudit;
  const summary = info?.context?.access.auditSummary();
  const tokenClient =
    path === '/oauth/token' && request.body && typeof request.body === 'object'
      ? String((request.body as Record<string, unknown>).client_id ?? '') || null
      : null;
  const errorCodes = info?.errorCodes ?? [];
  const status = reply.statusCode;
  return {
    requestId: request.id,
    recordedAt: new Date().toISOString(),
    clientId: request.caller?.clientId ?? tokenClient,
    departmentCode: request.caller?.departmentCode ?? null,
    endUser: request.caller?.endUser ?? null,
    caseId: request.caller?.caseId ?? null,
    httpMethod: request.method,
    path,
    operationName: info?.operationName ?? null,
    operationType: info?.operationType ?? null,
    documentHash: info?.documentHash ?? null,
    coordinatesReturned: summary?.returned ?? [],
    coordinatesMasked: summary?.masked ?? [],
    coordinatesDenied: summary?.denied ?? [],
    rowsPerResource: summary?.rowsPerResource ?? {},
    grantIds: summary?.grantIds ?? [],
    outcome:
      path === '/oauth/token'
        ? status === 200
          ? 'ANSWERED'
          : status === 401
            ? 'UNAUTHENTICATED'
            : 'MALFORMED'
        : outcomeOf(status, errorCodes, summary?.returned.length ?? 0, summary?.denied.length ?? 0),
    httpStatus: status,
    errorCodes: status === 401 && !errorCodes.length ? ['UNAUTHENTICATED'] : errorCodes,
    durationMs: Math.round(reply.elapsedTime * 1000) / 1000,
    variables: info?.variables ?? null,
  };
}

/**
 * Registers the hook that writes each audited request's record before its response leaves. If the write
 * fails, the response becomes a 503 with no data.
 */
export function registerAuditHook(app: FastifyInstance, store: AuditStore): void {
  app.addHook('onSend', async (request, reply, payload) => {
    const path = auditPath(request);
    if (!AUDITED_PATHS.has(path) || request.method === 'OPTIONS') return payload;
    try {
      const entry = entryOf(request, reply, path);
      // The record holds all it needs: let the request's rows, loaders and plan go while the batch commits,
      // so they die young (a reference held across the commit would carry them into the old generation).
      if (request.graphqlAudit) request.graphqlAudit.context = undefined;
      await store.append(entry);
      return payload;
    } catch {
      reply.code(503).header('content-type', 'application/json; charset=utf-8').header('retry-after', '5');
      return UNAVAILABLE;
    }
  });
}
