/**
 * Console sessions (issue 14): a person signs in with username and password and gets a short-lived access token
 * of the console's own client naming them (claim `person`), plus a session whose refresh token travels only in an
 * HttpOnly, SameSite=Strict cookie; the browser never holds a long-lived credential in script reach. Each refresh
 * re-reads the person's state; signing out ends the session in the directory, so its cookie is worthless.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Knex } from '@mikro-orm/postgresql';
import type { SigningKeys } from './keys';
import type { ClientSecrets } from './secrets';
import type { PasswordChecker } from './passwords';
import { checkSignIn, type ConsolePerson, type ConsoleRole } from './console-users';
import type { ConsolePersonRecord } from './directory-state';
import type { Role } from './catalogue';
import type { Caller } from './policy';

/** The console's own client: every console token is issued to it, naming the person it acts for. */
export const CONSOLE_CLIENT_ID = 'hub-console';

export interface ConsoleSessionOptions {
  issuer: string;
  audience: string;
  tokenTtlSeconds: number;
  /** How long a session lasts without a new sign-in. */
  sessionSeconds: number;
}

export interface SignedIn {
  /** The refresh token: for the HttpOnly cookie only, never the response body. */
  sessionToken: string;
  accessToken: string;
  expiresIn: number;
  person: ConsolePerson;
}

/** A refresh or sign-out whose session is unknown, ended or expired. */
export class SessionError extends Error {}

const hashOf = (token: string) => createHash('sha256').update(token).digest('base64url');

/** The role a person acts in towards the API: the broadest they hold. */
export function actingRole(roles: readonly string[]): Role {
  if (roles.includes('ADMIN')) return 'ADMIN';
  if (roles.includes('AUDITOR')) return 'AUDITOR';
  return 'DEPARTMENT';
}

/**
 * The caller a console person is: the console's client, in the person's broadest role, for their department when
 * that role is a department's, with the person as end user (signed into the token, never taken from a header).
 */
export function personCaller(
  person: { username: string; roles: readonly ConsoleRole[]; departmentCode: string | null },
  caseId?: string,
): Caller {
  const role = actingRole(person.roles);
  return {
    clientId: CONSOLE_CLIENT_ID,
    role,
    departmentCode: role === 'DEPARTMENT' ? person.departmentCode : null,
    endUser: person.username,
    caseId,
    personRoles: person.roles,
  };
}

/** True when a person may act now (known, not disabled, with a department if their roles need one). */
export function mayAct(person: ConsolePersonRecord | undefined): person is ConsolePersonRecord {
  return (
    !!person && !person.disabled && (actingRole(person.roles) !== 'DEPARTMENT' || !!person.departmentCode)
  );
}

export class ConsoleSessions {
  constructor(
    private readonly knex: Knex,
    private readonly keys: SigningKeys,
    private readonly passwords: PasswordChecker,
    private readonly options: ConsoleSessionOptions,
  ) {}

  /**
   * Registers the console's client if the directory lacks it, with a random secret nobody is told: no one can get
   * a client-credentials token for it, only console tokens naming a person.
   */
  static async ensureClient(knex: Knex, secrets: ClientSecrets): Promise<void> {
    await knex.raw(
      `INSERT INTO client (client_id, name, role, department_code, secret_hash, created_by)
       VALUES (?, '控制台', 'AUDITOR', NULL, ?, 'hub-start') ON CONFLICT (client_id) DO NOTHING`,
      [CONSOLE_CLIENT_ID, secrets.hash(randomBytes(32).toString('base64url'))],
    );
  }

  /** Checks the password (see checkSignIn: lockout, one answer for every refusal) and opens a session. */
  async signIn(username: string, password: string): Promise<SignedIn> {
    const person = await checkSignIn(this.knex, this.passwords, username, password);
    const sessionToken = randomBytes(32).toString('base64url');
    await this.knex.raw(
      `INSERT INTO console_session (token_hash, username, expires_at) VALUES (?, ?, now() + make_interval(secs => ?))`,
      [hashOf(sessionToken), person.username, this.options.sessionSeconds],
    );
    return { sessionToken, person, ...(await this.accessToken(person.username)) };
  }

  /** A fresh access token for an open session of a person who may still act; SessionError otherwise. */
  async refresh(sessionToken: string): Promise<Omit<SignedIn, 'sessionToken'>> {
    const [row] = (
      await this.knex.raw(
        `SELECT u.username, u.display_name AS "displayName", u.department_code AS "departmentCode", u.roles
         FROM console_session s JOIN console_user u ON u.username = s.username
         WHERE s.token_hash = ? AND s.ended_at IS NULL AND s.expires_at > now() AND u.disabled_at IS NULL`,
        [hashOf(sessionToken)],
      )
    ).rows as (ConsolePerson & { roles: ConsoleRole[] })[];
    if (!row) throw new SessionError('The console session has ended or expired; sign in again.');
    return { person: row, ...(await this.accessToken(row.username)) };
  }

  /** Ends the session (whether or not it was still open). */
  async signOut(sessionToken: string): Promise<void> {
    await this.knex.raw(
      `UPDATE console_session SET ended_at = now() WHERE token_hash = ? AND ended_at IS NULL`,
      [hashOf(sessionToken)],
    );
  }

  private async accessToken(username: string): Promise<{ accessToken: string; expiresIn: number }> {
    const accessToken = await this.keys.sign(
      { person: username },
      { issuer: this.options.issuer, audience: this.options.audience, subject: CONSOLE_CLIENT_ID },
    );
    return { accessToken, expiresIn: this.options.tokenTtlSeconds };
  }
}
