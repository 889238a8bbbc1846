import { Migration } from '@mikro-orm/migrations';

/**
 * 收入汇总: a revenue cube kept next to the payments, so dashboard summaries over a month or a year read a few
 * hundred rows instead of scanning millions of payments.
 *
 * One row per period (a month `YYYY-MM` or a year `YYYY`) and per combination of district, industry and tax
 * type, for all eight groupings of those three (GROUP BY CUBE): `grouped_by` says which are set (4 district,
 * 2 industry, 1 tax type); the others are NULL, meaning "all". Each row holds the exact distinct-enterprise count
 * of its cell, which is not additive: that is why every grouping is stored rather than summed at query time.
 *
 * Freshness: statement-level triggers on tax_payment record which months changed (revenue_summary_stale);
 * readers fall back to the payments for any range that touches a stale month, so answers are always exact;
 * the hub's refresher (connectors/fiscal/revenue-summary.ts) recomputes stale months and their years.
 */
export class Migration20261127000002 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      CREATE TABLE revenue_summary (
        grain             text NOT NULL CHECK (grain IN ('month', 'year')),
        period            text NOT NULL CHECK (period ~ '^[0-9]{4}(-(0[1-9]|1[0-2]))?$'),
        grouped_by        smallint NOT NULL CHECK (grouped_by BETWEEN 0 AND 7),
        district_code     text,
        industry_code     text,
        tax_type          text,
        total_amount      numeric(20, 2) NOT NULL,
        payment_count     bigint NOT NULL,
        enterprise_count  integer NOT NULL
      );
      -- Every summary read names the grain and grouping and a period range; the cell columns follow for filters.
      CREATE UNIQUE INDEX revenue_summary_cell_idx ON revenue_summary
        (grain, grouped_by, period, district_code, industry_code, tax_type) NULLS NOT DISTINCT;

      -- Months whose payments changed since their cube rows (and their year's) were computed.
      CREATE TABLE revenue_summary_stale (
        period     text PRIMARY KEY CHECK (period ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
        marked_at  timestamptz NOT NULL DEFAULT now()
      );

      CREATE FUNCTION revenue_summary_mark_stale() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP IN ('INSERT', 'UPDATE') THEN
          INSERT INTO revenue_summary_stale (period) SELECT DISTINCT period FROM new_rows ON CONFLICT DO NOTHING;
        END IF;
        IF TG_OP IN ('DELETE', 'UPDATE') THEN
          INSERT INTO revenue_summary_stale (period) SELECT DISTINCT period FROM old_rows ON CONFLICT DO NOTHING;
        END IF;
        RETURN NULL;
      END $$;
      CREATE TRIGGER tax_payment_summary_insert AFTER INSERT ON tax_payment
        REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION revenue_summary_mark_stale();
      CREATE TRIGGER tax_payment_summary_update AFTER UPDATE ON tax_payment
        REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION revenue_summary_mark_stale();
      CREATE TRIGGER tax_payment_summary_delete AFTER DELETE ON tax_payment
        REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION revenue_summary_mark_stale();

      -- TRUNCATE empties the payments, so the cube of nothing is nothing.
      CREATE FUNCTION revenue_summary_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        TRUNCATE revenue_summary, revenue_summary_stale;
        RETURN NULL;
      END $$;
      CREATE TRIGGER tax_payment_summary_truncate AFTER TRUNCATE ON tax_payment
        FOR EACH STATEMENT EXECUTE FUNCTION revenue_summary_truncate();

      -- Payments loaded before this migration: every month they cover is stale until the refresher has run.
      -- (A loose index scan: one index probe per distinct month, not a pass over millions of payments.)
      INSERT INTO revenue_summary_stale (period)
      WITH RECURSIVE months AS (
        SELECT min(period) AS period FROM tax_payment
        UNION ALL
        SELECT (SELECT min(t.period) FROM tax_payment t WHERE t.period > months.period)
        FROM months WHERE months.period IS NOT NULL
      )
      SELECT period FROM months WHERE period IS NOT NULL;
    `);
  }

  override async down(): Promise<void> {
    this.addSql(`
      DROP TRIGGER tax_payment_summary_truncate ON tax_payment;
      DROP TRIGGER tax_payment_summary_delete ON tax_payment;
      DROP TRIGGER tax_payment_summary_update ON tax_payment;
      DROP TRIGGER tax_payment_summary_insert ON tax_payment;
      DROP FUNCTION revenue_summary_truncate();
      DROP FUNCTION revenue_summary_mark_stale();
      DROP TABLE revenue_summary_stale;
      DROP TABLE revenue_summary;
    `);
  }
}
