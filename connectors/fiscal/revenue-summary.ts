/**
 * The revenue cube (收入汇总, table revenue_summary): which summaries it can answer exactly, and how it is
 * recomputed. The table and its staleness triggers are in Migration20261127000002.
 */
import type { Logger } from 'pino';
import type { Knex } from '@mikro-orm/postgresql';
import type { SourceDatabase } from '../shared/source-db';
import { withinScope } from '../shared/keyset';

export type RevenueDimension = 'DISTRICT' | 'INDUSTRY' | 'TAX_TYPE' | 'PERIOD' | 'YEAR';

/** The cell columns of the cube with their `grouped_by` bit. */
export const CUBE_COLUMNS = [
  { dimension: 'DISTRICT', column: 'district_code', bit: 4 },
  { dimension: 'INDUSTRY', column: 'industry_code', bit: 2 },
  { dimension: 'TAX_TYPE', column: 'tax_type', bit: 1 },
] as const;

/** The arguments of `revenueSummary`. */
export interface RevenueSummaryArgs {
  groupBy: readonly RevenueDimension[];
  from?: string | null;
  to?: string | null;
  districtCodes?: readonly string[] | null;
  industryCodes?: readonly string[] | null;
  taxTypes?: readonly string[] | null;
}

export interface SummaryRequest extends RevenueSummaryArgs {
  /** Districts the caller's rows are limited to, or null. */
  districtScope: readonly string[] | null;
}

/** How to read a summary from the cube: the rows of one grain and grouping, filtered by cell and period. */
export interface CubePlan {
  grain: 'month' | 'year';
  groupedBy: number;
  /** Period bounds in the grain's format (YYYY-MM or YYYY); null for open. */
  fromPeriod: string | null;
  toPeriod: string | null;
  /** Cell filters: column -> allowed values. */
  cells: { column: string; values: readonly string[] }[];
  /** The months whose staleness matters (YYYY-MM bounds, null for open). */
  staleFrom: string | null;
  staleTo: string | null;
}

/**
 * Decides whether `request` can be answered exactly from the cube, and how; null when only the payments can.
 *
 * Each answer group must be exactly one cube row, because distinct-enterprise counts do not add up: a filter on a
 * dimension that is not grouped must name one value (the cell with that value), and the period range must be
 * whole cells — months when grouping by PERIOD or covering one month; whole years when grouping by YEAR or
 * covering one year.
 */
export function planCubeRead(request: SummaryRequest): CubePlan | null {
  const grouped = new Set(request.groupBy);
  const filters: Record<string, readonly string[] | null | undefined> = {
    district_code: withinScope(request.districtCodes, request.districtScope),
    industry_code: request.industryCodes,
    tax_type: request.taxTypes,
  };
  let groupedBy = 0;
  const cells: CubePlan['cells'] = [];
  for (const c of CUBE_COLUMNS) {
    const values = filters[c.column];
    if (grouped.has(c.dimension)) groupedBy |= c.bit;
    else if (values != null) {
      if (values.length > 1) return null;
      if (values.length === 1) groupedBy |= c.bit;
    }
    if (values != null) cells.push({ column: c.column, values });
  }
  const from = request.from ?? null;
  const to = request.to ?? null;
  const month = { grain: 'month' as const, fromPeriod: from, toPeriod: to, staleFrom: from, staleTo: to };
  if (grouped.has('PERIOD') || (from !== null && from === to)) return { ...month, groupedBy, cells };
  const wholeYears = (from === null || from.endsWith('-01')) && (to === null || to.endsWith('-12'));
  const oneYear = from !== null && to !== null && from.slice(0, 4) === to.slice(0, 4);
  if (!wholeYears || !(grouped.has('YEAR') || oneYear)) return null;
  return {
    grain: 'year',
    groupedBy,
    cells,
    fromPeriod: from?.slice(0, 4) ?? null,
    toPeriod: to?.slice(0, 4) ?? null,
    staleFrom: from,
    staleTo: to,
  };
}

/** Marks every month that has payments stale (after a bulk load with the triggers off). */
export async function markAllMonthsStale(db: SourceDatabase): Promise<void> {
  // A loose index scan: one probe of tax_payment_period_idx per distinct month, not a pass over every payment.
  await db.knex().raw(`INSERT INTO revenue_summary_stale (period)
    WITH RECURSIVE months AS (
      SELECT min(period) AS period FROM tax_payment
      UNION ALL
      SELECT (SELECT min(t.period) FROM tax_payment t WHERE t.period > months.period)
      FROM months WHERE months.period IS NOT NULL
    )
    SELECT period FROM months WHERE period IS NOT NULL
    ON CONFLICT DO NOTHING`);
}

