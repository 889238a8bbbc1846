import { Migration } from '@mikro-orm/migrations';

export class Migration20261202053348 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "administrative_penalty" ("id" int not null, "credit_code" text not null, "decision_number" text not null, "decided_on" date not null, "kind" text check ("kind" in ('WARNING', 'FINE', 'CONFISCATION', 'SUSPENSION', 'LICENCE_REVOKED')) not null, "amount" numeric(14,2) null, "reason" text not null, "district_code" text not null, "authority_code" text not null, constraint "administrative_penalty_pkey" primary key ("id"), constraint administrative_penalty_amount_check check (amount IS NULL OR amount >= 0));`,
    );
    this.addSql(
      `alter table "administrative_penalty" add constraint "administrative_penalty_decision_number_unique" unique ("decision_number");`,
    );
    this.addSql(
      `create index "administrative_penalty_enterprise_idx" on "administrative_penalty" ("credit_code", "decided_on", "id");`,
    );
    this.addSql(
      `create index "administrative_penalty_decided_idx" on "administrative_penalty" ("decided_on", "id");`,
    );
    this.addSql(
      `create index "administrative_penalty_district_idx" on "administrative_penalty" ("district_code", "decided_on", "id");`,
    );

    this.addSql(
      `create table "annual_report" ("credit_code" text not null, "year" int not null, "submitted_on" date not null, "employees" int not null, "total_assets" numeric(16,2) not null, "operating_revenue" numeric(16,2) not null, "contact_phone" text not null, constraint "annual_report_pkey" primary key ("credit_code", "year"), constraint annual_report_year_check check (year >= 1980 AND year <= 2100), constraint annual_report_employees_check check (employees >= 0));`,
    );

    this.addSql(
      `create table "business_licence" ("credit_code" text not null, "registration_number" text not null, "legal_form" text not null, "business_scope" text not null, "registered_on" date not null, "district_code" text not null, "authority_code" text not null, "status" text check ("status" in ('ACTIVE', 'REVOKED', 'CANCELLED')) not null, "status_changed_on" date null, "risk_rating" text check ("risk_rating" in ('A', 'B', 'C', 'D')) not null, constraint "business_licence_pkey" primary key ("credit_code"), constraint business_licence_credit_code_check check (char_length(credit_code) = 18), constraint business_licence_district_code_check check (char_length(district_code) = 6));`,
    );
    this.addSql(
      `alter table "business_licence" add constraint "business_licence_registration_number_unique" unique ("registration_number");`,
    );
    this.addSql(
      `create index "business_licence_district_idx" on "business_licence" ("district_code", "credit_code");`,
    );
    this.addSql(
      `create index "business_licence_status_idx" on "business_licence" ("status", "credit_code");`,
    );
    this.addSql(
      `create index "business_licence_district_status_idx" on "business_licence" ("district_code", "status", "credit_code");`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "administrative_penalty" cascade;`);

    this.addSql(`drop table if exists "annual_report" cascade;`);

    this.addSql(`drop table if exists "business_licence" cascade;`);
  }
}
