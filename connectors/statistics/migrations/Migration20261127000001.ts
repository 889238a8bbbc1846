import { Migration } from '@mikro-orm/migrations';

/** Indicator catalogue, observations and the release calendar, with an index for every filter offered. */
export class Migration20261127000001 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      CREATE TABLE indicator (
        code         text PRIMARY KEY,
        name         text NOT NULL,
        unit         text NOT NULL,
        frequency    text NOT NULL CHECK (frequency IN ('YEARLY', 'MONTHLY')),
        category     text NOT NULL,
        description  text NOT NULL DEFAULT ''
      );
      CREATE INDEX indicator_category_idx ON indicator (category, code);
      CREATE INDEX indicator_frequency_idx ON indicator (frequency, code);

      CREATE TABLE observation (
        indicator_code  text NOT NULL REFERENCES indicator (code),
        region_code     text NOT NULL CHECK (char_length(region_code) = 6),
        period          text NOT NULL CHECK (period ~ '^[0-9]{4}(-[0-9]{2})?$'),
        value           double precision,
        PRIMARY KEY (indicator_code, region_code, period)
      );
      -- Region.indicatorValues: one region's values, by indicator and period.
      CREATE INDEX observation_region_idx ON observation (region_code, indicator_code, period);

      CREATE TABLE release (
        id              integer PRIMARY KEY,
        indicator_code  text NOT NULL REFERENCES indicator (code),
        period          text NOT NULL,
        scheduled_on    date NOT NULL,
        published_on    date,
        UNIQUE (indicator_code, period)
      );
      CREATE INDEX release_scheduled_idx ON release (scheduled_on, id);
    `);
  }

  override async down(): Promise<void> {
    this.addSql('DROP TABLE release; DROP TABLE observation; DROP TABLE indicator;');
  }
}
