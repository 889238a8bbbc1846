import type { SourceDatabase } from '../shared/source-db';
import type { SeedOptions } from '../shared/source';
import { loadTable } from '../shared/seed-load';
import { CITY_CODE, DEPARTMENTS, REGIONS } from './reference-data';

/**
 * Loads the directory's reference data: the regions and the departments. (The catalogue is declared in the
 * sources' SDL and loaded at every start; the demo clients and grants are src/demo-access.ts.)
 */
export async function seedDirectory(db: SourceDatabase, options: SeedOptions): Promise<void> {
  await loadTable(
    db,
    options,
    'region',
    ['code', 'name', 'kind', 'parent_code', 'population'],
    REGIONS.length,
    REGIONS.map((r) => [r.code, r.name, r.kind, r.code === CITY_CODE ? null : CITY_CODE, r.population]),
  );
  await loadTable(
    db,
    options,
    'department',
    ['code', 'name', 'short_name', 'region_code'],
    DEPARTMENTS.length,
    DEPARTMENTS.map((d) => [d.code, d.name, d.shortName, d.regionCode]),
  );
}