const CELL = CUBE_COLUMNS.map((c) => c.column).join(', ');
// New cube rows are computed into this unindexed temporary table and merged into revenue_summary once (mergeCube).
// Inserting them straight into the indexed table, after deleting the old ones, cost 27 µs a row (each unique
// check walks the dead entries of earlier refreshes), and the index grew with every refresh: a full refresh at
// demo scale went 8.8 -> 10.8 -> 11.6 s in three runs.
const INSERT = `INSERT INTO cube_rows (grain, period, grouped_by, district_code, industry_code, tax_type,
  total_amount, payment_count, enterprise_count)`;

/**
 * The coarser groupings, each derived from a finest grouping: 7 (district, industry, tax type) or 6 (district,
 * industry, any tax type). Summing enterprise counts is exact only when no enterprise appears under two
 * (district, industry) pairs within the period; periods where one does are computed from the enterprises.
 */
const ROLLUPS: { groupedBy: number; from: 7 | 6; columns: string[] }[] = [
  { groupedBy: 5, from: 7, columns: ['district_code', 'tax_type'] },
  { groupedBy: 3, from: 7, columns: ['industry_code', 'tax_type'] },
  { groupedBy: 1, from: 7, columns: ['tax_type'] },
  { groupedBy: 4, from: 6, columns: ['district_code'] },
  { groupedBy: 2, from: 6, columns: ['industry_code'] },
  { groupedBy: 0, from: 6, columns: [] },
];

/** `column` for the grouped columns, NULL for the others, in cube column order. */
function cellList(columns: readonly string[]): string {
  return CUBE_COLUMNS.map((c) => (columns.includes(c.column) ? c.column : 'NULL')).join(', ');
}

/**
 * Computes the cube rows of `grain` for `periods` from `source`, a temporary table with one row per period,
 * cell and enterprise (so a count of its rows per cell is a count of distinct enterprises).
 */
async function computeGrain(
  trx: Knex.Transaction,
  grain: 'month' | 'year',
  source: string,
  periods: string[],
): Promise<void> {
  const finest = [
    // 7: one source row per enterprise in each cell.
    `${INSERT} SELECT ?, period, 7, ${CELL}, sum(cents) / 100.0, sum(payments), count(*)
     FROM ${source} WHERE period = ANY(?) GROUP BY period, ${CELL}`,
    // 6: the same without the tax type, after folding each enterprise's tax types into one row.
    `${INSERT} SELECT ?, period, 6, district_code, industry_code, NULL, sum(cents) / 100.0, sum(payments), count(*)
     FROM (SELECT period, district_code, industry_code, enterprise_code, sum(cents) AS cents,
                  sum(payments) AS payments
           FROM ${source} WHERE period = ANY(?) GROUP BY 1, 2, 3, 4) per_enterprise
     GROUP BY period, district_code, industry_code`,
  ];
  for (const sql of finest) await trx.raw(sql, [grain, periods]);
  const movers = await trx.raw(
    `SELECT DISTINCT period FROM (
       SELECT period FROM ${source} WHERE period = ANY(?) GROUP BY period, enterprise_code
       HAVING min(district_code COLLATE "C") <> max(district_code COLLATE "C")
           OR min(industry_code COLLATE "C") <> max(industry_code COLLATE "C")) m`,
    [periods],
  );
  const exact = (movers.rows as { period: string }[]).map((r) => r.period);
  const additive = periods.filter((p) => !exact.includes(p));
  for (const rollup of ROLLUPS) {
    const group = ['period', ...rollup.columns].join(', ');
    if (additive.length) {
      await trx.raw(
        `${INSERT} SELECT grain, period, ?, ${cellList(rollup.columns)}, sum(total_amount), sum(payment_count),
                sum(enterprise_count)
         FROM cube_rows WHERE grain = ? AND grouped_by = ? AND period = ANY(?) GROUP BY grain, ${group}`,
        [rollup.groupedBy, grain, rollup.from, additive],
      );
    }
    if (exact.length) {
      await trx.raw(
        `${INSERT} SELECT ?, period, ?, ${cellList(rollup.columns)}, sum(cents) / 100.0, sum(payments),
                count(DISTINCT enterprise_code)
         FROM ${source} WHERE period = ANY(?) GROUP BY ${group}`,
        [grain, rollup.groupedBy, exact],
      );
    }
  }
}

/**
 * Makes the cube rows of `months` and `years` those of cube_rows: cells whose figures changed are updated, new
 * cells inserted, cells that are gone deleted, and the rest (most of them, when a few payments changed) left
 * untouched: no new row version, no index entry.
 */
