/**
 * Grants (授权): which department (or one of its apps) may read which CONDITIONAL items of a resource, for what
 * purpose, in which districts and until when; made by administrators or from approved sharing requests.
 */
import type { Knex } from '@mikro-orm/postgresql';
import { readPage, toConnection, type Connection, type PageArgs } from '../../connectors/shared/pagination';
import { badInput, forbiddenAction, notFound } from '../../connectors/shared/errors';
import { eq, keysetPage } from '../../connectors/shared/keyset';
import { appendChange } from '../../audit/change-log';
import type { CatalogueService } from './catalogue';
import type { ClientService } from './clients';
import {
  GRANT_COLUMNS,
  grantColumns,
  parseTime,
  requireText,
  type Actor,
  type ControlPlaneSession,
  type GrantRow,
} from './shared';

export class GrantService {
  constructor(
    private readonly db: ControlPlaneSession,
    private readonly catalogue: CatalogueService,
    private readonly clients: ClientService,
  ) {}

  /** Grants in id order, newest last. `visibleTo` limits a department to grants it consumes or provides. */
  async grants(
    args: PageArgs & {
      consumerDepartmentCode?: string | null;
      resourceCode?: string | null;
      activeOnly?: boolean | null;
    },
    visibleTo: string | null,
  ): Promise<Connection<GrantRow>> {
    const page = readPage(args, ['n'], this.db.options.maxPageSize);
    const where: string[] = [];
    const bindings: unknown[] = [];
    if (visibleTo) {
      where.push('(g.consumer_department_code = ? OR r.provider_department_code = ?)');
      bindings.push(visibleTo, visibleTo);
    }
    eq(where, bindings, 'g.consumer_department_code', args.consumerDepartmentCode);
    eq(where, bindings, 'g.resource_code', args.resourceCode);
    if (args.activeOnly !== false)
      where.push(
        'g.ended_at IS NULL AND (g.valid_until IS NULL OR g.valid_until > now()) AND g.valid_from <= now()',
      );
    const q = keysetPage({
      columns: grantColumns('g'),
      from: 'access_grant g JOIN resource r ON r.code = g.resource_code',
      where,
      bindings,
      orderBy: ['g.id'],
      page,
    });
    const list = await this.db.rows<GrantRow>(q.sql, q.bindings);
    return toConnection(list, page, (g) => [g.id]);
  }

  /** The latest grant made from sharing request `requestId`, or null if none was. */
  async grantOfRequest(requestId: number): Promise<GrantRow | null> {
    const [g] = await this.db.rows<GrantRow>(
      `SELECT ${GRANT_COLUMNS} FROM access_grant WHERE request_id = ? ORDER BY id DESC LIMIT 1`,
      [requestId],
    );
    return g ?? null;
  }

  /**
   * Grants a department (or one of its apps) CONDITIONAL items of a resource. With `trxIn` (an approved sharing
   * request) the grant joins that transaction and its change log entry, which notifies the hub; otherwise it is
   * a change of its own.
   */
  async createGrant(
    actor: Actor,
    input: {
      consumerDepartmentCode: string;
      consumerClientId?: string | null;
      resourceCode: string;
      items: readonly string[];
      purpose: string;
      districtScope?: readonly string[] | null;
      clearSensitive?: boolean | null;
      validFrom?: string | null;
      validUntil?: string | null;
      reason: string;
      requestId?: number | null;
    },
    trxIn?: Knex.Transaction,
  ): Promise<GrantRow> {
    const reason = requireText(input.reason, 'reason');
    const purpose = requireText(input.purpose, 'purpose');
    const res = await this.catalogue.resource(input.resourceCode);
    const items = await this.catalogue.conditionalItems(res.code, input.items);
    const scope = await this.catalogue.checkScope(res, input.districtScope);
    const [dept] = await this.db.rows(`SELECT 1 FROM department WHERE code = ?`, [
      input.consumerDepartmentCode,
    ]);
    if (!dept)
      throw notFound(`Unknown department code "${input.consumerDepartmentCode}".`, 'consumerDepartmentCode');
    if (input.consumerDepartmentCode === res.providerDepartmentCode) {
      throw badInput(
        'The provider department reads its own resources without a grant.',
        'consumerDepartmentCode',
      );
    }
    if (input.consumerClientId) {
      const c = await this.clients.client(input.consumerClientId);
      if (!c || c.departmentCode !== input.consumerDepartmentCode) {
        throw badInput(
          `Client "${input.consumerClientId}" is not an app of department ${input.consumerDepartmentCode}.`,
          'consumerClientId',
        );
      }
    }
    const validFrom = parseTime(input.validFrom, 'validFrom') ?? new Date();
    const validUntil = parseTime(input.validUntil, 'validUntil');
    if (validUntil && validUntil <= validFrom)
      throw badInput('"validUntil" must be after "validFrom".', 'validUntil');
    const insert = async (trx: Knex.Transaction) => {
      const result = await trx.raw(
        `INSERT INTO access_grant (consumer_department_code, consumer_client_id, resource_code, items, purpose, district_scope,
           clear_sensitive, valid_from, valid_until, request_id, created_by)
         VALUES (?, ?, ?, ?::text[], ?, ?::text[], ?, ?, ?, ?, ?) RETURNING ${GRANT_COLUMNS}`,
        [
          input.consumerDepartmentCode,
          input.consumerClientId ?? null,
          res.code,
          items,
          purpose,
          scope,
          input.clearSensitive ?? false,
          validFrom,
          validUntil,
          input.requestId ?? null,
          actor.name,
        ],
      );
      const grant = result.rows[0] as GrantRow;
      return { result: grant, before: null, after: grant };
    };
    if (trxIn) {
      const { result } = await insert(trxIn);
      await appendChange(trxIn, {
        actor: actor.name,
        action: 'GRANT_CREATED',
        subject: `grant:${result.id}`,
        reason,
        oldValue: null,
        newValue: result,
      });
      return result;
    }
    return this.db.change(actor, 'GRANT_CREATED', `resource:${res.code}`, reason, insert);
  }

  /** Ends a grant now. ADMIN, or the provider department of its resource. */
  async revokeGrant(actor: Actor, id: number, reasonText: string): Promise<GrantRow> {
    const reason = requireText(reasonText, 'reason');
    const before = await this.grantById(id);
    if (actor.role !== 'ADMIN') {
      const res = await this.catalogue.resource(before.resourceCode);
      if (res.providerDepartmentCode !== actor.departmentCode) {
        throw forbiddenAction(
          `Only an administrator or the provider of ${res.code} may revoke grant ${id}.`,
          'Mutation.revokeGrant',
        );
      }
    }
    if (before.endedAt) throw badInput(`Grant ${id} already ended (${before.endReason}).`, 'id');
    return this.db.change(actor, 'GRANT_REVOKED', `grant:${id}`, reason, async (trx) => {
      await trx.raw(`UPDATE access_grant SET ended_at = now(), ended_by = ?, end_reason = ? WHERE id = ?`, [
        actor.name,
        `REVOKED: ${reason}`,
        id,
      ]);
      const after = await this.grantById(id, trx);
      return { result: after, before, after };
    });
  }

  /** Grant `id` (read in `trx` if given); NOT_FOUND if there is none. */
  private async grantById(id: number, trx?: Knex.Transaction): Promise<GrantRow> {
    const result = await (trx ?? this.db.knex).raw(`SELECT ${GRANT_COLUMNS} FROM access_grant WHERE id = ?`, [
      id,
    ]);
    const g = result.rows[0] as GrantRow | undefined;
    if (!g) throw notFound(`No grant ${id}.`, 'id');
    return g;
  }
}
