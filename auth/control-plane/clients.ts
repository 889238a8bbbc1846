/**
 * The client registry: the apps that may call the hub, their registration, disabling and quotas.
 */
import { CLIENT_ID_PATTERN } from '../catalogue';
import { readPage, toConnection, type Connection, type PageArgs } from '../../connectors/shared/pagination';
import { badInput, notFound } from '../../connectors/shared/errors';
import { eq, keysetPage } from '../../connectors/shared/keyset';
import { CLIENT_COLUMNS, requireText, type Actor, type ClientRow, type ControlPlaneSession } from './shared';

/** The longest client search text, characters. */
const MAX_SEARCH = 64;

export class ClientService {
  constructor(private readonly db: ControlPlaneSession) {}

  /**
   * Clients in client id order, a page at a time: optionally of one department, active or disabled only, and
   * whose id or name contains `search` (any case; 1-64 characters, served by a trigram index).
   */
  async clients(
    args: PageArgs & {
      departmentCode?: string | null;
      status?: 'ACTIVE' | 'DISABLED' | null;
      search?: string | null;
    },
  ): Promise<Connection<ClientRow>> {
    const page = readPage(args, ['s'], this.db.options.maxPageSize);
    const where: string[] = [];
    const bindings: unknown[] = [];
    eq(where, bindings, 'department_code', args.departmentCode);
    if (args.status) where.push(args.status === 'ACTIVE' ? 'disabled_at IS NULL' : 'disabled_at IS NOT NULL');
    const search = args.search?.trim();
    if (search) {
      if (search.length > MAX_SEARCH)
        throw badInput(`"search" is at most ${MAX_SEARCH} characters.`, 'search');
      // Matches the index's expression exactly, with LIKE's own wildcards taken literally.
      where.push(`lower(client_id || ' ' || name) LIKE ? ESCAPE '\\'`);
      bindings.push(`%${search.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    }
    const q = keysetPage({
      columns: CLIENT_COLUMNS,
      from: 'client',
      where,
      bindings,
      orderBy: ['client_id'],
      page,
    });
    const list = await this.db.rows<ClientRow>(q.sql, q.bindings);
    return toConnection(list, page, (c) => [c.clientId]);
  }

  /** The client `clientId`, or null if there is none. */
  async client(clientId: string): Promise<ClientRow | null> {
    const [c] = await this.db.rows<ClientRow>(`SELECT ${CLIENT_COLUMNS} FROM client WHERE client_id = ?`, [
      clientId,
    ]);
    return c ?? null;
  }

  /** Registers a client with the given secret hash (the caller generates and shows the secret). */
  async registerClient(
    actor: Actor,
    input: {
      clientId: string;
      name: string;
      role: ClientRow['role'];
      departmentCode?: string | null;
      reason: string;
    },
    secretHash: string,
  ): Promise<ClientRow> {
    const reason = requireText(input.reason, 'reason');
    if (!CLIENT_ID_PATTERN.test(input.clientId)) {
      throw badInput(
        '"clientId" must be 3-64 lower-case letters, digits, ".", "_" or "-", starting with a letter or digit.',
        'clientId',
      );
    }
    if ((input.role === 'DEPARTMENT') !== Boolean(input.departmentCode)) {
      throw badInput(
        'A DEPARTMENT client needs "departmentCode"; ADMIN and AUDITOR clients must not have one.',
        'departmentCode',
      );
    }
    if (input.departmentCode) {
      const [d] = await this.db.rows(`SELECT 1 FROM department WHERE code = ?`, [input.departmentCode]);
      if (!d) throw notFound(`Unknown department code "${input.departmentCode}".`, 'departmentCode');
    }
    if (await this.client(input.clientId))
      throw badInput(`A client "${input.clientId}" already exists.`, 'clientId');
    return this.db.change(actor, 'CLIENT_REGISTERED', `client:${input.clientId}`, reason, async (trx) => {
      const result = await trx.raw(
        `INSERT INTO client (client_id, name, role, department_code, secret_hash, created_by) VALUES (?, ?, ?, ?, ?, ?) RETURNING ${CLIENT_COLUMNS}`,
        [
          input.clientId,
          requireText(input.name, 'name'),
          input.role,
          input.departmentCode ?? null,
          secretHash,
          actor.name,
        ],
      );
      const client = result.rows[0] as ClientRow;
      return { result: client, before: null, after: client };
    });
  }

  /** Disables a client (never the one calling), recording the reason; a disabled client stays listed. */
  async disableClient(actor: Actor, clientId: string, reasonText: string): Promise<ClientRow> {
    const reason = requireText(reasonText, 'reason');
    const before = await this.client(clientId);
    if (!before) throw notFound(`No client "${clientId}".`, 'clientId');
    if (before.disabledAt) throw badInput(`Client "${clientId}" is already disabled.`, 'clientId');
    if (clientId === actor.clientId)
      throw badInput('You cannot disable the client you are calling with.', 'clientId');
    return this.db.change(actor, 'CLIENT_DISABLED', `client:${clientId}`, reason, async (trx) => {
      const result = await trx.raw(
        `UPDATE client SET disabled_at = now(), disabled_reason = ? WHERE client_id = ? RETURNING ${CLIENT_COLUMNS}`,
        [reason, clientId],
      );
      return { result: result.rows[0] as ClientRow, before, after: result.rows[0] };
    });
  }

  /**
   * Sets a client's GraphQL quota (null: the hub's configured default), logged in the change log; every hub
   * process applies it from its next request.
   */
  async setClientQuota(
    actor: Actor,
    input: {
      clientId: string;
      requestsPerMinute?: number | null;
      maxConcurrentRequests?: number | null;
      reason: string;
    },
  ): Promise<ClientRow> {
    const reason = requireText(input.reason, 'reason');
    const perMinute = input.requestsPerMinute ?? null;
    const concurrent = input.maxConcurrentRequests ?? null;
    if (perMinute !== null && (perMinute < 1 || perMinute > 1_000_000))
      throw badInput(
        '"requestsPerMinute" must be from 1 to 1,000,000, or null for the default.',
        'requestsPerMinute',
      );
    if (concurrent !== null && (concurrent < 1 || concurrent > 10_000))
      throw badInput(
        '"maxConcurrentRequests" must be from 1 to 10,000, or null for the default.',
        'maxConcurrentRequests',
      );
    const before = await this.client(input.clientId);
    if (!before) throw notFound(`No client "${input.clientId}".`, 'clientId');
    return this.db.change(actor, 'CLIENT_QUOTA_SET', `client:${input.clientId}`, reason, async (trx) => {
      const result = await trx.raw(
        `UPDATE client SET rate_limit_per_minute = ?, max_concurrent_requests = ? WHERE client_id = ? RETURNING ${CLIENT_COLUMNS}`,
        [perMinute, concurrent, input.clientId],
      );
      return { result: result.rows[0] as ClientRow, before, after: result.rows[0] };
    });
  }
}
