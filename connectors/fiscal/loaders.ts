/**
 * Queries of the fiscal source: enterprises, their tax payments, revenue summaries and budget revenue.
 */
import type { SourceSession } from '../shared/source-db';
import type { LoaderOptions } from '../shared/source';
import { byKeyLoader, childrenLoader, LoaderMemo, childPagesLoader } from '../shared/loaders';
import { readPage, toConnection, type Connection, type PageArgs } from '../shared/pagination';
import {
  compare,
  eq,
  eqInScope,
  inList,
  inListInScope,
  inScope,
  keysetPage,
  parentsInScope,
} from '../shared/keyset';
import { badInput } from '../shared/errors';
import { projection, selectList, type ColumnMap, type FieldNeeds } from '../shared/projection';
import { columnMap, selectColumns } from '../shared/columns';
import {
  BudgetRevenueEntity,
  EnterpriseEntity,
  IndustryEntity,
  TaxPaymentEntity,
  type BudgetRevenue,
  type Enterprise,
  type Industry,
  type TaxPayment,
} from './entities';
import {
  planCubeRead,
  type CubePlan,
  type RevenueDimension,
  type RevenueSummaryArgs,
} from './revenue-summary';

const ENTERPRISE: ColumnMap = columnMap(EnterpriseEntity);
/** Enterprise fields that read something other than their own column (links and nested lists). */
const ENTERPRISE_NEEDS: FieldNeeds = {
  industry: ['industryCode'],
  district: ['districtCode'],
  taxPayments: ['creditCode'],
  keyProjects: ['creditCode'],
};
const ENTERPRISE_COLUMNS = selectList(ENTERPRISE, null, []);
const INDUSTRY_COLUMNS = selectColumns(IndustryEntity);
const TAX_PAYMENT: ColumnMap = columnMap(TaxPaymentEntity);
const TAX_PAYMENT_NEEDS: FieldNeeds = { enterprise: ['enterpriseCode'], collectingOffice: ['officeCode'] };

// Select lists per selection: keys and sort columns always (the district is a region's enterprises' parent key),
// and the district of district-scoped rows (a masked item may be held in clear for some districts: auth/masking.ts).
const enterpriseList = projection(ENTERPRISE, ENTERPRISE_NEEDS, ['creditCode', 'districtCode']);
const paymentsOfEnterpriseList = projection(TAX_PAYMENT, TAX_PAYMENT_NEEDS, [
  'enterpriseCode',
  'period',
  'id',
  'districtCode',
]);
const BUDGET_COLUMNS = selectColumns(BudgetRevenueEntity);

/** Most groups one revenue summary returns; narrower filters or fewer dimensions give fewer. */
export const MAX_SUMMARY_GROUPS = 10_000;

export type { RevenueDimension, RevenueSummaryArgs };

// Dimension -> [SQL expression, output alias]. The expressions are constants, never caller text.
const DIMENSIONS: Record<RevenueDimension, [string, string]> = {
  DISTRICT: ['district_code', 'districtCode'],
  INDUSTRY: ['industry_code', 'industryCode'],
  TAX_TYPE: ['tax_type', 'taxType'],
  PERIOD: ['period', 'period'],
  YEAR: ['left(period, 4)::int', 'year'],
};

export interface RevenueGroupRow {
  districtCode?: string;
  industryCode?: string;
  taxType?: string;
  period?: string;
  year?: number;
  totalAmount: number | null;
  paymentCount: number | null;
  enterpriseCount: number | null;
  suppressed?: boolean;
  suppressionReason?: string | null;
}

interface PeriodArgs {
  from?: string | null;
  to?: string | null;
}

/** `period` conditions for YYYY-MM bounds, validated. */
function monthConditions(args: PeriodArgs, where: string[], bindings: unknown[]): void {
  for (const [name, op] of [
    ['from', '>='],
    ['to', '<='],
  ] as const) {
    const v = args[name];
    if (v == null) continue;
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(v))
      throw badInput(`"${name}" must be a month like 2009-03; got "${v}".`, name);
    where.push(`period ${op} ?`);
    bindings.push(v);
  }
}

const MEASURES_FROM_PAYMENTS = `sum(amount)::float8 AS "totalAmount", count(*)::int AS "paymentCount",
  count(DISTINCT enterprise_code)::int AS "enterpriseCount"`;

