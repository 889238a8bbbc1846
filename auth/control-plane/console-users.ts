/**
 * Console users as administrators manage them (issue 14): listed, created (with a password, stored only as a slow
 * hash), disabled (their tokens stop at the next request and their sessions end). Every change is logged.
 */
import { readPage, toConnection, type Connection, type PageArgs } from '../../connectors/shared/pagination';
import { badInput, notFound } from '../../connectors/shared/errors';
import { eq, keysetPage } from '../../connectors/shared/keyset';
import { ConsoleUserError, createConsoleUser, type ConsoleRole } from '../console-users';
import { requireText, type Actor, type ControlPlaneSession } from './shared';

/** A console user as the API shows it (never the password hash). */
export interface ConsoleUserRow {
  username: string;
  displayName: string;
  departmentCode: string | null;
  roles: ConsoleRole[];
  disabledAt: Date | null;
  lockedUntil: Date | null;
  lastSignInAt: Date | null;
  createdAt: Date;
}

const COLUMNS = `username, display_name AS "displayName", department_code AS "departmentCode", roles,
  disabled_at AS "disabledAt", CASE WHEN locked_until > now() THEN locked_until END AS "lockedUntil",
  last_sign_in_at AS "lastSignInAt", created_at AS "createdAt"`;

export class ConsoleUserService {
  constructor(private readonly db: ControlPlaneSession) {}

  /** Console users in username order, optionally of one department, a page at a time. */
  async consoleUsers(
    args: PageArgs & { departmentCode?: string | null },
  ): Promise<Connection<ConsoleUserRow>> {
    const page = readPage(args, ['s'], this.db.options.maxPageSize);
    const where: string[] = [];
    const bindings: unknown[] = [];
    eq(where, bindings, 'department_code', args.departmentCode);
    const q = keysetPage({
      columns: COLUMNS,
      from: 'console_user',
      where,
      bindings,
      orderBy: ['username'],
      page,
    });
    return toConnection(await this.db.rows<ConsoleUserRow>(q.sql, q.bindings), page, (u) => [u.username]);
  }

  /** The console user `username`, or null. */
  async consoleUser(username: string): Promise<ConsoleUserRow | null> {
    const [u] = await this.db.rows<ConsoleUserRow>(`SELECT ${COLUMNS} FROM console_user WHERE username = ?`, [
      username,
    ]);
    return u ?? null;
  }

  /** Creates a console user; bad input is a BAD_USER_INPUT naming the field. */
  async create(
    actor: Actor,
    input: {
      username: string;
      displayName: string;
      departmentCode?: string | null;
      roles: readonly ConsoleRole[];
      password: string;
      reason: string;
    },
  ): Promise<ConsoleUserRow> {
    const reason = requireText(input.reason, 'reason');
    try {
      await createConsoleUser(
        this.db.knex,
        { ...input, departmentCode: input.departmentCode ?? null },
        actor.name,
        reason,
      );
    } catch (error) {
      if (error instanceof ConsoleUserError) throw badInput(error.message, error.field);
      throw error;
    }
    return (await this.consoleUser(input.username))!;
  }

  /** Disables a console user and ends their open sessions; logged. */
  async disable(actor: Actor, username: string, reasonText: string): Promise<ConsoleUserRow> {
    const reason = requireText(reasonText, 'reason');
    const before = await this.consoleUser(username);
    if (!before) throw notFound(`No console user "${username}".`, 'username');
    if (before.disabledAt) throw badInput(`Console user "${username}" is already disabled.`, 'username');
    return this.db.change(actor, 'CONSOLE_USER_DISABLED', `console-user:${username}`, reason, async (trx) => {
      const result = await trx.raw(
        `UPDATE console_user SET disabled_at = now() WHERE username = ? RETURNING ${COLUMNS}`,
        [username],
      );
      await trx.raw(`UPDATE console_session SET ended_at = now() WHERE username = ? AND ended_at IS NULL`, [
        username,
      ]);
      return { result: result.rows[0] as ConsoleUserRow, before, after: result.rows[0] };
    });
  }
}
