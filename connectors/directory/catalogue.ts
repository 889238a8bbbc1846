/**
 * The directory's own data: catalogue, grants, clients and sharing requests. Reads for the API, and the changes
 * administrators and departments make. Every change runs in one transaction that also writes the change log
 * (actor, reason, before, after) and notifies every hub process to reload the directory.
 */
import type { Knex } from '@mikro-orm/postgresql';
import type { SourceSession } from '../shared/source-db';
import {
  CLIENT_ID_PATTERN,
  type ResourceDescription,
  type Role,
  type Sensitivity,
  type ShareType,
} from '../../auth/catalogue';
import type { LoaderOptions } from '../shared/source';
import { readPage, toConnection, type Connection, type PageArgs } from '../shared/pagination';
import { badInput, forbiddenAction, notFound } from '../shared/errors';
import { eq, keysetPage } from '../shared/keyset';
import { pgTimestamp } from '../shared/pg-time';
import { appendChange } from '../../audit/change-log';
import { DIRECTORY_CHANNEL } from '../../auth/directory-state';

export interface ResourceRow extends ResourceDescription {
  providerDepartmentCode: string;
}

export interface ItemRow {
  coordinate: string;
  resourceCode: string;
  name: string;
  shareType: ShareType;
  sensitivity: Sensitivity;
}

export interface GrantRow {
  id: number;
  consumerDepartmentCode: string;
  consumerClientId: string | null;
  resourceCode: string;
  items: string[];
  purpose: string;
  districtScope: string[] | null;
  clearSensitive: boolean;
  validFrom: string;
  validUntil: string | null;
  requestId: number | null;
  createdAt: string;
  createdBy: string;
  endedAt: string | null;
  endedBy: string | null;
  endReason: string | null;
}

export interface ClientRow {
  clientId: string;
  name: string;
  role: Role;
  departmentCode: string | null;
  createdAt: string;
  createdBy: string;
  disabledAt: string | null;
  disabledReason: string | null;
  rateLimitPerMinute: number | null;
  maxConcurrentRequests: number | null;
}

export interface SharingRequestRow {
  id: number;
  requesterDepartmentCode: string;
  requesterClientId: string;
  resourceCode: string;
  purpose: string;
  legalBasis: string;
  districtScope: string[] | null;
  wantedFrom: string;
  wantedUntil: string | null;
  deadline: string;
  status: 'PENDING' | 'DECIDED';
  createdAt: string;
  decidedAt: string | null;
}

export interface SharingRequestItemRow {
  requestId: number;
  coordinate: string;
  decision: 'PENDING' | 'APPROVED' | 'REJECTED';
  reason: string | null;
  reviewedBy: string | null;
  reviewedAt: string | null;
}

/** The actor of a change, as the change log records it. */
export interface Actor {
  clientId: string;
  role: Role;
  departmentCode: string | null;
}

const RESOURCE_COLUMNS = `code, name, summary, provider_department_code AS "providerDepartmentCode", source,
  graphql_type AS "graphqlType", share_type AS "shareType", sharing_conditions AS "sharingConditions",
  legal_basis AS "legalBasis", open_to_public AS "openToPublic", update_cycle AS "updateCycle"`;
const ITEM_COLUMNS = `coordinate, resource_code AS "resourceCode", name, share_type AS "shareType", sensitivity`;
/** Grant columns, optionally qualified with a table alias. */
function grantColumns(alias = ''): string {
  const a = alias ? `${alias}.` : '';
  return `${a}id::int AS id, ${a}consumer_department_code AS "consumerDepartmentCode", ${a}consumer_client_id AS "consumerClientId",
  ${a}resource_code AS "resourceCode", ${a}items, ${a}purpose, ${a}district_scope AS "districtScope",
  ${a}clear_sensitive AS "clearSensitive", ${a}valid_from AS "validFrom", ${a}valid_until AS "validUntil",
  ${a}request_id::int AS "requestId", ${a}created_at AS "createdAt", ${a}created_by AS "createdBy", ${a}ended_at AS "endedAt",
  ${a}ended_by AS "endedBy", ${a}end_reason AS "endReason"`;
}
const GRANT_COLUMNS = grantColumns();
const CLIENT_COLUMNS = `client_id AS "clientId", name, role, department_code AS "departmentCode", created_at AS "createdAt",
  created_by AS "createdBy", disabled_at AS "disabledAt", disabled_reason AS "disabledReason",
  rate_limit_per_minute AS "rateLimitPerMinute", max_concurrent_requests AS "maxConcurrentRequests"`;
