/**
 * Per-client quotas on /graphql: how many requests a client may have in flight at once. (Requests per minute
 * are counted by @fastify/rate-limit; see src/server.ts.) A client's own figures come from the directory, where
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
