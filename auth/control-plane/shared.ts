/**
 * What the control plane's services share: the rows they read and write, the limits on what a client may store,
 * and the one way a change is made (in a transaction that also writes the change log and notifies every hub
 * process to reload the directory).
 */
import type { Knex } from '@mikro-orm/postgresql';
import type { SourceSession } from '../../connectors/shared/source-db';
import { badInput } from '../../connectors/shared/errors';
import { appendChange } from '../../audit/change-log';
import { DIRECTORY_CHANNEL } from '../directory-state';
import type { ResourceDescription, Role, Sensitivity, ShareType } from '../catalogue';

/** What the control plane needs of the hub's settings. */
export interface ControlPlaneOptions {
  /** The largest page a list returns. */
  maxPageSize: number;
  /** Row types (of every source) whose connectors apply district scopes; grants may be scoped only on these. */
  districtScopedTypes: ReadonlySet<string>;
}

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
  /**
   * Who the change log and the rows' created_by / reviewed_by / ended_by name: `person@client` for a person
   * signed in to the console (verified by their token), the client id otherwise.
   */
  name: string;
}

export const RESOURCE_COLUMNS = `code, name, summary, provider_department_code AS "providerDepartmentCode", source,
  graphql_type AS "graphqlType", share_type AS "shareType", sharing_conditions AS "sharingConditions",
  legal_basis AS "legalBasis", open_to_public AS "openToPublic", update_cycle AS "updateCycle"`;
export const ITEM_COLUMNS = `coordinate, resource_code AS "resourceCode", name, share_type AS "shareType", sensitivity`;
/** Grant columns, optionally qualified with a table alias. */
export function grantColumns(alias = ''): string {
  const a = alias ? `${alias}.` : '';
  return `${a}id::int AS id, ${a}consumer_department_code AS "consumerDepartmentCode", ${a}consumer_client_id AS "consumerClientId",
  ${a}resource_code AS "resourceCode", ${a}items, ${a}purpose, ${a}district_scope AS "districtScope",
  ${a}clear_sensitive AS "clearSensitive", ${a}valid_from AS "validFrom", ${a}valid_until AS "validUntil",
  ${a}request_id::int AS "requestId", ${a}created_at AS "createdAt", ${a}created_by AS "createdBy", ${a}ended_at AS "endedAt",
  ${a}ended_by AS "endedBy", ${a}end_reason AS "endReason"`;
}
export const GRANT_COLUMNS = grantColumns();
export const CLIENT_COLUMNS = `client_id AS "clientId", name, role, department_code AS "departmentCode", created_at AS "createdAt",
  created_by AS "createdBy", disabled_at AS "disabledAt", disabled_reason AS "disabledReason",
  rate_limit_per_minute AS "rateLimitPerMinute", max_concurrent_requests AS "maxConcurrentRequests"`;
export const REQUEST_COLUMNS = `r.id::int AS id, r.requester_department_code AS "requesterDepartmentCode",
  r.requester_client_id AS "requesterClientId", r.resource_code AS "resourceCode", r.purpose, r.legal_basis AS "legalBasis",
  r.district_scope AS "districtScope", r.wanted_from AS "wantedFrom", r.wanted_until AS "wantedUntil",
  to_char(r.deadline, 'YYYY-MM-DD') AS deadline, r.status, r.created_at AS "createdAt", r.decided_at AS "decidedAt"`;
export const REQUEST_ITEM_COLUMNS = `request_id::int AS "requestId", coordinate, decision, reason, reviewed_by AS "reviewedBy",
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
export function requireText(value: string | null | undefined, argument: keyof typeof TEXT_LIMITS): string {
  const v = (value ?? '').trim();
  if (!v) throw badInput(`"${argument}" must not be empty.`, argument);
  return boundedText(v, argument);
}

/** `value` if it is at most its argument's TEXT_LIMITS length; BAD_USER_INPUT otherwise. */
export function boundedText<T extends string | null | undefined>(
  value: T,
  argument: keyof typeof TEXT_LIMITS,
): T {
  const max = TEXT_LIMITS[argument];
  if (value != null && value.length > max) {
    throw badInput(`"${argument}" is ${value.length} characters long; at most ${max} are allowed.`, argument);
  }
  return value;
}

/** `list` if it has at most MAX_LIST_ENTRIES entries; BAD_USER_INPUT otherwise. */
export function boundedList<T>(list: readonly T[], argument: string): readonly T[] {
  if (list.length > MAX_LIST_ENTRIES) {
    throw badInput(
      `"${argument}" has ${list.length} entries; at most ${MAX_LIST_ENTRIES} are allowed.`,
      argument,
    );
  }
  return list;
}

/** Parses an optional DateTime argument. */
export function parseTime(value: string | null | undefined, argument: string): Date | null {
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

/** What a change returns, and the values before and after it for the change log. */
export interface ChangeOutcome<T> {
  result: T;
  before: unknown;
  after: unknown;
}

/**
 * The directory's session for one client, as every service of the control plane uses it: reads in the client's
 * turn, and changes that are logged and announced.
 */
export class ControlPlaneSession {
  /** The source's knex, for transactions. */
  readonly knex: Knex;

  constructor(
    readonly session: SourceSession,
    readonly options: ControlPlaneOptions,
  ) {
    this.knex = session.knex;
  }

  /** Runs one parameterised statement (see SourceSession.rows) and returns its rows. */
  rows<T>(sql: string, bindings: readonly unknown[] = []): Promise<T[]> {
    return this.session.rows<T>(sql, bindings);
  }

  /** Runs `change` in a transaction, logs it, and notifies every hub process. */
  async change<T>(
    actor: Actor,
    action: string,
    subject: string,
    reason: string,
    change: (trx: Knex.Transaction) => Promise<ChangeOutcome<T>>,
  ): Promise<T> {
    return this.knex.transaction(async (trx) => {
      const { result, before, after } = await change(trx);
      await appendChange(trx, {
        actor: actor.name,
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
}
