/**
 * Per-client quotas on /graphql: how many requests a client may have in flight at once, and (for the federation
 * gateway's front; the hub's server counts them with @fastify/rate-limit) how many it may send per minute. A client's own figures come from the directory, where
 * an administrator sets them (`setClientQuota`); the configured defaults apply otherwise.
 */
import type { DirectoryState } from '../auth/directory-state';

export interface QuotaDefaults {
  requestsPerMinute: number;
  maxConcurrent: number;
}

export class ClientQuotas {
  /** Requests in flight per client id; a client with none has no entry, so the map holds active clients only. */
  private readonly inFlight = new Map<string, number>();

  constructor(
    private readonly directory: DirectoryState,
    private readonly defaults: QuotaDefaults,
  ) {}

  /** The requests per minute `clientId` may send. */
  requestsPerMinute(clientId: string): number {
    return (
      this.directory.snapshot().clients.get(clientId)?.rateLimitPerMinute ?? this.defaults.requestsPerMinute
    );
  }

  /** The requests `clientId` may have in flight at once. */
  maxConcurrent(clientId: string): number {
    return (
      this.directory.snapshot().clients.get(clientId)?.maxConcurrentRequests ?? this.defaults.maxConcurrent
    );
  }

  /** Takes one of the client's in-flight slots; false when all are taken (the request is refused with 429). */
  enter(clientId: string): boolean {
    const current = this.inFlight.get(clientId) ?? 0;
    if (current >= this.maxConcurrent(clientId)) return false;
    this.inFlight.set(clientId, current + 1);
    return true;
  }

  /** Gives back a slot taken by `enter`. */
  leave(clientId: string): void {
    const current = this.inFlight.get(clientId) ?? 0;
    if (current <= 1) this.inFlight.delete(clientId);
    else this.inFlight.set(clientId, current - 1);
  }
}

/**
 * Requests per client per fixed minute: the gateway front's counterpart of @fastify/rate-limit on the hub's server.
 * At most `maxClients` clients are remembered (the oldest entry is forgotten first), so memory is bounded.
 */
export class RequestRate {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(private readonly maxClients = 10_000) {}

  /**
   * Counts one request of `clientId` against `perMinute`; returns the seconds until its window ends when the
   * request is one too many, or 0 when it may go on.
   */
  take(clientId: string, perMinute: number, now = Date.now()): number {
    let window = this.windows.get(clientId);
    if (!window || now - window.start >= 60_000) {
      if (!window && this.windows.size >= this.maxClients) {
        this.windows.delete(this.windows.keys().next().value!);
      }
      window = { start: now, count: 0 };
      this.windows.delete(clientId);
      this.windows.set(clientId, window);
    }
    if (window.count >= perMinute) return Math.ceil((window.start + 60_000 - now) / 1000);
    window.count++;
    return 0;
  }
}
