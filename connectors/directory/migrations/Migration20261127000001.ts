import { Migration } from '@mikro-orm/migrations';

/** Reference data shared by every source: regions and departments. */
export class Migration20261127000001 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      CREATE TABLE region (
        code         text PRIMARY KEY CHECK (code ~ '^[0-9]{6}$'),
        name         text NOT NULL,
        kind         text NOT NULL CHECK (kind IN ('CITY', 'DISTRICT', 'COUNTY_CITY')),
        parent_code  text REFERENCES region (code) CHECK (char_length(parent_code) = 6),
        population   integer NOT NULL
      );
      CREATE TABLE department (
        code         text PRIMARY KEY CHECK (char_length(code) = 9),
        name         text NOT NULL UNIQUE,
        short_name   text NOT NULL,
        region_code  text NOT NULL REFERENCES region (code) CHECK (char_length(region_code) = 6)
      );
      CREATE INDEX department_region_idx ON department (region_code, code);
    `);
  }

  override async down(): Promise<void> {
    this.addSql('DROP TABLE department; DROP TABLE region;');
  }
}
