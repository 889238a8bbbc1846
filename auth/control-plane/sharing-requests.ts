/**
 * Sharing requests (共享申请): a department asks the provider of a resource for CONDITIONAL items, with a purpose
 * and a legal basis; the provider (or an administrator) decides item by item within REVIEW_WORKING_DAYS, and the
 * approved items become one grant.
 */
import type { Knex } from '@mikro-orm/postgresql';
import { readPage, toConnection, type Connection, type PageArgs } from '../../connectors/shared/pagination';
import { badInput, forbiddenAction, notFound } from '../../connectors/shared/errors';
import { eq, keysetPage } from '../../connectors/shared/keyset';
import { pgTimestamp } from '../../connectors/shared/pg-time';
import type { CatalogueService } from './catalogue';
import type { GrantService } from './grants';
import {
  addWorkingDays,
  boundedList,
  boundedText,
  parseTime,
  REQUEST_COLUMNS,
  REQUEST_ITEM_COLUMNS,
  requireText,
  REVIEW_WORKING_DAYS,
  type Actor,
  type ControlPlaneSession,
  type SharingRequestItemRow,
  type SharingRequestRow,
} from './shared';

export class SharingRequestService {
  constructor(
    private readonly db: ControlPlaneSession,
    private readonly catalogue: CatalogueService,
    private readonly grants: GrantService,
  ) {}

  /** Sharing requests in id order. `visibleTo` limits a department to requests it filed or must review. */
  async sharingRequests(
    args: PageArgs & { status?: string | null },
    visibleTo: string | null,
  ): Promise<Connection<SharingRequestRow>> {
    const page = readPage(args, ['n'], this.db.options.maxPageSize);
    const where: string[] = [];
    const bindings: unknown[] = [];
    if (visibleTo) {
      where.push('(r.requester_department_code = ? OR res.provider_department_code = ?)');
      bindings.push(visibleTo, visibleTo);
    }
    eq(where, bindings, 'r.status', args.status);
    const q = keysetPage({
      columns: REQUEST_COLUMNS,
      from: 'sharing_request r JOIN resource res ON res.code = r.resource_code',
      where,
      bindings,
      orderBy: ['r.id'],
      page,
    });
    const list = await this.db.rows<SharingRequestRow>(q.sql, q.bindings);
    return toConnection(list, page, (r) => [r.id]);
  }

  /** The items of request `requestId` and their decisions, in coordinate order. */
  requestItems(requestId: number): Promise<SharingRequestItemRow[]> {
    return this.db.rows(
      `SELECT ${REQUEST_ITEM_COLUMNS} FROM sharing_request_item WHERE request_id = ? ORDER BY coordinate`,
      [requestId],
    );
  }

  /**
   * Files a request for CONDITIONAL items of a resource the caller's department does not provide, due for review
   * REVIEW_WORKING_DAYS working days after `now`.
   */
  async requestAccess(
    actor: Actor,
    input: {
      resourceCode: string;
      items: readonly string[];
      purpose: string;
      legalBasis: string;
      districtScope?: readonly string[] | null;
      wantedFrom?: string | null;
      wantedUntil?: string | null;
    },
    now: Date = new Date(),
  ): Promise<SharingRequestRow> {
    const purpose = requireText(input.purpose, 'purpose');
    const legalBasis = requireText(input.legalBasis, 'legalBasis');
    const res = await this.catalogue.resource(input.resourceCode);
    if (res.providerDepartmentCode === actor.departmentCode) {
      throw badInput(
        'Your department provides this resource and reads it without a request.',
        'resourceCode',
      );
    }
    const items = await this.catalogue.conditionalItems(res.code, input.items);
    const scope = await this.catalogue.checkScope(res, input.districtScope);
    const wantedFrom = parseTime(input.wantedFrom, 'wantedFrom') ?? now;
    const wantedUntil = parseTime(input.wantedUntil, 'wantedUntil');
    if (wantedUntil && wantedUntil <= wantedFrom)
      throw badInput('"wantedUntil" must be after "wantedFrom".', 'wantedUntil');
    const deadline = addWorkingDays(now, REVIEW_WORKING_DAYS);
    return this.db.change(actor, 'REQUEST_FILED', `resource:${res.code}`, purpose, async (trx) => {
      const result = await trx.raw(
        `INSERT INTO sharing_request (requester_department_code, requester_client_id, resource_code, purpose, legal_basis,
           district_scope, wanted_from, wanted_until, deadline, status)
         VALUES (?, ?, ?, ?, ?, ?::text[], ?, ?, ?, 'PENDING') RETURNING id`,
        [
          actor.departmentCode,
          actor.clientId,
          res.code,
          purpose,
          legalBasis,
          scope,
          wantedFrom,
          wantedUntil,
          deadline,
        ],
      );
      const id = Number(result.rows[0].id);
      for (const coordinate of items) {
        await trx.raw(
          `INSERT INTO sharing_request_item (request_id, coordinate, decision) VALUES (?, ?, 'PENDING')`,
          [id, coordinate],
        );
      }
      const request = await this.requestById(id, trx);
      return { result: request, before: null, after: { ...request, items } };
    });
  }

