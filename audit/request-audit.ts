/**
 * One audit record per request that reaches /graphql or /oauth/token: answered, partly denied, denied,
 * unauthenticated, malformed, over a limit or failed. The response leaves only after its record is committed;
 * if the record cannot be written, the client gets 503 and none of the data.
 */
import { createHash } from 'node:crypto';
import { print, type DocumentNode } from 'graphql';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { RequestAccess } from '../auth/access';
import { CONSOLE_CLIENT_ID } from '../auth/console-sessions';
import type { AuditOutcome } from './chain';
import type { AuditEntry, AuditStore } from './store';

/** What the GraphQL layer learns about a request, filled in by `auditPlugin`. */
export interface GraphQLAuditInfo {
  operationName: string | null;
  operationType: string | null;
  documentHash: string | null;
  errorCodes: string[];
  variables: unknown;
  /** The request's context while it runs (its access gives the audit summary); cleared once the record is made. */
  context?: { access: RequestAccess };
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

/** The console's sign-in and refresh (src/console-session-routes.ts): who tried to sign in, and how it went. */
const CONSOLE_SESSION_PATHS = new Set(['/console/api/session', '/console/api/session/refresh']);
/** Paths whose outcome is an authentication's, not a query's. */
const SIGN_IN_PATHS = new Set(['/oauth/token', ...CONSOLE_SESSION_PATHS]);
const AUDITED_PATHS = new Set(['/graphql', ...SIGN_IN_PATHS]);

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

// How the limits' codes are named (src/graphql-limits.ts LimitCode, QUERY_TOO_COMPLEX, RATE_LIMITED); a test
// pins that every one of them is recognised.
const LIMIT_CODE = /^(TOO_[A-Z_]+|[A-Z_]+_TOO_(LARGE|COMPLEX)|FIELD_REPEATED|RATE_LIMITED)$/;

/** True for the code of a refusal by a limit or quota (the record's outcome is OVER_LIMIT). */
export function isLimitCode(code: string): boolean {
  return LIMIT_CODE.test(code);
}

/** The outcome of a request, from its status, error codes and what the permission layer served and denied. */
export function outcomeOf(
  status: number,
  errorCodes: readonly string[],
  served: number,
  denied: number,
): AuditOutcome {
  if (status === 401) return 'UNAUTHENTICATED';
  if (errorCodes.some(isLimitCode) || status === 413 || status === 429) return 'OVER_LIMIT';
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

// Bounds of what a record holds, so that no value a client sends can make a record (and, before records were
// retried one by one, its whole batch) fail: a B-tree index entry holds at most about 2.7 kB.
const MAX_TEXT = 200;
export const MAX_CODES = 20;

/** `text` cut to `max` characters (the last one an ellipsis when cut); null stays null. */
export function bounded(text: string | null | undefined, max = MAX_TEXT): string | null {
  if (text === null || text === undefined) return null;
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/**
 * The error codes of a small refusal body (GraphQL errors or an OAuth error), for records of requests refused
 * before the GraphQL layer saw them. Bodies over 16 kB are not read: refusals are small.
 */
function codesOfBody(payload: unknown): string[] {
  if (typeof payload !== 'string' || payload.length > 16_384) return [];
  try {
    const body = JSON.parse(payload) as { errors?: { extensions?: { code?: unknown } }[]; error?: unknown };
    if (Array.isArray(body.errors)) {
      return [
        ...new Set(body.errors.map((e) => String(e?.extensions?.code ?? 'INTERNAL_SERVER_ERROR'))),
      ].sort();
    }
    return typeof body.error === 'string' ? [body.error] : [];
  } catch {
    return [];
  }
}

/** Builds the record of a finished request that came in on `path`; every value in it is bounded. */
function entryOf(
  request: FastifyRequest,
  reply: FastifyReply,
  path: string,
  payload: unknown,
  recordedBy: string | undefined,
): AuditEntry {
  const info = request.graphqlAudit;
  const summary = info?.context?.access.auditSummary();
  const body =
    request.body && typeof request.body === 'object' ? (request.body as Record<string, unknown>) : {};
  const sentClient = path === '/oauth/token' ? body.client_id : null;
  const consolePath = CONSOLE_SESSION_PATHS.has(path);
  const tokenClient = consolePath
    ? CONSOLE_CLIENT_ID
    : typeof sentClient === 'string' && sentClient
      ? sentClient
      : null;
  // A console sign-in names the person it tried (the route sets the caller once the password checks out).
  const triedPerson = consolePath && typeof body.username === 'string' ? body.username : null;
  const status = reply.statusCode;
  const errorCodes = (info?.errorCodes.length ? info.errorCodes : status >= 400 ? codesOfBody(payload) : [])
    .slice(0, MAX_CODES)
    .map((code) => bounded(code, 64)!);
  return {
    requestId: request.federatedRequestId ?? request.id,
    ...(request.correlationId ? { correlationId: request.correlationId } : {}),
    ...(recordedBy ? { recordedBy } : {}),
    recordedAt: new Date().toISOString(),
    clientId: bounded(request.caller?.clientId ?? tokenClient, 100),
    departmentCode: request.caller?.departmentCode ?? null,
    endUser: bounded(request.caller?.endUser ?? triedPerson),
    caseId: bounded(request.caller?.caseId),
    httpMethod: bounded(request.method, 16)!,
    path,
    operationName: bounded(info?.operationName),
    operationType: info?.operationType ?? null,
    documentHash: info?.documentHash ?? null,
    coordinatesReturned: summary?.returned ?? [],
    coordinatesMasked: summary?.masked ?? [],
    coordinatesDenied: summary?.denied ?? [],
    rowsPerResource: summary?.rowsPerResource ?? {},
    grantIds: summary?.grantIds ?? [],
    outcome: SIGN_IN_PATHS.has(path)
      ? status === 200 || status === 204
        ? 'ANSWERED'
        : status === 401
          ? 'UNAUTHENTICATED'
          : status === 429
            ? 'OVER_LIMIT'
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
 * fails, the response becomes a 503 with no data. `recordedBy` names a subgraph's records (`subgraph:<source>`).
 */
export function registerAuditHook(app: FastifyInstance, store: AuditStore, recordedBy?: string): void {
  app.addHook('onSend', async (request, reply, payload) => {
    const path = auditPath(request);
    if (!AUDITED_PATHS.has(path) || request.method === 'OPTIONS') return payload;
    try {
      const entry = entryOf(request, reply, path, payload, recordedBy);
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
