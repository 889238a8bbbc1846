/**
 * Passwords of console users (people, not apps). People choose guessable passwords, so unlike client secrets
 * (256 random bits, auth/secrets.ts) they are stored with a slow, memory-hard hash: scrypt, N=2^15, r=8, p=1
 * (about 100 ms and 32 MB per check on this machine), salted per password.
 *
 * The cost is what makes a stolen table expensive to crack, and also what a flood of sign-ins could turn against
 * the hub: at most MAX_AT_ONCE checks run at once, and the rest are told the hub is busy (with the per-user lockout
 * in auth/console-users.ts, a flood cannot make a real sign-in wait long).
 */
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

const N = 2 ** 15;
const R = 8;
const P = 1;
const KEY_BYTES = 32;
/** scrypt needs 128 * N * r bytes (32 MB); the default maxmem of 32 MB is just too small. */
const MAX_MEMORY = 64 * 1024 * 1024;
/** Checks running at once, at most (each holds 32 MB and a libuv thread for ~100 ms). */
const MAX_AT_ONCE = 2;

/** Shortest and longest password accepted: long enough to resist guessing, short enough to bound the work. */
export const PASSWORD_LENGTH = { min: 12, max: 256 } as const;

function derive(
  password: string,
  salt: Buffer,
  n: number,
  r: number,
  p: number,
  bytes: number,
): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password, salt, bytes, { N: n, r, p, maxmem: MAX_MEMORY }, (err, key) =>
      err ? reject(err) : resolve(key),
    ),
  );
}

/** Why a password cannot be used, or null when it can. */
export function passwordProblem(password: string): string | null {
  const length = [...password].length;
  if (length < PASSWORD_LENGTH.min) return `A password has at least ${PASSWORD_LENGTH.min} characters.`;
  if (length > PASSWORD_LENGTH.max) return `A password has at most ${PASSWORD_LENGTH.max} characters.`;
  if (new Set(password).size < 4) return 'A password uses at least 4 different characters.';
  return null;
}

/** The stored form of `password`: `scrypt$N$r$p$<salt>$<hash>` (base64url). */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, N, R, P, KEY_BYTES);
  return ['scrypt', N, R, P, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/** Checks passwords against stored hashes, a few at a time. */
export class PasswordChecker {
  private running = 0;
  /** A hash of a random password, checked when there is no user, so that "no such user" costs the same. */
  private readonly decoy = hashPassword(randomBytes(18).toString('base64url'));

  /**
   * Whether `password` matches `stored`; with `stored` null the same work is done and the answer is no. `busy`
   * when MAX_AT_ONCE checks are already running: nothing was checked, and the caller should say "try again".
   */
  async verify(password: string, stored: string | null): Promise<{ valid: boolean; busy?: boolean }> {
    if (this.running >= MAX_AT_ONCE) return { valid: false, busy: true };
    this.running++;
    try {
      const hash = stored ?? (await this.decoy);
      const parts = hash.split('$');
      if (parts.length !== 6 || parts[0] !== 'scrypt') return { valid: false };
      const [, n, r, p, salt, expectedText] = parts;
      const expected = Buffer.from(expectedText, 'base64url');
      const actual = await derive(
        password.slice(0, PASSWORD_LENGTH.max * 4),
        Buffer.from(salt, 'base64url'),
        Number(n),
        Number(r),
        Number(p),
        expected.length,
      );
      return {
        valid: stored !== null && actual.length === expected.length && timingSafeEqual(actual, expected),
      };
    } finally {
      this.running--;
    }
  }
}