/** The summary computed from the payments themselves: exact for any filters, slow over millions of rows. */
function paymentsQuery(
  args: RevenueSummaryArgs,
  dims: readonly RevenueDimension[],
  where: string[],
  bindings: unknown[],
  districtScope: readonly string[] | null,
): [string, unknown[]] {
  inListInScope(where, bindings, 'district_code', args.districtCodes, districtScope);
  if (args.industryCodes) inList(where, bindings, 'industry_code', args.industryCodes);
  if (args.taxTypes) inList(where, bindings, 'tax_type', args.taxTypes);
  const select = dims.map((d) => `${DIMENSIONS[d][0]} AS "${DIMENSIONS[d][1]}"`).join(', ');
  const positions = dims.map((_, i) => i + 1).join(', ');
  return [
    `SELECT ${select}, ${MEASURES_FROM_PAYMENTS}
     FROM tax_payment ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
     GROUP BY ${positions} ORDER BY ${positions} LIMIT ?`,
    [...bindings, MAX_SUMMARY_GROUPS + 1],
  ];
}

/** The same summary read from the revenue cube: one stored row per group (see planCubeRead). */
function cubeQuery(plan: CubePlan, dims: readonly RevenueDimension[]): [string, unknown[]] {
  const where = ['grain = ?', 'grouped_by = ?'];
  const bindings: unknown[] = [plan.grain, plan.groupedBy];
  compare(where, bindings, 'period', '>=', plan.fromPeriod);
  compare(where, bindings, 'period', '<=', plan.toPeriod);
  for (const cell of plan.cells) inList(where, bindings, cell.column, cell.values);
  const year = plan.grain === 'year' ? 'period::int' : 'left(period, 4)::int';
  const select = dims
    .map((d) => `${d === 'YEAR' ? year : DIMENSIONS[d][0]} AS "${DIMENSIONS[d][1]}"`)
    .join(', ');
  const positions = dims.map((_, i) => i + 1).join(', ');
  return [
    `SELECT ${select}, total_amount::float8 AS "totalAmount", payment_count::int AS "paymentCount",
            enterprise_count AS "enterpriseCount"
     FROM revenue_summary WHERE ${where.join(' AND ')}
     ORDER BY ${positions} LIMIT ?`,
    [...bindings, MAX_SUMMARY_GROUPS + 1],
  ];
}

