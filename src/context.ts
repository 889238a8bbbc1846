/**
 * The per-request context: who is calling, the request's id, and fresh loaders of every source.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { DISTRICT_SCOPED_TYPES, sources, type Loaders } from './sources';
import type { HubDatabases } from './databases';
import type { Caller } from '../auth/policy';
import { RequestAccess } from '../auth/access';
import type { DirectoryState } from '../auth/directory-state';
import type { GraphQLAuditInfo } from '../audit/request-audit';
import type { AuditStore } from '../audit/store';

export interface HubContext {
  requestId: string;
  /** The authenticated client (from its token); end user and case ride along for the audit trail. */
  caller: Caller;
  /** What the caller may read in this operation: planned once, enforced on every field. */
  access: RequestAccess;
  /** What the audit record of this request will say about the GraphQL side. */
  audit: GraphQLAuditInfo;
  /** The audit trail itself, for the auditor's queries. */
  auditTrail: AuditStore;
  /** The directory state, to reload after this request changes it (other processes hear a NOTIFY). */
  directory: DirectoryState;
  /** Loaders per source, created for this request only (their caches never cross requests). */
  loaders: Loaders;
  logger: Logger;
}

/** Builds the context of one request: forks every source's EntityManager and creates its loaders. */
export function createContext(
  databases: HubDatabases,
  options: {
    maxPageSize: number;
    logger: Logger;
    requestId?: string;
    caller: Caller;
    directory: DirectoryState;
    audit?: GraphQLAuditInfo;
    auditTrail: AuditStore;
  },
): HubContext {
  const access = new RequestAccess(options.caller, options.directory.snapshot(), DISTRICT_SCOPED_TYPES);
  const loaderOptions = {
    maxPageSize: options.maxPageSize,
    rowScope: (typeName: string) => access.rowScope(typeName),
    districtScopedTypes: DISTRICT_SCOPED_TYPES,
  };
  const loaders = {} as Record<string, unknown>;
  for (const source of sources) {
    loaders[source.name] = source.createLoaders(
      databases.bySource.get(source.name)!.session(),
      loaderOptions,
    );
  }
  const requestId = options.requestId ?? randomUUID();
  return {
    requestId,
    caller: options.caller,
    access,
    audit: options.audit ?? {
      operationName: null,
      operationType: null,
      documentHash: null,
      errorCodes: [],
      variables: null,
    },
    directory: options.directory,
    auditTrail: options.auditTrail,
    loaders: loaders as Loaders,
    logger: options.logger.child({ requestId }),
  };
}