async function mergeCube(trx: Knex.Transaction, months: string[], years: string[]): Promise<void> {
  // An equality join (NULL cells as ''), so PostgreSQL can hash-join the new rows to the cube.
  const same = ['grain', 'grouped_by', 'period']
    .map((c) => `target.${c} = source.${c}`)
    .concat(CUBE_COLUMNS.map((c) => `coalesce(target.${c.column}, '') = coalesce(source.${c.column}, '')`))
    .join(' AND ');
  // The planner prices this join as a merge join (two sorts of the whole cube: 2.6 s at demo scale) where a hash
  // join takes 0.5 s; its estimate of the coalesce() equalities is far off. This transaction's setting only.
  await trx.raw('SET LOCAL enable_mergejoin = off');
  await trx.raw(
    `MERGE INTO revenue_summary AS target USING cube_rows AS source ON ${same}
     WHEN MATCHED AND (target.total_amount, target.payment_count, target.enterprise_count)
       IS DISTINCT FROM (source.total_amount, source.payment_count, source.enterprise_count) THEN
       UPDATE SET total_amount = source.total_amount, payment_count = source.payment_count,
         enterprise_count = source.enterprise_count
     WHEN NOT MATCHED THEN INSERT VALUES (source.grain, source.period, source.grouped_by, source.district_code,
       source.industry_code, source.tax_type, source.total_amount, source.payment_count, source.enterprise_count)
     WHEN NOT MATCHED BY SOURCE AND ((target.grain = 'month' AND target.period = ANY(?))
       OR (target.grain = 'year' AND target.period = ANY(?))) THEN DELETE`,
    [months, years],
  );
}

/**
 * Recomputes the cube rows of every stale month and of the years they belong to, in one transaction that reads
 * those years' payments once, and returns the months refreshed. Only one process refreshes at a time (an
 * advisory lock); the others return 0. A payment written meanwhile marks its month stale again once this
 * transaction ends (the trigger waits on the stale rows this one deleted), so nothing is missed.
 */
export async function refreshRevenueSummary(db: SourceDatabase, logger: Logger): Promise<number> {
  const started = Date.now();
  const months = await db.knex().transaction(async (trx) => {
    const lock = await trx.raw(`SELECT pg_try_advisory_xact_lock(hashtext('revenue_summary_refresh')) AS ok`);
    if (!lock.rows[0].ok) return null;
    const taken = await trx.raw(`DELETE FROM revenue_summary_stale RETURNING period`);
    const stale = (taken.rows as { period: string }[]).map((r) => r.period).sort();
    if (!stale.length) return stale;
    const years = [...new Set(stale.map((m) => m.slice(0, 4)))];
    await trx.raw('SET LOCAL statement_timeout = 0');
    await trx.raw(`SET LOCAL work_mem = '512MB'`);
    await trx.raw(`CREATE TEMPORARY TABLE cube_rows ON COMMIT DROP AS SELECT * FROM revenue_summary LIMIT 0`);
    // The stale years' payments, once: one row per month, cell and enterprise. Sums in integer cents: adding
    // numerics is several times slower, and amounts have two decimals.
    await trx.raw(
      `CREATE TEMPORARY TABLE month_cell_enterprise ON COMMIT DROP AS
       SELECT period, ${CELL}, enterprise_code, sum((amount * 100)::bigint) AS cents, count(*) AS payments
       FROM tax_payment WHERE left(period, 4) = ANY(?) GROUP BY period, ${CELL}, enterprise_code`,
      [years],
    );
    await trx.raw(
      `CREATE TEMPORARY TABLE year_cell_enterprise ON COMMIT DROP AS
       SELECT left(period, 4) AS period, ${CELL}, enterprise_code, sum(cents) AS cents, sum(payments) AS payments
       FROM month_cell_enterprise GROUP BY 1, ${CELL}, enterprise_code`,
    );
    await trx.raw('ANALYZE month_cell_enterprise, year_cell_enterprise');
    await computeGrain(trx, 'month', 'month_cell_enterprise', stale);
    await computeGrain(trx, 'year', 'year_cell_enterprise', years);
    await mergeCube(trx, stale, years);
    return stale;
  });
  if (months === null) {
    logger.debug({ source: db.name }, 'another process is refreshing the revenue summary');
    return 0;
  }
  if (months.length) {
    logger.info(
      { source: db.name, months: months.length, seconds: (Date.now() - started) / 1000 },
      'refreshed revenue summary',
    );
  }
  return months.length;
}
