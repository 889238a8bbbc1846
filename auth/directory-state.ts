/**
 * The directory as the permission engine reads it: catalogue, grants and clients, held in memory and reloaded
 * whenever any hub process changes the directory (PostgreSQL LISTEN/NOTIFY on DIRECTORY_CHANNEL). A change made
 * by this process is reloaded before the mutation answers, so it applies to the very next request.
 */
import pg from 'pg';
import type { Logger } from 'pino';
import type { Knex } from '@mikro-orm/postgresql';
import { pgTimestamp } from '../connectors/shared/pg-time';

export const DIRECTORY_CHANNEL = 'hub_directory_changed';

import type { ConsoleRole, Role, Sensitivity, ShareType } from './catalogue';

export type { Role, Sensitivity, ShareType };

export interface CatalogueResource {
  code: string;
  name: string;
  /** The source whose data the resource describes (`directory` for the reference data). */
  source: string;
  providerDepartmentCode: string;
  shareType: ShareType;
  graphqlType: string;
}

export interface CatalogueItem {
  coordinate: string;
  resourceCode: string;
  name: string;
  shareType: ShareType;
  sensitivity: Sensitivity;
  resource: CatalogueResource;
}

export interface ActiveGrant {
  id: number;
  consumerDepartmentCode: string;
  consumerClientId: string | null;
  resourceCode: string;
  items: ReadonlySet<string>;
  districtScope: readonly string[] | null;
  clearSensitive: boolean;
  validFrom: Date;
  validUntil: Date | null;
}

export interface ClientRecord {
  clientId: string;
  role: Role;
  departmentCode: string | null;
  disabled: boolean;
  /** An administrator's override of the GraphQL quota; null: the configured default. */
  rateLimitPerMinute: number | null;
  maxConcurrentRequests: number | null;
}

/** A person who signs in to the console, as requests acting for them need it. */
export interface ConsolePersonRecord {
  username: string;
  roles: readonly ConsoleRole[];
  departmentCode: string | null;
  disabled: boolean;
}

/** An immutable snapshot: a request reads one snapshot from start to end. */
export interface DirectorySnapshot {
  readonly version: number;
  readonly items: ReadonlyMap<string, CatalogueItem>;
  readonly resources: ReadonlyMap<string, CatalogueResource>;
  /** Grants not ended; validity windows are checked at decision time, so expiry needs no reload. */
  readonly grants: readonly ActiveGrant[];
  readonly clients: ReadonlyMap<string, ClientRecord>;
  /** Console users, by username: a console token names one, whose current state decides. */
  readonly consoleUsers: ReadonlyMap<string, ConsolePersonRecord>;
}

const itemsByResourceOf = new WeakMap<DirectorySnapshot, Map<string, CatalogueItem[]>>();

/**
 * The items of resource `code` in `snapshot`, in coordinate order: indexed once per snapshot, so that listing the
 * whole catalogue with its items reads no database at all.
 */
export function itemsOfResource(snapshot: DirectorySnapshot, code: string): readonly CatalogueItem[] {
  let index = itemsByResourceOf.get(snapshot);
  if (!index) {
    index = new Map();
    for (const item of [...snapshot.items.values()].sort((a, b) => (a.coordinate < b.coordinate ? -1 : 1))) {
      const list = index.get(item.resourceCode);
      if (list) list.push(item);
      else index.set(item.resourceCode, [item]);
    }
    itemsByResourceOf.set(snapshot, index);
  }
  return index.get(code) ?? [];
}

export class DirectoryState {
  private current: DirectorySnapshot = {
    version: 0,
    items: new Map(),
    resources: new Map(),
    grants: [],
    clients: new Map(),
    consoleUsers: new Map(),
  };
  private listener?: pg.Client;
  private stopped = false;
  private reloading?: Promise<void>;
  private reloadAgain = false;
  private readonly followers: (() => Promise<void>)[] = [];

  constructor(
    private readonly knex: Knex,
    private readonly url: string,
    private readonly logger: Logger,
  ) {}

  /** The current snapshot. */
  snapshot(): DirectorySnapshot {
    return this.current;
  }

  /** Loads the directory and starts listening for changes from other processes. */
  async start(): Promise<void> {
    await this.reload();
    await this.listen();
  }

  /**
   * Reloads the snapshot. Concurrent calls share one reload, and a call during a reload schedules another, so
   * the last change is always seen.
   */
  reload(): Promise<void> {
    if (this.reloading) {
      this.reloadAgain = true;
      return this.reloading;
    }
    this.reloading = (async () => {
      try {
        do {
          this.reloadAgain = false;
          this.current = await this.load(this.current.version + 1);
          await Promise.all(this.followers.map((f) => f()));
        } while (this.reloadAgain);
      } finally {
        this.reloading = undefined;
      }
    })();
    return this.reloading;
  }