export function createFiscalLoaders(session: SourceSession, options: LoaderOptions) {
  const memo = new LoaderMemo();
  const max = options.maxPageSize;

  /** True when a month in the plan's range changed after the cube was computed: then the payments answer. */
  async function cubeIsStale(plan: CubePlan): Promise<boolean> {
    const where: string[] = [];
    const bindings: unknown[] = [];
    compare(where, bindings, 'period', '>=', plan.staleFrom);
    compare(where, bindings, 'period', '<=', plan.staleTo);
    const [row] = await session.rows<{ stale: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM revenue_summary_stale ${where.length ? `WHERE ${where.join(' AND ')}` : ''}) AS stale`,
      bindings,
    );
    return row.stale;
  }

  return {
    enterprise: byKeyLoader<string, Enterprise>(
      (codes) => {
        const where = ['credit_code = ANY(?)'];
        const bindings: unknown[] = [codes];
        inScope(where, bindings, 'district_code', options.rowScope('Enterprise'));
        return session.rows(
          `SELECT ${ENTERPRISE_COLUMNS} FROM enterprise WHERE ${where.join(' AND ')}`,
          bindings,
        );
      },
      (e) => e.creditCode,
    ),

    industry: byKeyLoader<string, Industry>(
      (codes) => session.rows(`SELECT ${INDUSTRY_COLUMNS} FROM industry WHERE code = ANY(?)`, [codes]),
      (i) => i.code,
    ),

    /** The industry divisions in use (about 40 rows: reference data, not paginated). */
    industries(): Promise<Industry[]> {
      return session.rows(`SELECT ${INDUSTRY_COLUMNS} FROM industry ORDER BY code`);
    },

    /** Enterprises in credit-code order; `fields` (the GraphQL fields selected on them) limits the columns read. */
    async enterprises(
      args: PageArgs & { districtCode?: string | null; industryCode?: string | null },
      fields: ReadonlySet<string> | null = null,
    ): Promise<Connection<Enterprise>> {
      const page = readPage(args, ['s'], max);
      const where: string[] = [];
      const bindings: unknown[] = [];
      eqInScope(where, bindings, 'district_code', args.districtCode, options.rowScope('Enterprise'));
      eq(where, bindings, 'industry_code', args.industryCode);
      const q = keysetPage({
        columns: enterpriseList(fields),
        from: 'enterprise',
        where,
        bindings,
        orderBy: ['credit_code'],
        page,
      });
      return toConnection(await session.rows<Enterprise>(q.sql, q.bindings), page, (e) => [e.creditCode]);
    },

    /** Region.enterprises: one page per region, batched over all regions of a request. */
    enterprisesOfDistrict(
      args: PageArgs & { industryCode?: string | null },
      fields: ReadonlySet<string> | null = null,
    ) {
      const columns = enterpriseList(fields);
      return memo.get('enterprisesOfDistrict', { ...args, columns }, () => {
        const page = readPage(args, ['s'], max);
        const where: string[] = [];
        const bindings: unknown[] = [];
        eq(where, bindings, 'industry_code', args.industryCode);
        const scope = options.rowScope('Enterprise');
        return childPagesLoader<string, Enterprise>(session, page, {
          columns,
          from: 'enterprise',
          where,
          bindings,
          orderBy: ['credit_code'],
          parentColumn: 'district_code',
          parentType: 'text',
          parents: (keys) => parentsInScope(keys, scope),
          parentOf: (e) => e.districtCode,
          keyOf: (e) => [e.creditCode],
        });
      });
    },

    /** Enterprise.taxPayments: newest period first, one page per enterprise, batched. */
    taxPaymentsOfEnterprise(
      args: PageArgs & PeriodArgs & { taxType?: string | null },
      fields: ReadonlySet<string> | null = null,
    ) {
      const columns = paymentsOfEnterpriseList(fields);
      return memo.get('taxPaymentsOfEnterprise', { ...args, columns }, () => {
        const page = readPage(args, ['s', 'n'], max);
        const where: string[] = [];
        const bindings: unknown[] = [];
        monthConditions(args, where, bindings);
        eq(where, bindings, 'tax_type', args.taxType);
        inScope(where, bindings, 'district_code', options.rowScope('TaxPayment'));
        return childPagesLoader<string, TaxPayment>(session, page, {
          columns,
          from: 'tax_payment',
          where,
          bindings,
          orderBy: ['period', 'id'],
          descending: true,
          parentColumn: 'enterprise_code',
          parentType: 'text',
          parentOf: (t) => t.enterpriseCode,
          keyOf: (t) => [t.period, t.id],
        });
      });
    },

    /**
     * Tax revenue grouped by the requested dimensions, summed in SQL. Throws BAD_USER_INPUT when no dimension is
     * given or the result would exceed MAX_SUMMARY_GROUPS.
     */
    async revenueSummary(args: RevenueSummaryArgs): Promise<RevenueGroupRow[]> {
      const dims = [...new Set(args.groupBy)];
      if (dims.length === 0)
        throw badInput('"groupBy" needs at least one dimension, e.g. [DISTRICT].', 'groupBy');
      const where: string[] = [];
      const bindings: unknown[] = [];
      monthConditions(args, where, bindings);
      const districtScope = options.rowScope('RevenueGroup');
      const plan = planCubeRead({ ...args, groupBy: dims, districtScope });
      const rows =
        plan && !(await cubeIsStale(plan))
          ? await session.rows<RevenueGroupRow>(...cubeQuery(plan, dims))
          : await session.rows<RevenueGroupRow>(...paymentsQuery(args, dims, where, bindings, districtScope));
      if (rows.length > MAX_SUMMARY_GROUPS) {
        throw badInput(
          `The summary has more than ${MAX_SUMMARY_GROUPS} groups; group by fewer dimensions or narrow the filters.`,
          'groupBy',
        );
      }
      return rows;
    },

    async budgetRevenues(args: {
      year?: number | null;
      districtCode?: string | null;
    }): Promise<BudgetRevenue[]> {
      const where: string[] = [];
      const bindings: unknown[] = [];
      eq(where, bindings, 'year', args.year);
      eq(where, bindings, 'district_code', args.districtCode);
      return session.rows(
        `SELECT ${BUDGET_COLUMNS} FROM budget_revenue ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
         ORDER BY year DESC, district_code, category`,
        bindings,
      );
    },

    /** Region.budgetRevenue: a district's rows (a few years x two categories), batched. */
    budgetOfDistrict(args: { year?: number | null }) {
      return memo.get('budgetOfDistrict', args, () =>
        childrenLoader<string, BudgetRevenue>(
          (codes) =>
            session.rows(
              `SELECT ${BUDGET_COLUMNS} FROM budget_revenue WHERE district_code = ANY(?) ${args.year != null ? 'AND year = ?' : ''}
               ORDER BY district_code, year DESC, category`,
              args.year != null ? [codes, args.year] : [codes],
            ),
          (b) => b.districtCode,
        ),
      );
    },
  };
}

export type FiscalLoaders = ReturnType<typeof createFiscalLoaders>;
