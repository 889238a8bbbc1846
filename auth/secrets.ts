/**
 * Client secrets: 256 random bits, shown once, stored only as a keyed hash (HMAC-SHA-256).
 *
 * Why not a slow password hash: a slow hash defends guessable secrets, and these are not guessable (2^256). What
 * it did do was hand attackers a lever: at ~100 ms of scrypt per check on libuv's four threads, 120 concurrent
 * wrong secrets delayed a legitimate login by 30 s. An HMAC check costs about a microsecond, so a flood of wrong
 * secrets costs the hub next to nothing. The key (`hub_key`, made on first use) means a leaked `client` table
 * alone does not even let one test a candidate secret offline. scrypt hashes written before are still accepted
 * and replaced by an HMAC on their next successful use (`verify` says so).
 */
import { createHmac, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import type { Knex } from '@mikro-orm/postgresql';

const HMAC_PREFIX = 'hmac-sha256$';
const KEY_NAME = 'client-secret-hmac';

/** Runs SQL with $1-style parameters and returns the rows: a pg client's or pool's `query`, or knex wrapped. */
export type RunSql = (sql: string, values: (string | Buffer)[]) => Promise<Record<string, unknown>[]>;

/** A RunSql over knex (whose placeholders are `?`). */
export function knexRunner(knex: Knex): RunSql {
  return async (sql, values) => (await knex.raw(sql.replace(/\$\d+/g, '?'), values)).rows;
}

/** A new random client secret (URL-safe, 43 characters, 256 bits). */
export function generateSecret(): string {
  return randomBytes(32).toString('base64url');
}

// Old scrypt hashes cost ~100 ms and 32 MB per check: at most this many run at once, so that a flood against a
// client that still has one cannot bring the lever back (the others are told to slow down).
const MAX_SCRYPT_AT_ONCE = 2;

export class ClientSecrets {
  private scryptRunning = 0;

  private constructor(private readonly key: Buffer) {}

  /** The hasher with the hub's key, created in `hub_key` the first time any process asks. */
  static async load(run: RunSql): Promise<ClientSecrets> {
    await run(`INSERT INTO hub_key (name, secret) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING`, [
      KEY_NAME,
      randomBytes(32),
    ]);
    const [row] = await run(`SELECT secret FROM hub_key WHERE name = $1`, [KEY_NAME]);
    return new ClientSecrets(row.secret as Buffer);
  }

  /** The stored form of `secret`: `hmac-sha256$<base64url MAC>`. */
  hash(secret: string): string {
    return HMAC_PREFIX + this.mac(secret).toString('base64url');
  }

  /**
   * Whether `secret` matches `stored` (constant time in the secret); `rehash` is set when it matched an old
   * scrypt hash, which the caller should replace with it; `busy` when too many old hashes are being checked now. With `stored` null (no such client) the same HMAC work
   * is done, so "no such client" and "wrong secret" take the same time.
   */
  async verify(
    secret: string,
    stored: string | null,
  ): Promise<{ valid: boolean; rehash?: string; busy?: boolean }> {
    const actual = this.mac(secret);
    if (stored === null || stored.startsWith(HMAC_PREFIX)) {
      const expected = stored ? Buffer.from(stored.slice(HMAC_PREFIX.length), 'base64url') : randomBytes(32);
      return {
        valid: expected.length === actual.length && timingSafeEqual(actual, expected) && stored !== null,
      };
    }
    if (this.scryptRunning >= MAX_SCRYPT_AT_ONCE) return { valid: false, busy: true };
    this.scryptRunning++;
    try {
      const valid = await verifyScrypt(secret, stored);
      return valid ? { valid, rehash: this.hash(secret) } : { valid };
    } finally {
      this.scryptRunning--;
    }
  }

  private mac(secret: string): Buffer {
    return createHmac('sha256', this.key).update(secret, 'utf8').digest();
  }
}

/** True when `secret` matches a `scrypt$N$r$p$salt$hash` hash written by an earlier version of the hub. */
async function verifyScrypt(secret: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [, n, r, p, salt, hash] = parts;
  const expected = Buffer.from(hash, 'base64url');
  const actual = await new Promise<Buffer>((resolve, reject) =>
    scrypt(
      secret,
      Buffer.from(salt, 'base64url'),
      expected.length,
      { N: Number(n), r: Number(r), p: Number(p), maxmem: 64 * 1024 * 1024 },
      (err, key) => (err ? reject(err) : resolve(key)),
    ),
  );
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
