/**
 * Queries of the statistics source: indicators, observations per indicator or per region, series for dashboards,
 * and the release calendar.
 */
import type { SourceSession } from '../shared/source-db';
import type { LoaderOptions } from '../shared/source';
import { byKeyLoader, LoaderMemo, childPagesLoader } from '../shared/loaders';
import { readPage, toConnection, type Connection, type PageArgs } from '../shared/pagination';
import { compare, eq, inList, keysetPage } from '../shared/keyset';
import { badInput } from '../shared/errors';
import { selectColumns } from '../shared/columns';
import {
  IndicatorEntity,
  ObservationEntity,
  ReleaseEntity,
  type Indicator,
  type Observation,
  type Release,
} from './entities';

const INDICATOR_COLUMNS = selectColumns(IndicatorEntity);
const OBSERVATION_COLUMNS = selectColumns(ObservationEntity);
const RELEASE_COLUMNS = selectColumns(ReleaseEntity);

/** Largest number of series one `indicatorSeries` call may ask for (indicators x regions). */
export const MAX_SERIES = 100;

export interface PeriodRange {
  from?: string | null;
  to?: string | null;
}

/** Conditions for a period range; periods are '2009' or '2009-03' and compare as text within a frequency. */
function periodConditions(range: PeriodRange): { where: string[]; bindings: unknown[] } {
  const where: string[] = [];
  const bindings: unknown[] = [];
  for (const [name, op] of [
    ['from', '>='],
    ['to', '<='],
  ] as const) {
    const v = range[name];
    if (v == null) continue;
    if (!/^\d{4}(-(0[1-9]|1[0-2]))?$/.test(v)) {
      throw badInput(`"${name}" must be a period like 2009 or 2009-03; got "${v}".`, name);
    }
    where.push(`period ${op} ?`);
    bindings.push(v);
  }
  return { where, bindings };
}

export interface SeriesPoint {
  period: string;
  value: number | null;
}

export interface IndicatorSeries {
  indicatorCode: string;
  regionCode: string;
  points: SeriesPoint[];
}

export function createStatisticsLoaders(session: SourceSession, options: LoaderOptions) {
  const memo = new LoaderMemo();
  const max = options.maxPageSize;

  return {
    indicator: byKeyLoader<string, Indicator>(
      (codes) => session.rows(`SELECT ${INDICATOR_COLUMNS} FROM indicator WHERE code = ANY(?)`, [codes]),
      (i) => i.code,
    ),

    async indicators(
      args: PageArgs & { category?: string | null; frequency?: string | null },
    ): Promise<Connection<Indicator>> {
      const page = readPage(args, ['s'], max);
      const where: string[] = [];
      const bindings: unknown[] = [];
      eq(where, bindings, 'category', args.category);
      eq(where, bindings, 'frequency', args.frequency);
      const q = keysetPage({
        columns: INDICATOR_COLUMNS,
        from: 'indicator',
        where,
        bindings,
        orderBy: ['code'],
        page,
      });
      return toConnection(await session.rows<Indicator>(q.sql, q.bindings), page, (i) => [i.code]);
    },

    /** Observations of each indicator, ordered by region then period; batched over all indicators of a request. */
    observationsOfIndicator(args: PageArgs & PeriodRange & { regionCodes?: readonly string[] | null }) {
      return memo.get('observationsOfIndicator', args, () => {
        const page = readPage(args, ['s', 's'], max);
        const { where, bindings } = periodConditions(args);
        if (args.regionCodes) inList(where, bindings, 'region_code', args.regionCodes);
        return childPagesLoader<string, Observation>(session, page, {
          columns: OBSERVATION_COLUMNS,
          from: 'observation',
          where,
          bindings,
          orderBy: ['region_code', 'period'],
          parentColumn: 'indicator_code',
          parentType: 'text',
          parentOf: (o) => o.indicatorCode,
          keyOf: (o) => [o.regionCode, o.period],
        });
      });
    },

    /** Values of each region, ordered by indicator then period; batched over all regions of a request. */
    valuesOfRegion(args: PageArgs & PeriodRange & { indicatorCodes?: readonly string[] | null }) {
      return memo.get('valuesOfRegion', args, () => {
        const page = readPage(args, ['s', 's'], max);
        const { where, bindings } = periodConditions(args);
        if (args.indicatorCodes) inList(where, bindings, 'indicator_code', args.indicatorCodes);
        return childPagesLoader<string, Observation>(session, page, {
          columns: OBSERVATION_COLUMNS,
          from: 'observation',
          where,
          bindings,
          orderBy: ['indicator_code', 'period'],
          parentColumn: 'region_code',
          parentType: 'text',
          parentOf: (o) => o.regionCode,
          keyOf: (o) => [o.indicatorCode, o.period],
        });
      });
    },

    /**
     * Time series for dashboards: for each (indicator, region) pair, its values in period order, in one statement.
     * Bounded by MAX_SERIES pairs x the periods in range (at most 120 months each).
     */
    async series(
      args: PeriodRange & { indicatorCodes: readonly string[]; regionCodes: readonly string[] },
    ): Promise<IndicatorSeries[]> {
      const pairs = args.indicatorCodes.length * args.regionCodes.length;
      if (pairs === 0) return [];
      if (pairs > MAX_SERIES) {
        throw badInput(
          `At most ${MAX_SERIES} series per request (indicators x regions); asked for ${pairs}. Split the request.`,
          'indicatorCodes',
        );
      }
      const { where, bindings } = periodConditions(args);
      const rows = await session.rows<Observation>(
        `SELECT ${OBSERVATION_COLUMNS} FROM observation
         WHERE indicator_code = ANY(?) AND region_code = ANY(?) ${where.map((w) => `AND ${w}`).join(' ')}
         ORDER BY indicator_code, region_code, period`,
        [args.indicatorCodes, args.regionCodes, ...bindings],
      );
      const byPair = new Map<string, IndicatorSeries>();
      for (const i of args.indicatorCodes) {
        for (const r of args.regionCodes)
          byPair.set(`${i}|${r}`, { indicatorCode: i, regionCode: r, points: [] });
      }
      for (const o of rows)
        byPair
          .get(`${o.indicatorCode}|${o.regionCode}`)
          ?.points.push({ period: o.period, value: o.value ?? null });
      return [...byPair.values()];
    },

    async releases(
      args: PageArgs & { from?: string | null; to?: string | null; indicatorCode?: string | null },
    ) {
      const page = readPage(args, ['s', 'n'], max);
      const where: string[] = [];
      const bindings: unknown[] = [];
      compare(where, bindings, 'scheduled_on', '>=', args.from);
      compare(where, bindings, 'scheduled_on', '<=', args.to);
      eq(where, bindings, 'indicator_code', args.indicatorCode);
      const q = keysetPage({
        columns: RELEASE_COLUMNS,
        from: 'release',
        where,
        bindings,
        orderBy: ['scheduled_on', 'id'],
        page,
      });
      return toConnection(await session.rows<Release>(q.sql, q.bindings), page, (r) => [r.scheduledOn, r.id]);
    },
  };
}

export type StatisticsLoaders = ReturnType<typeof createStatisticsLoaders>;
