/**
 * The console's sign-in endpoints (issue 14), beside the OAuth token endpoint:
 *
 *   POST   /console/api/session           {username, password} -> {accessToken, expiresIn, person} + session cookie
 *   POST   /console/api/session/refresh   (cookie)             -> {accessToken, expiresIn, person}
 *   DELETE /console/api/session           (cookie)             -> 204, the session ended, the cookie cleared
 *
 * The session cookie is HttpOnly (no script reads it), SameSite=Strict (no other site's page sends it) and scoped to
 * this path; refresh and sign-out also need the header `X-Console-Request: 1`, which a cross-site form cannot set.
 * The access token lives in the console's memory only.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { HubConfig } from './config';
import { personCaller, SessionError, type ConsoleSessions } from '../auth/console-sessions';
import { SignInError } from '../auth/console-users';
import { PASSWORD_LENGTH } from '../auth/passwords';

export const CONSOLE_SESSION_PATH = '/console/api/session';
const COOKIE = 'hub_console_session';
/** Session tokens are 43 characters (256 bits, base64url); anything else is not one. */
const SESSION_TOKEN = /^[A-Za-z0-9_-]{43}$/;

/** The session token from the request's cookie, if it carries a well-formed one. */
function sessionToken(request: FastifyRequest): string | null {
  const header = request.headers.cookie;
  if (!header || header.length > 4096) return null;
  for (const part of header.split(';')) {
    const [name, value] = part.trim().split('=', 2);
    if (name === COOKIE && value && SESSION_TOKEN.test(value)) return value;
  }
  return null;
}

function setCookie(reply: FastifyReply, value: string, maxAge: number): void {
  reply.header(
    'set-cookie',
    `${COOKIE}=${value}; Path=${CONSOLE_SESSION_PATH}; HttpOnly; SameSite=Strict; Max-Age=${maxAge}`,
  );
}

function refuse(reply: FastifyReply, status: number, code: string, message: string, retryAfter?: number) {
  if (retryAfter) reply.header('retry-after', String(retryAfter));
  return reply.code(status).send({ error: code, message });
}

/** Registers the three routes on `app`, rate-limited per address like the token endpoint. */
export function registerConsoleSessionRoutes(
  app: FastifyInstance,
  sessions: ConsoleSessions,
  config: Pick<HubConfig, 'tokenRateLimitPerMinute' | 'consoleSessionSeconds'>,
): void {
  const limited = { config: { rateLimit: { max: config.tokenRateLimitPerMinute, timeWindow: 60_000 } } };
  const fromConsole = (request: FastifyRequest) => request.headers['x-console-request'] === '1';

  app.post(CONSOLE_SESSION_PATH, limited, async (request, reply) => {
    reply.header('cache-control', 'no-store');
    const body = (request.body ?? {}) as Record<string, unknown>;
    const { username, password } = body;
    if (
      typeof username !== 'string' ||
      typeof password !== 'string' ||
      username.length > 64 ||
      password.length > PASSWORD_LENGTH.max * 4
    ) {
      return refuse(reply, 400, 'BAD_REQUEST', 'Send {"username": "...", "password": "..."} as JSON.');
    }
    try {
      const signedIn = await sessions.signIn(username, password);
      request.caller = personCaller(signedIn.person);
      setCookie(reply, signedIn.sessionToken, config.consoleSessionSeconds);
      return { accessToken: signedIn.accessToken, expiresIn: signedIn.expiresIn, person: signedIn.person };
    } catch (error) {
      if (!(error instanceof SignInError)) throw error;
      if (error.reason === 'INVALID') return refuse(reply, 401, 'INVALID_CREDENTIALS', error.message);
      return refuse(
        reply,
        429,
        error.reason === 'LOCKED' ? 'LOCKED' : 'BUSY',
        error.message,
        error.retryAfterSeconds,
      );
    }
  });

  app.post(`${CONSOLE_SESSION_PATH}/refresh`, limited, async (request, reply) => {
    reply.header('cache-control', 'no-store');
    if (!fromConsole(request))
      return refuse(reply, 403, 'FORBIDDEN', 'Send the header X-Console-Request: 1.');
    const token = sessionToken(request);
    if (!token) return refuse(reply, 401, 'NO_SESSION', 'No console session: sign in.');
    try {
      const refreshed = await sessions.refresh(token);
      request.caller = personCaller(refreshed.person);
      return refreshed;
    } catch (error) {
      if (!(error instanceof SessionError)) throw error;
      setCookie(reply, '', 0);
      return refuse(reply, 401, 'NO_SESSION', error.message);
    }
  });

  app.delete(CONSOLE_SESSION_PATH, limited, async (request, reply) => {
    if (!fromConsole(request))
      return refuse(reply, 403, 'FORBIDDEN', 'Send the header X-Console-Request: 1.');
    const token = sessionToken(request);
    if (token) await sessions.signOut(token);
    setCookie(reply, '', 0);
    return reply.code(204).send();
  });
}
