/**
 * The signed-in person's session, in this page's memory only.
 *
 * The access token (minutes) is never written to storage: a script injected into the page could read storage, and
 * the CSP makes injection hard but not impossible. What survives a reload is the session cookie, which is HttpOnly
 * (no script can read it) and sent only to /console/api/session; `restore()` trades it for a new access token.
 */

export type ConsoleRole = 'ADMIN' | 'AUDITOR' | 'DEPARTMENT_STAFF' | 'REVIEWER' | 'DASHBOARD';

export interface Person {
  username: string;
  displayName: string;
  departmentCode: string | null;
  roles: ConsoleRole[];
}

interface Grant {
  accessToken: string;
  expiresIn: number;
  person: Person;
}

/** A refused sign-in: `code` is the hub's (INVALID_CREDENTIALS, LOCKED, BUSY, BAD_REQUEST, NETWORK). */
export class SignInFailed extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

const SESSION_URL = '/console/api/session';
// Refresh this long before the token expires, so a request never carries one that lapses in flight.
const REFRESH_MARGIN_MS = 30_000;

let current: { token: string; person: Person; expiresAt: number } | null = null;
let refreshTimer: ReturnType<typeof setTimeout> | undefined;
let refreshing: Promise<Person | null> | null = null;
// Bumped by every sign-in and sign-out: a refresh that was in flight across one must not undo it.
let generation = 0;
const listeners = new Set<(person: Person | null) => void>();

function accept(grant: Grant): Person {
  current = {
    token: grant.accessToken,
    person: grant.person,
    expiresAt: Date.now() + grant.expiresIn * 1000,
  };
  clearTimeout(refreshTimer);
  refreshTimer = setTimeout(
    () => void restore(),
    Math.max(5_000, grant.expiresIn * 1000 - REFRESH_MARGIN_MS),
  );
  for (const listener of listeners) listener(grant.person);
  return grant.person;
}

function forget(): void {
  generation++;
  current = null;
  clearTimeout(refreshTimer);
  for (const listener of listeners) listener(null);
}

/** Calls `listener` whenever the person changes (signed in, refreshed, signed out); returns the unsubscribe. */
export function onSessionChange(listener: (person: Person | null) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The person signed in now, or null. */
export function currentPerson(): Person | null {
  return current?.person ?? null;
}

/** Signs in; throws SignInFailed with the hub's code and message when refused. */
export async function signIn(username: string, password: string): Promise<Person> {
  let response: Response;
  try {
    response = await fetch(SESSION_URL, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
  } catch {
    throw new SignInFailed('NETWORK', 'The hub cannot be reached.');
  }
  const body = (await response.json().catch(() => ({}))) as Partial<Grant> & {
    error?: string;
    message?: string;
    error_description?: string;
  };
  if (!response.ok) {
    const retryAfter = Number(response.headers.get('retry-after')) || undefined;
    throw new SignInFailed(
      body.error ?? `HTTP_${response.status}`,
      body.message ?? body.error_description ?? '',
      retryAfter,
    );
  }
  generation++;
  return accept(body as Grant);
}

/**
 * Trades the session cookie for a new access token. Resolves to the person, or null when there is no session
 * (never signed in, signed out, expired, or the person was disabled). Concurrent callers share one request.
 */
export function restore(): Promise<Person | null> {
  refreshing ??= (async () => {
    const started = generation;
    try {
      const response = await fetch(`${SESSION_URL}/refresh`, {
        method: 'POST',
        headers: { 'x-console-request': '1' },
      });
      // Signed in or out meanwhile: that decision stands.
      if (started !== generation) return current?.person ?? null;
      if (!response.ok) {
        forget();
        return null;
      }
      const grant = (await response.json()) as Grant;
      if (started !== generation) return current?.person ?? null;
      return accept(grant);
    } catch {
      // The hub is unreachable: keep what we have; the next request will tell.
      return current?.person ?? null;
    } finally {
      refreshing = null;
    }
  })();
  return refreshing;
}

/** Ends the session on the hub (the cookie is cleared) and forgets the token. */
export async function signOut(): Promise<void> {
  try {
    await fetch(SESSION_URL, { method: 'DELETE', headers: { 'x-console-request': '1' } });
  } finally {
    forget();
  }
}

/** The current access token, refreshed first when it is about to lapse; null when signed out. */
export async function accessToken(): Promise<string | null> {
  if (current && current.expiresAt - Date.now() > REFRESH_MARGIN_MS / 2) return current.token;
  await restore();
  return current?.token ?? null;
}
