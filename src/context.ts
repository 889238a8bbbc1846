/**
 * The per-request context: who is calling, the request's id, fresh loaders of every source, and the directory's
 * control plane.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { AnySource, LoaderOptions, OpenSources, SourceLoaders } from '../connectors/shared/source';
import type { Caller } from '../auth/policy';
import { RequestAccess } from '../auth/access';
import type { DirectoryState } from '../auth/directory-state';
import { newAuditInfo, type GraphQLAuditInfo } from '../audit/request-audit';
import type { AuditStore } from '../audit/store';
import type { ClientSecrets } from '../auth/secrets';
import { createControlPlane, type ControlPlane } from '../auth/control-plane';

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
  /** Hashes new client secrets (registerClient). */
  secrets: ClientSecrets;
  /** Loaders per source, created for this request only (their caches never cross requests). */
  loaders: Loaders;
  /**
   * The directory's catalogue, clients, grants and sharing requests, read and changed through the directory's
   * session of the calling client; made on first use (most requests read other sources only).
   */
  controlPlane: ControlPlane;
  logger: Logger;
}

// Why classes with getters on their prototypes, not object literals with `get x() {...}` or defineProperty: a
// getter written per object is a new closure each time, and V8 keeps it in the object's hidden class, which
// lives in the old generation. Every young-generation collection then had to keep each request's context,
// loaders and rows alive and promote them (bench, nested list: a quarter of all allocation promoted, GC the
// largest single cost). A prototype getter is one function for all requests.

/** Per-request loaders of every source, keyed by source name: `ctx.loaders.fiscal.enterprise.load(code)`. */
export type Loaders = SourceLoaders;

interface LoaderSetup {
  databases: OpenSources;
  /** Entity types whose references may be made under a district scope (the gateway has the owner confirm them). */
  ownerChecked?: ReadonlySet<string>;
  /** The calling client: its reads take turns with other clients' on each source's pool. */
  clientId: string;
  options: LoaderOptions;
}

/** Each source's loaders of one request, made on first use: a point lookup touches one source of the five. */
class RequestLoaders {
  /** Loaders made so far, by source name. */
  private readonly made = new Map<string, unknown>();
  constructor(private readonly setup: LoaderSetup) {}

  /**
   * The loaders of `source`, made (with a fresh session) the first time they are asked for; for a source whose
   * database this process does not open (a subgraph's neighbour), its reference loaders.
   */
  of(source: AnySource): unknown {
    let loaders = this.made.get(source.name);
    if (loaders === undefined) {
      const db = this.setup.databases.bySource.get(source.name);
      loaders = db
        ? source.createLoaders(db.session(this.setup.clientId), this.setup.options)
        : referenceLoaders(source, this.setup.options, this.setup.ownerChecked);
      this.made.set(source.name, loaders);
    }
    return loaders;
  }
}

/** What a reference loader offers: DataLoader's two reads. */
interface ReferenceLoader {
  load(key: unknown): Promise<Record<string, unknown> | null>;
  loadMany(keys: readonly unknown[]): Promise<(Record<string, unknown> | null)[]>;
}

/**
 * The loaders of a source served by another subgraph, for one request: each loader its connector declares in
 * `references` answers a key with the entity's reference (`{ creditCode }`), for the gateway to resolve in that
 * source's subgraph (so that subgraph's rules, scopes and audit apply there). Any other loader throws: the
 * resolver would need data this subgraph cannot read.
 *
 * Why null under a district scope: when the operation's rows of the entity's type are limited to districts, only
 * the owning source can tell which entities lie inside; a reference made here would carry its key (and this
 * source's own fields on it) past that limit unchecked, where the single process answers null for an entity
 * outside it. So the link is withheld (narrower than the single process, never wider) unless the gateway says it
 * has the owner confirm every such entity of the operation (GatewayFront.ownerChecks): then the owner's answer
 * decides, as in the single process.
 */