const REQUEST_COLUMNS = `r.id::int AS id, r.requester_department_code AS "requesterDepartmentCode",
  r.requester_client_id AS "requesterClientId", r.resource_code AS "resourceCode", r.purpose, r.legal_basis AS "legalBasis",
  r.district_scope AS "districtScope", r.wanted_from AS "wantedFrom", r.wanted_until AS "wantedUntil",
  to_char(r.deadline, 'YYYY-MM-DD') AS deadline, r.status, r.created_at AS "createdAt", r.decided_at AS "decidedAt"`;
const REQUEST_ITEM_COLUMNS = `request_id::int AS "requestId", coordinate, decision, reason, reviewed_by AS "reviewedBy",
  reviewed_at AS "reviewedAt"`;

// Timestamps stay as the driver returns them (text); DateTime serialises them and pgTimestamp parses them.

/** Working days (Monday to Friday) to review a request, the usual rule. Public holidays are not modelled. */
export const REVIEW_WORKING_DAYS = 10;

/** The date `days` working days after `from` (UTC), as YYYY-MM-DD. */
export function addWorkingDays(from: Date, days: number): string {
  const d = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate()));
  let left = days;
  while (left > 0) {
    d.setUTCDate(d.getUTCDate() + 1);
    const weekday = d.getUTCDay();
    if (weekday !== 0 && weekday !== 6) left--;
  }
  return d.toISOString().slice(0, 10);
}

/**
 * The longest text a client may store in each argument, characters (README "Limits and quotas"). Checked before
 * anything is read or written: a 200,000-character purpose is refused, not stored.
 */
export const TEXT_LIMITS = {
  reason: 1000,
  purpose: 1000,
  legalBasis: 500,
  name: 200,
  summary: 2000,
  sharingConditions: 2000,
  updateCycle: 50,
} as const;
/** The most entries a list argument may hold (items, decisions, districtScope). */
export const MAX_LIST_ENTRIES = 200;

/** `value` trimmed: not empty, and at most its argument's TEXT_LIMITS length. */
function requireText(value: string | null | undefined, argument: keyof typeof TEXT_LIMITS): string {
  const v = (value ?? '').trim();
  if (!v) throw badInput(`"${argument}" must not be empty.`, argument);
  return boundedText(v, argument);
}

/** `value` if it is at most its argument's TEXT_LIMITS length; BAD_USER_INPUT otherwise. */
function boundedText<T extends string | null | undefined>(value: T, argument: keyof typeof TEXT_LIMITS): T {
  const max = TEXT_LIMITS[argument];
  if (value != null && value.length > max) {
    throw badInput(`"${argument}" is ${value.length} characters long; at most ${max} are allowed.`, argument);
  }
  return value;
}

/** `list` if it has at most MAX_LIST_ENTRIES entries; BAD_USER_INPUT otherwise. */
function boundedList<T>(list: readonly T[], argument: string): readonly T[] {
  if (list.length > MAX_LIST_ENTRIES) {
    throw badInput(
      `"${argument}" has ${list.length} entries; at most ${MAX_LIST_ENTRIES} are allowed.`,
      argument,
    );
  }
  return list;
}

/** Parses an optional DateTime argument. */
function parseTime(value: string | null | undefined, argument: string): Date | null {
  if (value == null) return null;
  const d = new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(value) || Number.isNaN(d.getTime())) {
    throw badInput(
      `"${argument}" must be an ISO 8601 date-time such as 2027-01-31T00:00:00Z; got "${value}".`,
      argument,
    );
  }
  return d;
}

