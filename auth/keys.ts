/**
 * The hub's token signing keys (ES256), kept in the directory database so they survive restarts and are shared
 * by every hub process. The newest key signs; older keys stay published in the JWKS until every token they signed
 * has expired, so a rotation never invalidates a token that is still valid.
 */
import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, importJWK, SignJWT, type CryptoKey, type JWK } from 'jose';
import type { Knex } from '@mikro-orm/postgresql';
import { DIRECTORY_CHANNEL } from './directory-state';

export const SIGNING_ALG = 'ES256';

interface StoredKey {
  kid: string;
  publicJwk: JWK;
  privateJwk: JWK;
  createdAt: Date;
  retiredAt: Date | null;
}

export class SigningKeys {
  private keys: StoredKey[] = [];
  private lastReload = 0;
  private readonly imported = new Map<string, Promise<CryptoKey>>();

  constructor(
    private readonly knex: Knex,
    /** Token lifetime in seconds: how long a retired key must stay published. */
    private readonly tokenTtlSeconds: number,
  ) {}

  /** Loads the keys; generates the first one if there is none. */
  async init(): Promise<void> {
    await this.reload();
    if (!this.activeKey()) await this.rotate();
  }

  /** Re-reads the keys (another hub process may have rotated them). */
  async reload(): Promise<void> {
    const rows = await this.knex.raw(
      `SELECT kid, public_jwk, private_jwk, created_at, retired_at FROM signing_key
       WHERE retired_at IS NULL OR retired_at > now() ORDER BY created_at DESC`,
    );
    this.keys = (rows.rows as Record<string, unknown>[]).map((r) => ({
      kid: r.kid as string,
      publicJwk: r.public_jwk as JWK,
      privateJwk: r.private_jwk as JWK,
      createdAt: r.created_at as Date,
      retiredAt: r.retired_at as Date | null,
    }));
  }

  /**
   * Adds a new signing key and schedules the current ones to leave the JWKS once the tokens they signed have
   * expired. Returns the new key id.
   */
  async rotate(): Promise<string> {
    const { publicKey, privateKey } = await generateKeyPair(SIGNING_ALG, { extractable: true });
    const kid = randomUUID();
    const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: SIGNING_ALG, use: 'sig' };
    const privateJwk = { ...(await exportJWK(privateKey)), kid, alg: SIGNING_ALG };
    await this.knex.transaction(async (trx) => {
      await trx.raw(
        `UPDATE signing_key SET retired_at = now() + make_interval(secs => ?) WHERE retired_at IS NULL`,
        [this.tokenTtlSeconds + 60],
      );
      // Every hub process reloads its keys (and starts signing with the new one) when it hears this.
      await trx.raw('SELECT pg_notify(?, ?)', [DIRECTORY_CHANNEL, 'KEY_ROTATED']);
      await trx.raw(`INSERT INTO signing_key (kid, alg, public_jwk, private_jwk) VALUES (?, ?, ?, ?)`, [
        kid,
        SIGNING_ALG,
        JSON.stringify(publicJwk),
        JSON.stringify(privateJwk),
      ]);
    });
    await this.reload();
    return kid;
  }

  private activeKey(): StoredKey | undefined {
    return this.keys.find((k) => k.retiredAt === null);
  }

  private cryptoKey(jwk: JWK): Promise<CryptoKey> {
    const id = `${jwk.kid}:${jwk.d ? 'private' : 'public'}`;
    let key = this.imported.get(id);
    if (!key) {
      key = importJWK(jwk, SIGNING_ALG) as Promise<CryptoKey>;
      this.imported.set(id, key);
    }
    return key;
  }

  /** Signs `claims` with the active key for `ttlSeconds`. */
  async sign(
    claims: Record<string, unknown>,
    options: { issuer: string; audience: string; subject: string },
  ): Promise<string> {
    const key = this.activeKey();
    if (!key)
      throw new Error('No active signing key: the directory has none (run the hub once to create one).');
    return new SignJWT(claims)
      .setProtectedHeader({ alg: SIGNING_ALG, kid: key.kid, typ: 'at+jwt' })
      .setIssuer(options.issuer)
      .setAudience(options.audience)
      .setSubject(options.subject)
      .setIssuedAt()
      .setJti(randomUUID())
      .setExpirationTime(`${this.tokenTtlSeconds}s`)
      .sign(await this.cryptoKey(key.privateJwk));
  }

  /** The public keys to publish at /.well-known/jwks.json. */
  jwks(): { keys: JWK[] } {
    return { keys: this.keys.map((k) => k.publicJwk) };
  }

  /**
   * The public key for `kid`, reloading once when it is unknown (another process may have just rotated).
   * Returns undefined for a kid the hub never issued or has retired.
   */
  async publicKey(kid: string | undefined): Promise<CryptoKey | undefined> {
    if (!kid) return undefined;
    let key = this.keys.find((k) => k.kid === kid);
    // At most one reload per 5 s: tokens with made-up kids must not turn into database load.
    if (!key && Date.now() - this.lastReload > 5000) {
      this.lastReload = Date.now();
      await this.reload();
      key = this.keys.find((k) => k.kid === kid);
    }
    return key ? this.cryptoKey(key.publicJwk) : undefined;
  }
}
