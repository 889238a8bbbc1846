import type { SourceDatabase } from '../shared/source-db';
import type { SeedOptions } from '../shared/source';
import { loadTable } from '../shared/seed-load';
import { INDICATORS, observationRows, periodsOf, REGION_CODES, releaseRows } from './demo-data';

const SEED = 20090101;

/** Loads the indicator catalogue, ten years of observations and the release calendar. */
export async function seedStatistics(db: SourceDatabase, options: SeedOptions): Promise<void> {
  await loadTable(
    db,
    options,
    'indicator',
    ['code', 'name', 'unit', 'frequency', 'category', 'description'],
    INDICATORS.length,
    INDICATORS.map((i) => [i.code, i.name, i.unit, i.frequency, i.category, `${i.name}（${i.unit}）`]),
  );
  const periods = INDICATORS.reduce((n, i) => n + periodsOf(i.frequency).length, 0);
  await loadTable(
    db,
    options,
    'observation',
    ['indicator_code', 'region_code', 'period', 'value'],
    periods * REGION_CODES.length,
    observationRows(SEED),
  );
  await loadTable(
    db,
    options,
    'release',
    ['id', 'indicator_code', 'period', 'scheduled_on', 'published_on'],
    periods,
    releaseRows(),
  );
}
