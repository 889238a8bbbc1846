import { Migration } from '@mikro-orm/migrations';

/**
 * Limits and quotas (issue 12):
 * - `audit_record.correlation_id`: the client's own X-Request-Id. The record's `request_id` is always the hub's.
 * - `client.rate_limit_per_minute`, `client.max_concurrent_requests`: an administrator's per-client override of
 *   the default GraphQL quota (null: the configured default).
 * - `client.secret_hash` may now hold `hmac-sha256$...` (a keyed hash: secrets are 256 random bits, so a slow hash
 *   adds nothing but a lever for floods); `hub_key` keeps that key. scrypt hashes are rehashed on their next use.
 */
export class Migration20261202000005 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`ALTER TABLE audit_record ADD COLUMN correlation_id text;`);
    this.addSql(`ALTER TABLE client
      ADD COLUMN rate_limit_per_minute integer CHECK (rate_limit_per_minute BETWEEN 1 AND 1000000),
      ADD COLUMN max_concurrent_requests integer CHECK (max_concurrent_requests BETWEEN 1 AND 10000);`);
    this.addSql(`CREATE TABLE hub_key (
      name       text PRIMARY KEY,
      secret     bytea NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    );`);
  }

  override async down(): Promise<void> {
    this.addSql(`DROP TABLE hub_key;`);
    this.addSql(`ALTER TABLE client DROP COLUMN rate_limit_per_minute, DROP COLUMN max_concurrent_requests;`);
    this.addSql(`ALTER TABLE audit_record DROP COLUMN correlation_id;`);
  }
}