function referenceLoaders(
  source: AnySource,
  options: LoaderOptions,
  ownerChecked: ReadonlySet<string> | undefined,
): Record<string, ReferenceLoader> {
  const loaders: Record<string, ReferenceLoader> = {};
  for (const [name, { type, key }] of Object.entries(source.references ?? {}) as [
    string,
    { type: string; key: string },
  ][]) {
    const withheld = () => options.rowScope(type) !== null && !ownerChecked?.has(type);
    const reference = (value: unknown) => (value == null || withheld() ? null : { [key]: value });
    loaders[name] = {
      load: async (value) => reference(value),
      loadMany: async (values) => values.map(reference),
    };
  }
  return new Proxy(loaders, {
    get(target, name) {
      if (typeof name !== 'string') return undefined;
      if (name in target) return target[name];
      throw new Error(
        `The ${source.name} source is served by its own subgraph, and its loader "${name}" is not one of the entity references its connector declares (references); a resolver here cannot read ${source.name} data.`,
      );
    },
  });
}

/** RequestLoaders with a getter per source, made once per list of connectors (once per hub). */
const loaderClasses = new WeakMap<readonly AnySource[], new (setup: LoaderSetup) => RequestLoaders>();

function requestLoadersClass(connectors: readonly AnySource[]): new (setup: LoaderSetup) => RequestLoaders {
  let made = loaderClasses.get(connectors);
  if (!made) {
    const cls = class extends RequestLoaders {};
    for (const source of connectors) {
      Object.defineProperty(cls.prototype, source.name, {
        enumerable: true,
        // eslint-disable-next-line no-restricted-syntax -- defined once, on the prototype: one getter for all requests
        get(this: RequestLoaders) {
          return this.of(source);
        },
      });
    }
    loaderClasses.set(connectors, (made = cls));
  }
  return made;
}

/** One request's context; see HubContext. */
class RequestContext implements HubContext {
  private requestLogger: Logger | undefined;
  private madeControlPlane: ControlPlane | undefined;
  constructor(
    readonly requestId: string,
    readonly caller: Caller,
    readonly access: RequestAccess,
    readonly audit: GraphQLAuditInfo,
    readonly directory: DirectoryState,
    readonly auditTrail: AuditStore,
    readonly secrets: ClientSecrets,
    readonly loaders: Loaders,
    private readonly baseLogger: Logger,
    private readonly setup: LoaderSetup,
  ) {}

  /** Made on first use: most requests log nothing. */
  get logger(): Logger {
    return (this.requestLogger ??= this.baseLogger.child({ requestId: this.requestId }));
  }

  /** Made on first use, with its own session of the directory for the calling client. */
  get controlPlane(): ControlPlane {
    return (this.madeControlPlane ??= createControlPlane(
      this.setup.databases.bySource.get('directory')!.session(this.setup.clientId),
      this.setup.options,
    ));
  }
}

/**
 * Builds the context of one request; each source's loaders (and its session), and the control plane, are made on
 * first use.
 */
export function createContext(
  databases: OpenSources,
  options: {
    maxPageSize: number;
    logger: Logger;
    requestId?: string;
    caller: Caller;
    directory: DirectoryState;
    audit?: GraphQLAuditInfo;
    auditTrail: AuditStore;
    secrets: ClientSecrets;
    /** On a subgraph: the row scopes the gateway planned for the whole operation (RequestAccess.constrainTo). */
    forwardedScopes?: Readonly<Record<string, readonly string[]>>;
    /** On a subgraph: the entity types whose objects the gateway has their owner confirm (referenceLoaders). */
    ownerChecked?: ReadonlySet<string>;
  },
): HubContext {
  const scoped = databases.districtScopedTypes;
  const access = new RequestAccess(
    options.caller,
    options.directory.snapshot(),
    databases.rowScopedTypes ?? scoped,
  );
  if (options.forwardedScopes) access.constrainTo(options.forwardedScopes);
  const setup: LoaderSetup = {
    databases,
    ownerChecked: options.ownerChecked,
    clientId: options.caller.clientId,
    options: {
      maxPageSize: options.maxPageSize,
      rowScope: (typeName: string) => access.rowScope(typeName),
      districtScopedTypes: scoped,
    },
  };
  const loaders = new (requestLoadersClass(databases.connectors))(setup);
  return new RequestContext(
    options.requestId ?? randomUUID(),
    options.caller,
    access,
    options.audit ?? newAuditInfo(),
    options.directory,
    options.auditTrail,
    options.secrets,
    loaders as unknown as Loaders,
    options.logger,
    setup,
  );
}
