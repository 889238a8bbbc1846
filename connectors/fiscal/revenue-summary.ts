/**
 * The revenue cube (收入汇总, table revenue_summary): which summaries it can answer exactly, and how it is
 * recomputed. The table and its staleness triggers are in Migration20261127000002.
 */
import type { Logger } from 'pino';
import type { SourceDatabase } from '../shared/source-db';

export type RevenueDimension = 'DISTRICT' | 'INDUSTRY' | 'TAX_TYPE' | 'PERIOD' | 'YEAR';

/** The cell columns of the cube with their `grouped_by` bit. */
export const CUBE_COLUMNS = [
  { dimension: 'DISTRICT', column: 'district_code', bit: 4 },
  { dimension: 'INDUSTRY', column: 'industry_code', bit: 2 },
  { dimension: 'TAX_TYPE', column: 'tax_type', bit: 1 },
] as const;

export interface SummaryRequest {
  groupBy: readonly RevenueDimension[];
  from?: string | null;
  to?: string | null;
  districtCodes?: readonly string[] | null;
  industryCodes?: readonly string[] | null;
  taxTypes?: readonly string[] | null;
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
    district_code: intersectScope(request.districtCodes, request.districtScope),
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
  const wholeYears =
    (from === null || from.endsWith('-01')) &&
    (to === null || to.endsWith('-12')) &&
    (from ?? '') <= (to ?? '~');
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

/** The districts both the filter and the scope allow; null when neither limits them. */
function intersectScope(
  filter: readonly string[] | null | undefined,
  scope: readonly string[] | null,
): readonly string[] | null {
  if (scope === null) return filter ?? null;
  if (filter == null) return scope;
  const allowed = new Set(scope);
  return filter.filter((d) => allowed.has(d));
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

// Per enterprise and cell first (few rows per enterprise), then the cube: the distinct count sorts far less.
const CUBE_SELECT = (periodExpression: string, where: string, groupPeriod: string) => `
  WITH per_enterprise AS MATERIALIZED (
    SELECT ${periodExpression} AS period, enterprise_code, district_code, industry_code, tax_type,
           sum(amount) AS amount, count(*) AS payments
    FROM tax_payment WHERE ${where}
    GROUP BY 1, 2, 3, 4, 5
  )
  SELECT period, 7 - GROUPING(district_code, industry_code, tax_type), district_code, industry_code, tax_type,
         sum(amount), sum(payments), count(DISTINCT enterprise_code)
  FROM per_enterprise
  GROUP BY ${groupPeriod}CUBE (district_code, industry_code, tax_type)`;

/**
 * Recomputes the cube rows of every stale month and of the years they belong to, one year per transaction, and
 * returns the months refreshed. Only one process refreshes at a time (an advisory lock); the others return 0.
 * A payment written while a year is being recomputed marks its month stale again once that transaction ends,
 * so nothing is missed.
 */
export async function refreshRevenueSummary(db: SourceDatabase, logger: Logger): Promise<number> {
  const knex = db.knex();
  const stale = await knex.raw(
    `SELECT DISTINCT left(period, 4) AS year FROM revenue_summary_stale ORDER BY 1`,
  );
  let refreshed = 0;
  for (const { year } of stale.rows as { year: string }[]) {
    const started = Date.now();
    const months = await knex.transaction(async (trx) => {
      const lock = await trx.raw(
        `SELECT pg_try_advisory_xact_lock(hashtext('revenue_summary_refresh')) AS ok`,
      );
      if (!lock.rows[0].ok) return null;
      await trx.raw('SET LOCAL statement_timeout = 0');
      await trx.raw(`SET LOCAL work_mem = '256MB'`);
      const taken = await trx.raw(`DELETE FROM revenue_summary_stale WHERE period LIKE ? RETURNING period`, [
        `${year}-%`,
      ]);
      const periods = (taken.rows as { period: string }[]).map((r) => r.period);
      if (!periods.length) return periods;
      await trx.raw(
        `DELETE FROM revenue_summary WHERE (grain = 'month' AND period = ANY(?)) OR (grain = 'year' AND period = ?)`,
        [periods, year],
      );
      const insert = `INSERT INTO revenue_summary (period, grouped_by, district_code, industry_code, tax_type,
        total_amount, payment_count, enterprise_count, grain)`;
      await trx.raw(
        `${insert} SELECT *, 'month' FROM (${CUBE_SELECT('period', 'period = ANY(?)', 'period, ')}) m`,
        [periods],
      );
      await trx.raw(
        `${insert} SELECT *, 'year' FROM (${CUBE_SELECT('left(period, 4)', 'period BETWEEN ? AND ?', 'period, ')}) y`,
        [`${year}-01`, `${year}-12`],
      );
      return periods;
    });
    if (months === null) {
      logger.debug({ source: db.name }, 'another process is refreshing the revenue summary');
      return refreshed;
    }
    refreshed += months.length;
    logger.info(
      { source: db.name, year, months: months.length, seconds: (Date.now() - started) / 1000 },
      'refreshed revenue summary',
    );
  }
  return refreshed;
}
