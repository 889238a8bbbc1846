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
import { newAuditInfo, type GraphQLAuditInfo } from '../audit/request-audit';
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

/** Builds the context of one request; each source's loaders (and its session) are made on first use. */
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
  // Each source's loaders are made when a resolver first asks for them: a point lookup touches one source of four.
  const loaders = {} as Record<string, unknown>;
  for (const source of sources) {
    let made: unknown;
    Object.defineProperty(loaders, source.name, {
      enumerable: true,
      get: () =>
        (made ??= source.createLoaders(databases.bySource.get(source.name)!.session(), loaderOptions)),
    });
  }
  const requestId = options.requestId ?? randomUUID();
  let logger: Logger | undefined;
  return {
    requestId,
    caller: options.caller,
    access,
    audit: options.audit ?? newAuditInfo(),
    directory: options.directory,
    auditTrail: options.auditTrail,
    loaders: loaders as Loaders,
    // Made on first use: most requests log nothing.
    get logger() {
      return (logger ??= options.logger.child({ requestId }));
    },
  };
}
