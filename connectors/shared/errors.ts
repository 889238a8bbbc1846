/**
 * Errors a connector raises, already shaped for GraphQL clients: a code in `extensions`, a message that says what
 * to change, never SQL text or a stack trace.
 */
import { GraphQLError } from 'graphql';

/** Error codes the hub puts in `extensions.code`, besides the pipeline's own (GRAPHQL_PARSE_FAILED, ...). */
export const ErrorCode = {
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  NOT_FOUND: 'NOT_FOUND',
  SOURCE_UNAVAILABLE: 'SOURCE_UNAVAILABLE',
  QUERY_TIMEOUT: 'QUERY_TIMEOUT',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;

/** A wrong argument value: `argument` names it so clients can point at the field in their form. */
export function badInput(message: string, argument?: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.BAD_USER_INPUT, argument } });
}

/** An action the caller's role allows in general but not on this object (reviewing another provider's request). */
export function forbiddenAction(message: string, coordinate: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'FORBIDDEN', coordinate } });
}

/** A key that names nothing, e.g. an unknown district code given as a filter. */
export function notFound(message: string, argument?: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.NOT_FOUND, argument } });
}

/** The source's database cannot be reached: its fields fail, other sources still answer. */
export function sourceUnavailable(source: string): GraphQLError {
  return new GraphQLError(
    `The ${source} source is unavailable right now; fields from it could not be read. Other sources are unaffected. Retry later.`,
    { extensions: { code: ErrorCode.SOURCE_UNAVAILABLE, source } },
  );
}

/** A statement ran past the database's statement timeout and was cancelled. */
export function queryTimeout(source: string, timeoutMs: number): GraphQLError {
  return new GraphQLError(
    `The ${source} source cancelled this field's query after ${timeoutMs / 1000} s. Narrow it (filters, a shorter period, smaller pages) or ask in parts.`,
    { extensions: { code: ErrorCode.QUERY_TIMEOUT, source } },
  );
}

/** True when PostgreSQL cancelled the statement because of statement_timeout (SQLSTATE 57014). */
export function isTimeoutError(error: unknown): boolean {
  return Boolean(error && typeof error === 'object' && (error as { code?: unknown }).code === '57014');
}

// Connection-level failures: node errno codes, PostgreSQL SQLSTATE classes 08 (connection exception),
// 53 (insufficient resources, e.g. too many connections), 57P01-57P03 (shutdown / cannot connect now),
// 3D000 (database missing), 28xxx (credentials), and pool timeouts.
const UNAVAILABLE_ERRNO = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'EPIPE',
]);

/** The innermost `cause` of an error chain (a MigrationError wraps the driver's error, for one). */
export function rootCause(error: unknown): unknown {
  let current = error;
  for (let depth = 0; depth < 10; depth++) {
    const cause = (current as { cause?: unknown } | null)?.cause;
    if (cause === undefined || cause === null) return current;
    current = cause;
  }
  return current;
}

/** True when `error` means "the database cannot be reached" rather than "this statement is wrong". */
export function isUnavailableError(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false;
  const e = error as { code?: unknown; name?: unknown; message?: unknown; severity?: unknown };
  const code = typeof e.code === 'string' ? e.code : '';
  if (UNAVAILABLE_ERRNO.has(code)) return true;
  if (/^(08|28|53|57P0[1-3]|3D000)/.test(code)) return true;
  // FATAL ends the session: the server refused the connection (database not accepting connections, 55000) or
  // dropped it. Either way the statement was never run, and the source is unavailable rather than the query wrong.
  if (e.severity === 'FATAL' || e.severity === 'PANIC') return true;
  if (e.name === 'KnexTimeoutError') return true;
  const message = typeof e.message === 'string' ? e.message : '';
  return /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error/i.test(
    message,
  );
}
