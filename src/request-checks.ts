/**
 * The checks a GraphQL request meets before any GraphQL work, as pure functions of what arrived (method, content
 * type, the JSON or query-string parameters, header values): the hub's server (src/server.ts) and the federation
 * gateway's front (src/gateway-front.ts) refuse the same requests in the same words.
 */
import { checkVariables, LimitCode, type GraphQLLimits } from './graphql-limits';

/** A refusal before GraphQL: the HTTP status, the error code and a message saying what to change. */
export interface Refusal {
  status: number;
  code: string;
  message: string;
  /** The limit that was crossed, when one was. */
  limit?: number;
}

/** What a client may send as X-Request-Id to correlate its own logs with the audit trail. */
export const CORRELATION_ID = /^[A-Za-z0-9._:/+=-]{1,128}$/;
// End user and case headers: bounded, and no control characters (they end up in logs and the audit trail).
const MAX_IDENTIFIER_CHARS = 200;
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;

/** A GraphQL-shaped error body with one error: what every refusal on /graphql answers. */
export function graphqlError(code: string, message: string, extra: Record<string, unknown> = {}) {
  return { errors: [{ message, extensions: { code, ...extra } }] };
}

/** The error body of a refusal. */
export function refusalBody(refusal: Refusal) {
  return graphqlError(
    refusal.code,
    refusal.message,
    refusal.limit === undefined ? {} : { limit: refusal.limit },
  );
}

/**
 * The checks on a GraphQL request that come before the GraphQL server reads it: a POST is JSON, one operation per
 * request (no batch arrays), a non-empty query within the length limit, and variables within their limits.
 * `body` is a POST's parsed JSON, `params` the parameters either way (a GET's from its query string). Null when
 * it passes.
 */
export function checkRequestShape(
  request: { method: string; contentType: string | undefined; body: unknown },
  params: Record<string, unknown> | null,
  limits: GraphQLLimits,
): Refusal | null {
  if (request.method === 'POST' && !/^application\/json\s*(;|$)/i.test(request.contentType ?? '')) {
    return {
      status: 415,
      code: 'UNSUPPORTED_MEDIA_TYPE',
      message:
        'POST the request as content-type: application/json: { "query": "...", "variables": { ... } }.',
    };
  }
  if (request.method === 'POST' && Array.isArray(request.body)) {
    return {
      status: 400,
      code: 'BATCHING_NOT_SUPPORTED',
      message: 'Send one operation per request: a JSON object { "query": ... }, not an array.',
    };
  }
  if (!params) {
    return {
      status: 400,
      code: 'BAD_REQUEST',
      message: 'Send a JSON object: { "query": "...", "variables": { ... } }.',
    };
  }
  const { query } = params;
  if (typeof query !== 'string' || !query.trim()) {
    return {
      status: 400,
      code: 'BAD_REQUEST',
      message: '"query" must be a non-empty string holding a GraphQL document.',
    };
  }
  if (query.length > limits.maxDocumentChars) {
    return {
      status: 400,
      code: LimitCode.DOCUMENT_TOO_LARGE,
      message: `The document is ${query.length} characters long; at most ${limits.maxDocumentChars} are allowed.`,
    };
  }
  let { variables } = params;
  if (typeof variables === 'string' && request.method === 'GET') {
    try {
      variables = JSON.parse(variables);
    } catch {
      return { status: 400, code: 'BAD_REQUEST', message: '"variables" in the query string must be JSON.' };
    }
  }
  if (variables != null && (typeof variables !== 'object' || Array.isArray(variables))) {
    return { status: 400, code: 'BAD_REQUEST', message: '"variables" must be a JSON object.' };
  }
  const refused = checkVariables(variables, limits);
  return refused ? { status: 400, ...refused } : null;
}

/**
 * An end-user or case header's value: percent-encoded UTF-8 for non-ASCII text (a Chinese name), at most 200
 * characters once decoded, no control characters. Throws a message for the client when it is not.
 */
export function identifierHeader(
  name: 'x-end-user' | 'x-case-id',
  value: string | string[] | undefined | null,
): string | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  if (!v) return undefined;
  // Checked before decoding too: percent-encoding makes a value at most 9 times longer than its text.
  if (v.length > MAX_IDENTIFIER_CHARS * 9) {
    throw new Error(`${name} is longer than ${MAX_IDENTIFIER_CHARS} characters.`);
  }
  let decoded = v;
  try {
    decoded = decodeURIComponent(v);
  } catch {
    // not percent-encoded: keep it as sent
  }
  if (decoded.length > MAX_IDENTIFIER_CHARS) {
    throw new Error(`${name} is longer than ${MAX_IDENTIFIER_CHARS} characters.`);
  }
  if (CONTROL_CHARACTER.test(decoded)) throw new Error(`${name} holds a control character.`);
  return decoded;
}
