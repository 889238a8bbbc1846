/**
 * Queries of the directory's reference data: regions and departments, by key and as lists.
 */
import type { SourceSession } from '../shared/source-db';
import type { LoaderOptions } from '../shared/source';
import { byKeyLoader } from '../shared/loaders';
import { readPage, toConnection, type Connection, type PageArgs } from '../shared/pagination';
import { notFound } from '../shared/errors';
import { eq, keysetPage } from '../shared/keyset';
import { selectColumns } from '../shared/columns';
import { DepartmentEntity, RegionEntity, type Department, type Region } from './entities';

const REGION_COLUMNS = selectColumns(RegionEntity);
const DEPARTMENT_COLUMNS = selectColumns(DepartmentEntity);

export function createDirectoryLoaders(session: SourceSession, options: LoaderOptions) {
  const region = byKeyLoader<string, Region>(
    (codes) => session.rows(`SELECT ${REGION_COLUMNS} FROM region WHERE code = ANY(?)`, [codes]),
    (r) => r.code,
  );
  const department = byKeyLoader<string, Department>(
    (codes) => session.rows(`SELECT ${DEPARTMENT_COLUMNS} FROM department WHERE code = ANY(?)`, [codes]),
    (d) => d.code,
  );

  return {
    region,
    department,
    /** All regions, the city first (13 rows: reference data, not paginated). */
    regions(): Promise<Region[]> {
      return session.rows(`SELECT ${REGION_COLUMNS} FROM region ORDER BY kind = 'CITY' DESC, code`);
    },

    /** Departments by code, optionally only those of one region. */
    async departments(args: PageArgs & { regionCode?: string | null }): Promise<Connection<Department>> {
      const page = readPage(args, ['s'], options.maxPageSize);
      const where: string[] = [];
      const bindings: unknown[] = [];
      eq(where, bindings, 'region_code', args.regionCode);
      const q = keysetPage({
        columns: DEPARTMENT_COLUMNS,
        from: 'department',
        where,
        bindings,
        orderBy: ['code'],
        page,
      });
      return toConnection(await session.rows<Department>(q.sql, q.bindings), page, (d) => [d.code]);
    },

    /**
     * Checks that every code names a region; throws NOT_FOUND naming the first unknown one and the argument.
     * Filters call this so that a typo answers "unknown district" rather than an empty list.
     */
    async requireRegions(codes: readonly string[], argument: string): Promise<void> {
      // Region codes are reference data: known codes are checked in memory (refreshed every 5 minutes), so a
      // filtered list costs no extra statement; a code not among them is looked up, in case it is new.
      const known = await session.remember('region-codes', 300_000, async (shared) => {
        const rows = await shared.rows<{ code: string }>('SELECT code FROM region');
        return new Set(rows.map((r) => r.code));
      });
      if (codes.every((c) => known.has(c))) return;
      const found = await region.loadMany(codes);
      const failure = found.find((f) => f instanceof Error);
      if (failure) throw failure;
      const missing = codes.find((_, i) => !found[i]);
      if (missing !== undefined) {
        throw notFound(
          `Unknown region code "${missing}" in "${argument}"; the query \`regions\` lists valid codes.`,
          argument,
        );
      }
    },

    /** Checks that `code` names a department; throws NOT_FOUND otherwise. */
    async requireDepartment(code: string, argument: string): Promise<void> {
      if (!(await department.load(code))) {
        throw notFound(
          `Unknown department code "${code}" in "${argument}"; the query \`departments\` lists them.`,
          argument,
        );
      }
    },
  };
}

export type DirectoryLoaders = ReturnType<typeof createDirectoryLoaders>;
