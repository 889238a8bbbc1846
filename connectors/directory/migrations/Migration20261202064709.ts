import { Migration } from '@mikro-orm/migrations';

export class Migration20261202064709 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "console_user" ("username" text not null, "display_name" text not null, "department_code" text null, "roles" text[] not null, "password_hash" text not null, "failed_attempts" int not null default 0, "locked_until" timestamptz null, "created_at" timestamptz not null default now(), "created_by" text not null, "disabled_at" timestamptz null, "last_sign_in_at" timestamptz null, constraint "console_user_pkey" primary key ("username"), constraint console_user_username_check check (username ~ '^[a-z0-9][a-z0-9._-]{2,63}\$'::text), constraint console_user_roles_check check (cardinality(roles) > 0), constraint console_user_failed_attempts_check check (failed_attempts >= 0));`,
    );
    this.addSql(
      `create index "console_user_department_idx" on "console_user" ("department_code", "username");`,
    );

    this.addSql(
      `create table "console_session" ("token_hash" text not null, "username" text not null, "created_at" timestamptz not null default now(), "expires_at" timestamptz not null, "ended_at" timestamptz null, constraint "console_session_pkey" primary key ("token_hash"));`,
    );
    this.addSql(
      `create index "console_session_username_idx" on "console_session" ("username", "expires_at");`,
    );

    this.addSql(
      `alter table "console_user" add constraint "console_user_department_code_fkey" foreign key ("department_code") references "department" ("code") on update no action on delete no action;`,
    );

    this.addSql(
      `alter table "console_session" add constraint "console_session_username_fkey" foreign key ("username") references "console_user" ("username") on update no action on delete no action;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "console_session" drop constraint "console_session_username_fkey";`);

    this.addSql(`drop table if exists "console_user" cascade;`);

    this.addSql(`drop table if exists "console_session" cascade;`);
  }
}
