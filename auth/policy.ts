/**
 * The sharing rules of the directory, as one pure function: what may this caller do with this catalogue item now?
 *
 * - The provider department reads its own resources, in clear.
 * - UNCONDITIONAL (无条件共享): every department reads; sensitive items come masked.
 * - CONDITIONAL (有条件共享): only through an active grant that covers the item; rows limited to the grants'
 *   district scope when they all carry one. For each row the most generous grant covering it decides: a row comes
 *   in clear when a clear grant covers its district, masked otherwise (adding a grant never reduces access).
 * - NOT_SHARED (不予共享): the provider only.
 * - Administrators and auditors read the directory (its UNCONDITIONAL reference data: regions, departments),
 *   not source data. The gateway's own credential reads nothing.
 */
import type { ConsoleRole } from './catalogue';
import type { ActiveGrant, CatalogueItem, Role } from './directory-state';

/** What a caller can do with an item now; like X-Road's allowedMethods. */
export type Access = 'READ' | 'READ_MASKED' | 'REQUESTABLE' | 'NONE';

export interface Caller {
  clientId: string;
  role: Role;
  /** The department a DEPARTMENT client acts for; null for administrators and auditors. */
  departmentCode: string | null;
  /** End user and case, from the request headers: recorded for the audit trail, never used to decide access. */
  endUser?: string;
  caseId?: string;
  /**
   * For a person signed in to the console (then `endUser` is that person, from the token): their console roles,
   * which @apiAccess(consoleRoles) may require on top of `role`.
   */
  personRoles?: readonly ConsoleRole[];
}

export interface ItemDecision {
  access: Access;
  /** District codes the caller's rows are limited to; null means all rows. */
  districtScope: readonly string[] | null;
  /**
   * When access is READ_MASKED: the districts whose rows come in clear all the same, through a clear grant
   * scoped to them (rows carry their district as `districtCode`). Empty otherwise.
   */
  clearDistricts: readonly string[];
  /** Grants that allow the read (empty for provider and UNCONDITIONAL reads). */
  grantIds: readonly number[];
}

/** The source name of the directory's own reference data. */
export const DIRECTORY_SOURCE = 'directory';

const NONE: ItemDecision = { access: 'NONE', districtScope: null, clearDistricts: [], grantIds: [] };
const REQUESTABLE: ItemDecision = {
  access: 'REQUESTABLE',
  districtScope: null,
  clearDistricts: [],
  grantIds: [],
};

/** A read of every row, in clear or masked, without a grant. */
const everyRow = (access: 'READ' | 'READ_MASKED'): ItemDecision => ({
  access,
  districtScope: null,
  clearDistricts: [],
  grantIds: [],
});

/** The union of the grants' scopes; null when one of them is unscoped. */
function unionOfScopes(grants: readonly ActiveGrant[]): readonly string[] | null {
  if (grants.some((g) => g.districtScope === null)) return null;
  return [...new Set(grants.flatMap((g) => g.districtScope ?? []))].sort();
}

/** True when `grant` is in force at `now` for `caller` and covers `item`. */
export function grantCovers(grant: ActiveGrant, caller: Caller, item: CatalogueItem, now: Date): boolean {
  return (
    grant.consumerDepartmentCode === caller.departmentCode &&
    (grant.consumerClientId === null || grant.consumerClientId === caller.clientId) &&
    grant.resourceCode === item.resourceCode &&
    grant.items.has(item.coordinate) &&
    grant.validFrom <= now &&
    (grant.validUntil === null || now < grant.validUntil)
  );
}

/** Decides what `caller` may do with `item` at `now`, given the grants not ended. */
export function decideItem(
  caller: Caller,
  item: CatalogueItem,
  grants: readonly ActiveGrant[],
  now: Date,
): ItemDecision {
  const sensitive = item.sensitivity !== 'PLAIN';
  if (caller.role === 'GATEWAY') return NONE;
  if (caller.role !== 'DEPARTMENT' || !caller.departmentCode) {
    const directoryData = item.resource.source === DIRECTORY_SOURCE && item.shareType === 'UNCONDITIONAL';
    return directoryData ? everyRow(sensitive ? 'READ_MASKED' : 'READ') : NONE;
  }
  if (item.resource.providerDepartmentCode === caller.departmentCode) return everyRow('READ');
  switch (item.shareType) {
    case 'UNCONDITIONAL':
      return everyRow(sensitive ? 'READ_MASKED' : 'READ');
    case 'NOT_SHARED':
      return NONE;
    case 'CONDITIONAL': {
      const covering = grants.filter((g) => grantCovers(g, caller, item, now));
      if (covering.length === 0) return REQUESTABLE;
      // Rows: all, if any covering grant is unscoped; otherwise the union of the scopes.
      const districtScope = unionOfScopes(covering);
      // Clear where a clear grant covers the row's district: a masked grant never takes away what a clear one
      // gives (before, one masked grant masked every row, even those only a clear grant covered).
      const clearGrants = covering.filter((g) => g.clearSensitive);
      const clearScope = clearGrants.length ? unionOfScopes(clearGrants) : [];
      const clearEverywhere =
        !sensitive ||
        clearScope === null ||
        (districtScope !== null && districtScope.every((d) => clearScope.includes(d)));
      return {
        access: clearEverywhere ? 'READ' : 'READ_MASKED',
        districtScope,
        clearDistricts: clearEverywhere ? [] : (clearScope ?? []),
        grantIds: covering.map((g) => g.id),
      };
    }
  }
}
