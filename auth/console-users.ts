/**
 * Console users (控制台用户): the people who sign in to the web console and act through its own client. This
 * module creates them and checks their sign-ins, with a lockout that grows with failures: after FREE_FAILURES
 * wrong passwords in a row, the account waits 1 minute, then 2, 4... up to MAX_LOCK_MINUTES, before a password is
 * even checked. A correct password ends the count.
 */
import type { Knex } from '@mikro-orm/postgresql';
import { appendChange } from '../audit/change-log';
import { CLIENT_ID_PATTERN, CONSOLE_ROLES, type ConsoleRole } from './catalogue';

export { CONSOLE_ROLES, type ConsoleRole };
import { DIRECTORY_CHANNEL } from './directory-state';
import { hashPassword, passwordProblem, type PasswordChecker } from './passwords';

/** Roles that act for a department, and so need one. */
const DEPARTMENT_ROLES: readonly ConsoleRole[] = ['DEPARTMENT_STAFF', 'REVIEWER', 'DASHBOARD'];

/** Wrong passwords in a row before the account starts to wait. */
export const FREE_FAILURES = 5;
/** Longest wait after repeated failures, minutes. */
export const MAX_LOCK_MINUTES = 60;

export interface ConsoleUserInput {
  username: string;
  displayName: string;
  departmentCode: string | null;
  roles: readonly ConsoleRole[];
  password: string;
}

/** A console user as a sign-in returns it (never the password hash). */
export interface ConsolePerson {
  username: string;
  displayName: string;
  departmentCode: string | null;
  roles: ConsoleRole[];
}

/** A refused input, saying which and why. */
export class ConsoleUserError extends Error {
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message);
  }
}

/** A refused sign-in: wrong credentials (one message for all), locked (with the wait), or busy. */
export class SignInError extends Error {
  constructor(
    readonly reason: 'INVALID' | 'LOCKED' | 'BUSY',
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

/** Checks the input of a new console user; throws ConsoleUserError naming the field. */
function validate(input: ConsoleUserInput): void {
  if (!CLIENT_ID_PATTERN.test(input.username)) {
    throw new ConsoleUserError(
      'A username is 3 to 64 characters: lower-case letters, digits, ".", "_" or "-", starting with a letter or digit.',
      'username',
    );
  }
  const name = input.displayName.trim();
  if (!name || name.length > 100)
    throw new ConsoleUserError('A display name has 1 to 100 characters.', 'displayName');
  if (!input.roles.length || input.roles.some((r) => !CONSOLE_ROLES.includes(r))) {
    throw new ConsoleUserError(`Roles are one or more of ${CONSOLE_ROLES.join(', ')}.`, 'roles');
  }
  const forDepartment = input.roles.some((r) => DEPARTMENT_ROLES.includes(r));
  if (forDepartment && !input.departmentCode) {
    throw new ConsoleUserError(
      `${DEPARTMENT_ROLES.join(', ')} act for a department: name it.`,
      'departmentCode',
    );
  }
  const problem = passwordProblem(input.password);
  if (problem) throw new ConsoleUserError(problem, 'password');
}

/**
 * Creates a console user with a slow hash of its password, and logs the creation (actor `createdBy`, no password)
 * in the directory's change log. Throws ConsoleUserError for bad input or a username already taken.
 */
export async function createConsoleUser(
  knex: Knex,
  input: ConsoleUserInput,
  createdBy: string,
  reason: string,
): Promise<ConsolePerson> {
  validate(input);
  const hash = await hashPassword(input.password);
  const person: ConsolePerson = {
    username: input.username,
    displayName: input.displayName.trim(),
    departmentCode: input.departmentCode,
    roles: [...new Set(input.roles)],
  };
  return knex.transaction(async (trx) => {
    const inserted = await trx.raw(
      `INSERT INTO console_user (username, display_name, department_code, roles, password_hash, created_by)
       VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (username) DO NOTHING RETURNING username`,
      [person.username, person.displayName, person.departmentCode, person.roles, hash, createdBy],
    );
    if (!inserted.rows.length)
      throw new ConsoleUserError(`The username ${person.username} is taken.`, 'username');
    // Every hub process reloads its directory, so the new person can act at once.
    await trx.raw('SELECT pg_notify(?, ?)', [DIRECTORY_CHANNEL, 'console user']);
    await appendChange(trx, {
      actor: createdBy,
      action: 'CONSOLE_USER_CREATED',
      subject: `console-user:${person.username}`,
      reason,
      oldValue: null,
      newValue: person,
    });
    return person;
  });
}

/** Seconds the account waits after `failures` wrong passwords in a row (0 below FREE_FAILURES). */
export function lockSeconds(failures: number): number {
  if (failures < FREE_FAILURES) return 0;
  return 60 * Math.min(MAX_LOCK_MINUTES, 2 ** (failures - FREE_FAILURES));
}

/**
 * Checks a sign-in. A locked account is refused before its password is checked (LOCKED, with the seconds left);
 * an unknown user, a wrong password and a disabled account all get the same INVALID answer, in the same time.
 * A wrong password counts towards the lockout; a right one resets the count and records the sign-in.
 */
export async function checkSignIn(
  knex: Knex,
  passwords: PasswordChecker,
  username: string,
  password: string,
): Promise<ConsolePerson> {
  const known = CLIENT_ID_PATTERN.test(username);
  const rows = known
    ? (
        await knex.raw(
          `SELECT username, display_name AS "displayName", department_code AS "departmentCode", roles,
                  password_hash AS "passwordHash", failed_attempts AS "failedAttempts",
                  greatest(0, ceil(extract(epoch FROM locked_until - now())))::int AS "lockedFor",
                  disabled_at IS NOT NULL AS disabled
           FROM console_user WHERE username = ?`,
          [username],
        )
      ).rows
    : [];
  const user = rows[0] as
    | (ConsolePerson & { passwordHash: string; failedAttempts: number; lockedFor: number; disabled: boolean })
    | undefined;
  if (user && user.lockedFor > 0) {
    throw new SignInError(
      'LOCKED',
      `Too many wrong passwords: this account waits ${user.lockedFor} s before the next try.`,
      user.lockedFor,
    );
  }
  const { valid, busy } = await passwords.verify(password, user?.passwordHash ?? null);
  if (busy) throw new SignInError('BUSY', 'Sign-in is busy; try again in a second.', 1);
  if (!user || !valid || user.disabled) {
    if (user && !valid) {
      // One statement: concurrent failures each count, and the lock follows the new count.
      await knex.raw(
        `UPDATE console_user SET failed_attempts = failed_attempts + 1,
           locked_until = CASE WHEN failed_attempts + 1 >= ? THEN now() + make_interval(secs =>
             60 * least(?, power(2, failed_attempts + 1 - ?))) ELSE locked_until END
         WHERE username = ?`,
        [FREE_FAILURES, MAX_LOCK_MINUTES, FREE_FAILURES, username],
      );
    }
    throw new SignInError('INVALID', 'Wrong username or password, or the account is disabled.');
  }
  await knex.raw(
    `UPDATE console_user SET failed_attempts = 0, locked_until = NULL, last_sign_in_at = now() WHERE username = ?`,
    [username],
  );
  return {
    username: user.username,
    displayName: user.displayName,
    departmentCode: user.departmentCode,
    roles: user.roles,
  };
}
