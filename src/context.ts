/**
 * The per-request context: who is calling, the request's id, and fresh loaders of every source.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { sources, type Loaders } from './sources';
import type { HubDatabases } from './databases';

/**
 * Who is calling. Anonymous until the directory issue brings tokens; the end user and case headers are carried
 * for the audit trail, never used to decide access.
 */
export interface Caller {
  kind: 'ANONYMOUS';
  endUser?: string;
  caseId?: string;
}

export interface HubContext {
  requestId: string;
  caller: Caller;
  /** Loaders per source, created for this request only (their caches never cross requests). */
  loaders: Loaders;
  logger: Logger;
}

/** Builds the context of one request: forks every source's EntityManager and creates its loaders. */
export function createContext(
  databases: HubDatabases,
  options: { maxPageSize: number; logger: Logger; requestId?: string; caller?: Caller },
): HubContext {
  const loaders = {} as Record<string, unknown>;
  for (const source of sources) {
    loaders[source.name] = source.createLoaders(databases.bySource.get(source.name)!.session(), options);
  }
  const requestId = options.requestId ?? randomUUID();
  return {
    requestId,
    caller: options.caller ?? { kind: 'ANONYMOUS' },
    loaders: loaders as Loaders,
    logger: options.logger.child({ requestId }),
  };
}
