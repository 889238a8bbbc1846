import { Migration } from '@mikro-orm/migrations';

export class Migration20261202084322 extends Migration {
  override async up(): Promise<void> {
    // Added by hand to the generated migration: MikroORM does not manage extensions. pg_trgm is a trusted
    // extension (PostgreSQL 13+): a database owner may create it.
    this.addSql(`create extension if not exists pg_trgm;`);
    this.addSql(
      `CREATE INDEX client_search_idx ON public.client USING gin (lower(((client_id || ' '::text) || name)) gin_trgm_ops);`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "client_search_idx";`);
  }
}
