/**
 * The directory's control plane: the services administrators and departments use to read and change the
 * catalogue, the client registry, grants and sharing requests. Every change runs in one transaction that also
 * writes the change log (actor, reason, before, after) and notifies every hub process to reload the directory.
 */
import type { SourceSession } from '../../connectors/shared/source-db';
import { CatalogueService } from './catalogue';
import { ClientService } from './clients';
import { ConsoleUserService } from './console-users';
import { GrantService } from './grants';
import { SharingRequestService } from './sharing-requests';
import { ControlPlaneSession, type ControlPlaneOptions } from './shared';

export { CatalogueService, ClientService, ConsoleUserService, GrantService, SharingRequestService };
export type { ConsoleUserRow } from './console-users';
export {
  addWorkingDays,
  MAX_LIST_ENTRIES,
  REVIEW_WORKING_DAYS,
  TEXT_LIMITS,
  type Actor,
  type ClientRow,
  type ControlPlaneOptions,
  type GrantRow,
  type ItemRow,
  type ResourceRow,
  type SharingRequestItemRow,
  type SharingRequestRow,
} from './shared';

/** The control plane's services, over one client's session of the directory. */
export interface ControlPlane {
  /** Resources and items, and their reclassification. */
  readonly catalogue: CatalogueService;
  /** The client registry: registration, disabling, quotas. */
  readonly clients: ClientService;
  /** Grants: made, listed, revoked. */
  readonly grants: GrantService;
  /** Sharing requests: filed, listed, reviewed (approved items become a grant). */
  readonly sharingRequests: SharingRequestService;
  /** The people who sign in to the console: listed, created, disabled. */
  readonly consoleUsers: ConsoleUserService;
}

/**
 * The control plane of one request: its services read and change the directory through `session` (the directory
 * source's session of the calling client, so its reads take turns with other clients'), paginated to
 * `options.maxPageSize`, district scopes allowed on `options.districtScopedTypes`.
 */
export function createControlPlane(session: SourceSession, options: ControlPlaneOptions): ControlPlane {
  const db = new ControlPlaneSession(session, options);
  const catalogue = new CatalogueService(db);
  const clients = new ClientService(db);
  const grants = new GrantService(db, catalogue, clients);
  const sharingRequests = new SharingRequestService(db, catalogue, grants);
  return { catalogue, clients, grants, sharingRequests, consoleUsers: new ConsoleUserService(db) };
}
