/**
 * The authentication and authorisation centre (认证授权中心), assembled: signing keys, the directory snapshot
 * the permission engine reads, and the token service.
 */
import type { Logger } from 'pino';
import type { SourceDatabase } from '../connectors/shared/source-db';
import { DirectoryState } from './directory-state';
import { Identity, type IdentityOptions } from './identity';
import { SigningKeys } from './keys';
import { ClientSecrets, knexRunner } from './secrets';
import { DEMO_SEED_ACTOR } from './catalogue';
import { logExpiredGrants } from '../audit/change-log';
import { ConsoleSessions } from './console-sessions';
import { PasswordChecker } from './passwords';

export interface Auth {
  keys: SigningKeys;
  directory: DirectoryState;
  identity: Identity;
  /** Hashes and checks client secrets (keyed HMAC, see auth/secrets.ts). */
  secrets: ClientSecrets;
  /** Sign-in, refresh and sign-out of console users (auth/console-sessions.ts). */
  consoleSessions: ConsoleSessions;
  close(): Promise<void>;
}

/**
 * Loads keys (creating the first on a new directory) and the directory snapshot, and starts listening for
 * directory changes. With `production`, refuses to run while a development credential is enabled.
 */
export async function initAuth(
  directoryDb: SourceDatabase,
  options: IdentityOptions & { production: boolean; consoleSessionSeconds: number },
  logger: Logger,
): Promise<Auth> {
  const knex = directoryDb.knex();
  if (options.production) {
    const demo = await knex.raw(
      `SELECT 'client ' || client_id AS name FROM client WHERE created_by = ? AND disabled_at IS NULL
       UNION ALL
       SELECT 'console user ' || username FROM console_user WHERE created_by = ? AND disabled_at IS NULL`,
      [DEMO_SEED_ACTOR, DEMO_SEED_ACTOR],
    );
    if (demo.rows.length) {
      throw new Error(
        `Production mode refuses to start while development credentials are enabled: ${demo.rows.map((r: { name: string }) => r.name).join(', ')}. ` +
          'Disable them (mutations disableClient, disableConsoleUser) or run without NODE_ENV=production.',
      );
    }
  }
  const secrets = await ClientSecrets.load(knexRunner(knex));
  await ConsoleSessions.ensureClient(knex, secrets);
  const keys = new SigningKeys(knex, options.tokenTtlSeconds);
  await keys.init();
  const directory = new DirectoryState(knex, directoryDb.url, logger);
  directory.follow(() => keys.reload());
  await directory.start();
  // Expiry needs no action to take effect, but the change log must show it: sweep now and every minute.
  const sweep = () =>
    logExpiredGrants(knex).catch((err: unknown) => logger.warn({ err }, 'could not log expired grants'));
  await sweep();
  const timer = setInterval(() => void sweep(), 60_000);
  timer.unref();
  return {
    keys,
    directory,
    secrets,
    consoleSessions: new ConsoleSessions(knex, keys, new PasswordChecker(), {
      issuer: options.issuer,
      audience: options.audience,
      tokenTtlSeconds: options.tokenTtlSeconds,
      sessionSeconds: options.consoleSessionSeconds,
    }),
    identity: new Identity(knex, keys, directory, secrets, options),
    close: async () => {
      clearInterval(timer);
      await directory.stop();
    },
  };
}
