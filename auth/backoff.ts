/**
 * Growing back-off after failures, per key (a client id, a source address): the token endpoint's defence
 * against guessing and floods. Pure bookkeeping in memory, bounded in entries.
 *
 * After `freeFailures` failures in a row a key is locked for `firstLockSeconds`; each further failure doubles it
 * up to `maxLockSeconds`;
 * a success clears it. Why per key and not global: one client hammering with wrong secrets must not lock out
 * the others (or itself, from another address, once it has its secret right).
 */
export interface BackoffOptions {
  /** Failures in a row allowed before the first lock. */
  freeFailures: number;
  /** The first lock, seconds; each further failure doubles it. */
  firstLockSeconds: number;
  /** Longest lock, seconds. */
  maxLockSeconds: number;
  /** Keys remembered at most; the least recently failed are forgotten first (about 100 bytes each). */
  maxEntries: number;
}

interface Entry {
  failures: number;
  /** Epoch ms of the last failure: a key quiet for longer than the longest lock starts again from zero. */
  lastFailure: number;
  /** Epoch ms until which the key is locked (0: not locked). */
  lockedUntil: number;
}

export class FailureBackoff {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly options: BackoffOptions) {}

  /** Seconds until `key` may try again (rounded up); 0 when it may now. */
  retryAfter(key: string, now = Date.now()): number {
    const entry = this.entries.get(key);
    if (!entry || entry.lockedUntil <= now) return 0;
    return Math.ceil((entry.lockedUntil - now) / 1000);
  }

  /** Counts a failure of `key` and locks it once past the free failures. */
  fail(key: string, now = Date.now()): void {
    const known = this.entries.get(key);
    // Failures spread over weeks are no attack: a key quiet for longer than the longest lock is forgotten.
    const entry =
      known && now - known.lastFailure <= this.options.maxLockSeconds * 1000
        ? known
        : { failures: 0, lockedUntil: 0, lastFailure: now };
    this.entries.delete(key); // re-inserted last: Map order is the eviction order
    entry.failures++;
    entry.lastFailure = now;
    const over = entry.failures - this.options.freeFailures + 1;
    if (over > 0) {
      const seconds = Math.min(
        this.options.firstLockSeconds * 2 ** Math.min(over - 1, 30),
        this.options.maxLockSeconds,
      );
      entry.lockedUntil = now + seconds * 1000;
    }
    if (this.entries.size >= this.options.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, entry);
  }

  /** Forgets the failures of `key`. */
  succeed(key: string): void {
    this.entries.delete(key);
  }

  /** Keys remembered now. */
  get size(): number {
    return this.entries.size;
  }
}