  /** Runs `reload` too whenever the directory is reloaded (the signing keys follow it). */
  follow(reload: () => Promise<void>): void {
    this.followers.push(reload);
  }

  /** Tells every hub process (this one included) that the directory changed; call inside the changing transaction. */
  static async notify(trx: Knex | Knex.Transaction): Promise<void> {
    await trx.raw('SELECT pg_notify(?, ?)', [DIRECTORY_CHANNEL, String(process.pid)]);
  }

  private async load(version: number): Promise<DirectorySnapshot> {
    const [resources, items, grants, clients, consoleUsers] = await Promise.all([
      this.knex.raw(
        `SELECT code, name, source, provider_department_code, share_type, graphql_type FROM resource`,
      ),
      this.knex.raw(`SELECT coordinate, resource_code, name, share_type, sensitivity FROM resource_item`),
      this.knex.raw(
        `SELECT id, consumer_department_code, consumer_client_id, resource_code, items, district_scope, clear_sensitive,
                valid_from, valid_until
         FROM access_grant WHERE ended_at IS NULL AND (valid_until IS NULL OR valid_until > now())`,
      ),
      this.knex.raw(
        `SELECT client_id, role, department_code, disabled_at, rate_limit_per_minute, max_concurrent_requests FROM client`,
      ),
      this.knex.raw(`SELECT username, roles, department_code, disabled_at FROM console_user`),
    ]);
    const resourceMap = new Map<string, CatalogueResource>();
    for (const r of resources.rows) {
      resourceMap.set(r.code, {
        code: r.code,
        name: r.name,
        source: r.source,
        providerDepartmentCode: r.provider_department_code,
        shareType: r.share_type,
        graphqlType: r.graphql_type,
      });
    }
    const itemMap = new Map<string, CatalogueItem>();
    for (const i of items.rows) {
      itemMap.set(i.coordinate, {
        coordinate: i.coordinate,
        resourceCode: i.resource_code,
        name: i.name,
        shareType: i.share_type,
        sensitivity: i.sensitivity,
        resource: resourceMap.get(i.resource_code)!,
      });
    }
    return {
      version,
      resources: resourceMap,
      items: itemMap,
      grants: grants.rows.map((g: Record<string, any>) => ({
        id: Number(g.id),
        consumerDepartmentCode: g.consumer_department_code,
        consumerClientId: g.consumer_client_id,
        resourceCode: g.resource_code,
        items: new Set<string>(g.items),
        districtScope: g.district_scope,
        clearSensitive: g.clear_sensitive,
        validFrom: pgTimestamp(g.valid_from)!,
        validUntil: pgTimestamp(g.valid_until),
      })),
      clients: new Map(
        clients.rows.map((c: Record<string, any>) => [
          c.client_id,
          {
            clientId: c.client_id,
            role: c.role,
            departmentCode: c.department_code,
            disabled: c.disabled_at != null,
            rateLimitPerMinute: c.rate_limit_per_minute,
            maxConcurrentRequests: c.max_concurrent_requests,
          },
        ]),
      ),
      consoleUsers: new Map(
        consoleUsers.rows.map((u: Record<string, any>) => [
          u.username,
          {
            username: u.username,
            roles: u.roles,
            departmentCode: u.department_code,
            disabled: u.disabled_at != null,
          },
        ]),
      ),
    };
  }

  /** LISTENs on a dedicated connection; reconnects (and reloads, in case it missed a change) when it drops. */
  private async listen(): Promise<void> {
    const client = new pg.Client({
      connectionString: this.url,
      application_name: 'exchange-hub:directory-listener',
    });
    client.on('notification', () => {
      this.reload().catch((err: unknown) => this.logger.error({ err }, 'directory reload failed'));
    });
    client.on('error', (err) => {
      this.logger.warn({ err }, 'directory listener lost its connection; reconnecting');
      this.reconnect(client);
    });
    await client.connect();
    await client.query(`LISTEN ${DIRECTORY_CHANNEL}`);
    this.listener = client;
  }

  private reconnect(old: pg.Client): void {
    old.end().catch(() => undefined);
    if (this.stopped || this.listener !== old) return;
    this.listener = undefined;
    const retry = async (delay: number) => {
      if (this.stopped) return;
      try {
        await this.listen();
        await this.reload();
      } catch {
        setTimeout(() => void retry(Math.min(delay * 2, 30_000)), delay).unref();
      }
    };
    void retry(500);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.listener?.end().catch(() => undefined);
  }
}
