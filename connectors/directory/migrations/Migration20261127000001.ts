import { Migration } from '@mikro-orm/migrations';

/** Reference data shared by every source: regions and departments. */
export class Migration20261127000001 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      CREATE TABLE region (
        code         char(6) PRIMARY KEY CHECK (code ~ '^[0-9]{6}$'),
        name         text NOT NULL,
        kind         text NOT NULL CHECK (kind IN ('CITY', 'DISTRICT', 'COUNTY_CITY')),
        parent_code  char(6) REFERENCES region (code),
        population   integer NOT NULL
      );
      CREATE TABLE department (
        code         char(9) PRIMARY KEY,
        name         text NOT NULL UNIQUE,
        short_name   text NOT NULL,
        region_code  char(6) NOT NULL REFERENCES region (code)
      );
      CREATE INDEX department_region_idx ON department (region_code, code);
    `);
  }

  override async down(): Promise<void> {
    this.addSql('DROP TABLE department; DROP TABLE region;');
  }
}
