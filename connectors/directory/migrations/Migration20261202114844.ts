import { Migration } from '@mikro-orm/migrations';

export class Migration20261202114844 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "audit_record" add column "recorded_by" text null;`);
    this.addSql(`create index "audit_record_request_idx" on "audit_record" ("request_id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "audit_record_request_idx";`);
    this.addSql(`alter table "audit_record" drop column "recorded_by";`);
  }
}
