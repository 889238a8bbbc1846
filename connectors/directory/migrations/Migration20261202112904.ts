import { Migration } from '@mikro-orm/migrations';

export class Migration20261202112904 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "client" drop constraint if exists "client_role_check";`);

    this.addSql(
      `alter table "client" add constraint "client_role_check" check("role" in ('ADMIN', 'DEPARTMENT', 'AUDITOR', 'GATEWAY'));`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "client" drop constraint if exists "client_role_check";`);

    this.addSql(
      `alter table "client" add constraint "client_role_check" check("role" in ('ADMIN', 'DEPARTMENT', 'AUDITOR'));`,
    );
  }
}