export function createCatalogueLoaders(session: SourceSession, options: LoaderOptions) {
  const knex = session.knex;
  const max = options.maxPageSize;

  async function rows<T>(sql: string, bindings: readonly unknown[] = []): Promise<T[]> {
    return session.rows<T>(sql, bindings);
  }

  /** Runs `change` in a transaction, logs it, and notifies every hub process. */
  async function change<T>(
    actor: Actor,
    action: string,
    subject: string,
    reason: string,
    change: (trx: Knex.Transaction) => Promise<{ result: T; before: unknown; after: unknown }>,
  ): Promise<T> {
    return knex.transaction(async (trx) => {
      const { result, before, after } = await change(trx);
      await appendChange(trx, {
        actor: actor.clientId,
        action,
        subject,
        reason,
        oldValue: before,
        newValue: after,
      });
      await trx.raw('SELECT pg_notify(?, ?)', [DIRECTORY_CHANNEL, action]);
      return result;
    });
  }

  async function resource(code: string): Promise<ResourceRow> {
    const [r] = await rows<ResourceRow>(`SELECT ${RESOURCE_COLUMNS} FROM resource WHERE code = ?`, [code]);
    if (!r)
      throw notFound(
        `Unknown resource "${code}"; the query \`directory\` lists the catalogue.`,
        'resourceCode',
      );
    return r;
  }

  async function itemsOf(code: string): Promise<ItemRow[]> {
    return rows<ItemRow>(
      `SELECT ${ITEM_COLUMNS} FROM resource_item WHERE resource_code = ? ORDER BY coordinate`,
      [code],
    );
  }

  /** Checks that `coordinates` are CONDITIONAL items of the resource; says which are not and why. */
  async function conditionalItems(resourceCode: string, coordinates: readonly string[]): Promise<string[]> {
    if (!coordinates.length) throw badInput('"items" must name at least one item of the resource.', 'items');
    boundedList(coordinates, 'items');
    const items = new Map((await itemsOf(resourceCode)).map((i) => [i.coordinate, i]));
    for (const c of coordinates) {
      const item = items.get(c);
      if (!item) throw badInput(`${c} is not an item of resource ${resourceCode}.`, 'items');
      if (item.shareType === 'UNCONDITIONAL')
        throw badInput(`${c} is UNCONDITIONAL: every department reads it without a grant.`, 'items');
      if (item.shareType === 'NOT_SHARED')
        throw badInput(`${c} is NOT_SHARED: only its provider reads it; it cannot be granted.`, 'items');
    }
    return [...new Set(coordinates)].sort();
  }

  async function checkScope(
    resourceRow: ResourceRow,
    scope: readonly string[] | null | undefined,
  ): Promise<string[] | null> {
    if (scope == null) return null;
    boundedList(scope, 'districtScope');
    if (!options.districtScopedTypes.has(resourceRow.graphqlType)) {
      throw badInput(
        `Resource ${resourceRow.code} (${resourceRow.graphqlType}) cannot be limited to districts.`,
        'districtScope',
      );
    }
    if (!scope.length)
      throw badInput(
        '"districtScope" must name at least one district, or be left out for all rows.',
        'districtScope',
      );
    const known = await session.rows<{ code: string }>(`SELECT code FROM region WHERE code = ANY(?)`, [
      scope,
    ]);
    const missing = scope.find((c) => !known.some((k) => k.code === c));
    if (missing) throw notFound(`Unknown region code "${missing}" in "districtScope".`, 'districtScope');
    return [...new Set(scope)].sort();
  }

  async function grantById(id: number, trx?: Knex.Transaction): Promise<GrantRow> {
    const result = await (trx ?? knex).raw(`SELECT ${GRANT_COLUMNS} FROM access_grant WHERE id = ?`, [id]);
    const g = result.rows[0] as GrantRow | undefined;
    if (!g) throw notFound(`No grant ${id}.`, 'id');
    return g;
  }

  async function requestById(id: number, trx?: Knex.Transaction): Promise<SharingRequestRow> {
    const result = await (trx ?? knex).raw(`SELECT ${REQUEST_COLUMNS} FROM sharing_request r WHERE id = ?`, [
      id,
    ]);
    const r = result.rows[0] as SharingRequestRow | undefined;
    if (!r) throw notFound(`No sharing request ${id}.`, 'requestId');
    return r;
  }

  return {
    resource,
    itemsOf,

    /** The whole catalogue, in code order (a few dozen resources: not paginated). */
    resources(): Promise<ResourceRow[]> {
      return rows(`SELECT ${RESOURCE_COLUMNS} FROM resource ORDER BY code`);
    },

    /** Items of many resources at once. */
    async itemsByResource(codes: readonly string[]): Promise<Map<string, ItemRow[]>> {
      const all = await rows<ItemRow>(
        `SELECT ${ITEM_COLUMNS} FROM resource_item WHERE resource_code = ANY(?) ORDER BY coordinate`,
        [codes],
      );
      const map = new Map<string, ItemRow[]>();
      for (const i of all) map.set(i.resourceCode, [...(map.get(i.resourceCode) ?? []), i]);
      return map;
    },

    async item(coordinate: string): Promise<ItemRow | null> {
      const [i] = await rows<ItemRow>(`SELECT ${ITEM_COLUMNS} FROM resource_item WHERE coordinate = ?`, [
        coordinate,
      ]);
      return i ?? null;
    },

    /** Grants in id order, newest last. `visibleTo` limits a department to grants it consumes or provides. */
    async grants(
      args: PageArgs & {
        consumerDepartmentCode?: string | null;
        resourceCode?: string | null;
        activeOnly?: boolean | null;
      },
      visibleTo: string | null,
    ): Promise<Connection<GrantRow>> {
      const page = readPage(args, ['n'], max);
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
      const list = await rows<GrantRow>(q.sql, q.bindings);
      return toConnection(list, page, (g) => [g.id]);
    },

    async clients(args: PageArgs): Promise<Connection<ClientRow>> {
      const page = readPage(args, ['s'], max);
      const q = keysetPage({ columns: CLIENT_COLUMNS, from: 'client', orderBy: ['client_id'], page });
      const list = await rows<ClientRow>(q.sql, q.bindings);
      return toConnection(list, page, (c) => [c.clientId]);
    },

    async sharingRequests(
      args: PageArgs & { status?: string | null },
      visibleTo: string | null,
    ): Promise<Connection<SharingRequestRow>> {
      const page = readPage(args, ['n'], max);
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
      const list = await rows<SharingRequestRow>(q.sql, q.bindings);
      return toConnection(list, page, (r) => [r.id]);
    },

    requestItems(requestId: number): Promise<SharingRequestItemRow[]> {
      return rows(
        `SELECT ${REQUEST_ITEM_COLUMNS} FROM sharing_request_item WHERE request_id = ? ORDER BY coordinate`,
        [requestId],
      );
    },

    async grantOfRequest(requestId: number): Promise<GrantRow | null> {
      const [g] = await rows<GrantRow>(
        `SELECT ${GRANT_COLUMNS} FROM access_grant WHERE request_id = ? ORDER BY id DESC LIMIT 1`,
        [requestId],
      );
      return g ?? null;
    },

    async client(clientId: string): Promise<ClientRow | null> {
      const [c] = await rows<ClientRow>(`SELECT ${CLIENT_COLUMNS} FROM client WHERE client_id = ?`, [
        clientId,
      ]);
      return c ?? null;
    },

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
        const [d] = await rows(`SELECT 1 FROM department WHERE code = ?`, [input.departmentCode]);
        if (!d) throw notFound(`Unknown department code "${input.departmentCode}".`, 'departmentCode');
      }
      if (await this.client(input.clientId))
        throw badInput(`A client "${input.clientId}" already exists.`, 'clientId');
      return change(actor, 'CLIENT_REGISTERED', `client:${input.clientId}`, reason, async (trx) => {
        const result = await trx.raw(
          `INSERT INTO client (client_id, name, role, department_code, secret_hash, created_by) VALUES (?, ?, ?, ?, ?, ?) RETURNING ${CLIENT_COLUMNS}`,
          [
            input.clientId,
            requireText(input.name, 'name'),
            input.role,
            input.departmentCode ?? null,
            secretHash,
            actor.clientId,
          ],
        );
        const client = result.rows[0] as ClientRow;
        return { result: client, before: null, after: client };
      });
    },

    async disableClient(actor: Actor, clientId: string, reasonText: string): Promise<ClientRow> {
      const reason = requireText(reasonText, 'reason');
      const before = await this.client(clientId);
      if (!before) throw notFound(`No client "${clientId}".`, 'clientId');
      if (before.disabledAt) throw badInput(`Client "${clientId}" is already disabled.`, 'clientId');
      if (clientId === actor.clientId)
        throw badInput('You cannot disable the client you are calling with.', 'clientId');
      return change(actor, 'CLIENT_DISABLED', `client:${clientId}`, reason, async (trx) => {
        const result = await trx.raw(
          `UPDATE client SET disabled_at = now(), disabled_reason = ? WHERE client_id = ? RETURNING ${CLIENT_COLUMNS}`,
          [reason, clientId],
        );
        return { result: result.rows[0] as ClientRow, before, after: result.rows[0] };
      });
    },

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
      return change(actor, 'CLIENT_QUOTA_SET', `client:${input.clientId}`, reason, async (trx) => {
        const result = await trx.raw(
          `UPDATE client SET rate_limit_per_minute = ?, max_concurrent_requests = ? WHERE client_id = ? RETURNING ${CLIENT_COLUMNS}`,
          [perMinute, concurrent, input.clientId],
        );
        return { result: result.rows[0] as ClientRow, before, after: result.rows[0] };
      });
    },

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
      const res = await resource(input.resourceCode);
      const items = await conditionalItems(res.code, input.items);
      const scope = await checkScope(res, input.districtScope);
      const [dept] = await rows(`SELECT 1 FROM department WHERE code = ?`, [input.consumerDepartmentCode]);
      if (!dept)
        throw notFound(
          `Unknown department code "${input.consumerDepartmentCode}".`,
          'consumerDepartmentCode',
        );
      if (input.consumerDepartmentCode === res.providerDepartmentCode) {
        throw badInput(
          'The provider department reads its own resources without a grant.',
          'consumerDepartmentCode',
        );
      }
      if (input.consumerClientId) {
        const c = await this.client(input.consumerClientId);
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
            actor.clientId,
          ],
        );
        const grant = result.rows[0] as GrantRow;
        return { result: grant, before: null, after: grant };
      };
      if (trxIn) {
        const { result } = await insert(trxIn);
        await appendChange(trxIn, {
          actor: actor.clientId,
          action: 'GRANT_CREATED',
          subject: `grant:${result.id}`,
          reason,
          oldValue: null,
          newValue: result,
        });
        return result;
      }
      return change(actor, 'GRANT_CREATED', `resource:${res.code}`, reason, insert);
    },

    /** Ends a grant now. ADMIN, or the provider department of its resource. */
    async revokeGrant(actor: Actor, id: number, reasonText: string): Promise<GrantRow> {
      const reason = requireText(reasonText, 'reason');
      const before = await grantById(id);
      if (actor.role !== 'ADMIN') {
        const res = await resource(before.resourceCode);
        if (res.providerDepartmentCode !== actor.departmentCode) {
          throw forbiddenAction(
            `Only an administrator or the provider of ${res.code} may revoke grant ${id}.`,
            'Mutation.revokeGrant',
          );
        }
      }
      if (before.endedAt) throw badInput(`Grant ${id} already ended (${before.endReason}).`, 'id');
      return change(actor, 'GRANT_REVOKED', `grant:${id}`, reason, async (trx) => {
        await trx.raw(`UPDATE access_grant SET ended_at = now(), ended_by = ?, end_reason = ? WHERE id = ?`, [
          actor.clientId,
          `REVOKED: ${reason}`,
          id,
        ]);
        const after = await grantById(id, trx);
        return { result: after, before, after };
      });
    },

    /**
     * Reclassifies an item. Grants that covered it as CONDITIONAL end when it stops being CONDITIONAL (an
     * UNCONDITIONAL item needs none; a NOT_SHARED one allows none).
     */
    async updateCatalogueItem(
      actor: Actor,
      input: {
        coordinate: string;
        shareType?: ShareType | null;
        sensitivity?: ItemRow['sensitivity'] | null;
        reason: string;
      },
    ): Promise<ItemRow> {
      const reason = requireText(input.reason, 'reason');
      const before = await this.item(input.coordinate);
      if (!before) throw notFound(`No catalogue item ${input.coordinate}.`, 'coordinate');
      const shareType = input.shareType ?? before.shareType;
      const sensitivity = input.sensitivity ?? before.sensitivity;
      return change(actor, 'ITEM_RECLASSIFIED', `item:${input.coordinate}`, reason, async (trx) => {
        const result = await trx.raw(
          `UPDATE resource_item SET share_type = ?, sensitivity = ? WHERE coordinate = ? RETURNING ${ITEM_COLUMNS}`,
          [shareType, sensitivity, input.coordinate],
        );
        if (before.shareType === 'CONDITIONAL' && shareType !== 'CONDITIONAL') {
          await trx.raw(
            `UPDATE access_grant SET ended_at = now(), ended_by = ?, end_reason = ?
             WHERE ended_at IS NULL AND ? = ANY(items)`,
            [actor.clientId, `RECLASSIFIED: ${input.coordinate} is now ${shareType}`, input.coordinate],
          );
        }
        return { result: result.rows[0] as ItemRow, before, after: result.rows[0] };
      });
    },

    /** Edits the descriptive fields of a catalogue entry; what is left out stays as it is. */
    async updateCatalogueResource(
      actor: Actor,
      input: {
        code: string;
        name?: string | null;
        summary?: string | null;
        sharingConditions?: string | null;
        legalBasis?: string | null;
        openToPublic?: boolean | null;
        updateCycle?: string | null;
        reason: string;
      },
    ): Promise<ResourceRow> {
      const reason = requireText(input.reason, 'reason');
      const before = await resource(input.code);
      const after = {
        name: input.name == null ? before.name : requireText(input.name, 'name'),
        summary: boundedText(input.summary, 'summary') ?? before.summary,
        sharingConditions:
          boundedText(input.sharingConditions, 'sharingConditions') ?? before.sharingConditions,
        legalBasis: boundedText(input.legalBasis, 'legalBasis') ?? before.legalBasis,
        openToPublic: input.openToPublic ?? before.openToPublic,
        updateCycle: boundedText(input.updateCycle, 'updateCycle') ?? before.updateCycle,
      };
      return change(actor, 'RESOURCE_EDITED', `resource:${input.code}`, reason, async (trx) => {
        const result = await trx.raw(
          `UPDATE resource SET name = ?, summary = ?, sharing_conditions = ?, legal_basis = ?, open_to_public = ?, update_cycle = ?
           WHERE code = ? RETURNING ${RESOURCE_COLUMNS}`,
          [
            after.name,
            after.summary,
            after.sharingConditions,
            after.legalBasis,
            after.openToPublic,
            after.updateCycle,
            input.code,
          ],
        );
        return { result: result.rows[0] as ResourceRow, before, after: result.rows[0] };
      });
    },

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
      const res = await resource(input.resourceCode);
      if (res.providerDepartmentCode === actor.departmentCode) {
        throw badInput(
          'Your department provides this resource and reads it without a request.',
          'resourceCode',
        );
      }
      const items = await conditionalItems(res.code, input.items);
      const scope = await checkScope(res, input.districtScope);
      const wantedFrom = parseTime(input.wantedFrom, 'wantedFrom') ?? now;
      const wantedUntil = parseTime(input.wantedUntil, 'wantedUntil');
      if (wantedUntil && wantedUntil <= wantedFrom)
        throw badInput('"wantedUntil" must be after "wantedFrom".', 'wantedUntil');
      const deadline = addWorkingDays(now, REVIEW_WORKING_DAYS);
      return change(actor, 'REQUEST_FILED', `resource:${res.code}`, purpose, async (trx) => {
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
        const request = await requestById(id, trx);
        return { result: request, before: null, after: { ...request, items } };
      });
    },

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
      const request = await requestById(input.requestId);
      const res = await resource(request.resourceCode);
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
      return change(
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
                actor.clientId,
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
              await this.createGrant(
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
          const after = await requestById(request.id, trx);
          return { result: after, before: request, after };
        },
      );
    },
  };
}

export type CatalogueLoaders = ReturnType<typeof createCatalogueLoaders>;
