/**
 * A client secret hashed the way earlier versions of the hub stored it (scrypt, N=2^15, r=8, p=1), for tests of
 * the upgrade path: auth/secrets.ts still accepts such hashes and replaces them on their next use.
 */
import { randomBytes, scrypt } from 'node:crypto';

export async function legacyScryptHash(secret: string): Promise<string> {
  const salt = randomBytes(16);
  const N = 1 << 15;
  const key = await new Promise<Buffer>((resolve, reject) =>
    scrypt(secret, salt, 32, { N, r: 8, p: 1, maxmem: 64 * 1024 * 1024 }, (err, k) =>
      err ? reject(err) : resolve(k),
    ),
  );
  return ['scrypt', N, 8, 1, salt.toString('base64url'), key.toString('base64url')].join('$');
}