  /**
   * Records decisions on a request's items. The provider department (or an administrator) reviews; a refusal
   * needs a reason. When no item is left pending the request is DECIDED, and approved items become one grant.
   */
  async reviewSharingRequest(
    actor: Actor,
    input: {
      requestId: number;
      decisions: readonly { coordinate: string; approve: boolean; reason?: string | null }[];
      clearSensitive?: boolean | null;
    },
  ): Promise<SharingRequestRow> {
    const request = await this.requestById(input.requestId);
    const res = await this.catalogue.resource(request.resourceCode);
    if (actor.role !== 'ADMIN' && res.providerDepartmentCode !== actor.departmentCode) {
      throw forbiddenAction(
        `Only the provider of ${res.code} (or an administrator) reviews this request.`,
        'Mutation.reviewSharingRequest',
      );
    }
    if (request.status !== 'PENDING')
      throw badInput(`Request ${request.id} is already decided.`, 'requestId');
    if (!input.decisions.length) throw badInput('"decisions" must decide at least one item.', 'decisions');
    boundedList(input.decisions, 'decisions');
    for (const d of input.decisions) boundedText(d.reason, 'reason');
    const items = new Map((await this.requestItems(request.id)).map((i) => [i.coordinate, i]));
    for (const d of input.decisions) {
      const item = items.get(d.coordinate);
      if (!item) throw badInput(`${d.coordinate} is not an item of request ${request.id}.`, 'decisions');
      if (item.decision !== 'PENDING')
        throw badInput(`${d.coordinate} is already ${item.decision}.`, 'decisions');
      if (!d.approve && !(d.reason ?? '').trim())
        throw badInput(`Refusing ${d.coordinate} needs a reason.`, 'decisions');
    }
    return this.db.change(
      actor,
      'REQUEST_REVIEWED',
      `request:${request.id}`,
      input.decisions.map((d) => `${d.coordinate}: ${d.approve ? 'approved' : d.reason}`).join('; '),
      async (trx) => {
        for (const d of input.decisions) {
          await trx.raw(
            `UPDATE sharing_request_item SET decision = ?, reason = ?, reviewed_by = ?, reviewed_at = now() WHERE request_id = ? AND coordinate = ?`,
            [
              d.approve ? 'APPROVED' : 'REJECTED',
              d.reason?.trim() || null,
              actor.name,
              request.id,
              d.coordinate,
            ],
          );
        }
        const pending = await trx.raw(
          `SELECT count(*)::int AS n FROM sharing_request_item WHERE request_id = ? AND decision = 'PENDING'`,
          [request.id],
        );
        if (pending.rows[0].n === 0) {
          await trx.raw(`UPDATE sharing_request SET status = 'DECIDED', decided_at = now() WHERE id = ?`, [
            request.id,
          ]);
          const approved = await trx.raw(
            `SELECT coordinate FROM sharing_request_item WHERE request_id = ? AND decision = 'APPROVED' ORDER BY coordinate`,
            [request.id],
          );
          if (approved.rows.length) {
            await this.grants.createGrant(
              actor,
              {
                consumerDepartmentCode: request.requesterDepartmentCode,
                resourceCode: request.resourceCode,
                items: approved.rows.map((r: { coordinate: string }) => r.coordinate),
                purpose: request.purpose,
                districtScope: request.districtScope,
                clearSensitive: input.clearSensitive ?? false,
                validFrom: pgTimestamp(request.wantedFrom)!.toISOString(),
                validUntil: pgTimestamp(request.wantedUntil)?.toISOString() ?? null,
                reason: `Approved sharing request ${request.id}`,
                requestId: request.id,
              },
              trx,
            );
          }
        }
        const after = await this.requestById(request.id, trx);
        return { result: after, before: request, after };
      },
    );
  }

  /** Request `id` (read in `trx` if given); NOT_FOUND if there is none. */
  private async requestById(id: number, trx?: Knex.Transaction): Promise<SharingRequestRow> {
    const result = await (trx ?? this.db.knex).raw(
      `SELECT ${REQUEST_COLUMNS} FROM sharing_request r WHERE id = ?`,
      [id],
    );
    const r = result.rows[0] as SharingRequestRow | undefined;
    if (!r) throw notFound(`No sharing request ${id}.`, 'requestId');
    return r;
  }
}
