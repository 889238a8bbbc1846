/**
 * The fiscal source: its connector (database, migrations, loaders and demo data), registered in `src/sources.ts`
 * with its resolver file (`resolvers/fiscal.ts`) and SDL (`schema/fiscal.graphql`).
 */
import { defineSource } from '../shared/source';
import { isTableEmpty } from '../shared/seed-load';
import { entities } from './entities';
import { migrations } from './migrations';
import { createFiscalLoaders } from './loaders';
import { seedFiscal } from './seed';
import { refreshRevenueSummary } from './revenue-summary';

declare module '../shared/source' {
  interface SourceLoaders {
    fiscal: ReturnType<typeof createFiscalLoaders>;
  }
}

export const fiscalSource = defineSource({
  name: 'fiscal',
  title: '财源信息共享数据库',
  entities,
  // The revenue cube: no primary key (a cell is its NULL-able dimensions), kept by its own SQL.
  derivedTables: ['revenue_summary', 'revenue_summary_stale'],
  migrations,
  districtScopedTypes: ['Enterprise', 'TaxPayment', 'RevenueGroup'],
  createLoaders: createFiscalLoaders,
  references: { enterprise: { type: 'Enterprise', key: 'creditCode' } },
  isEmpty: (db) => isTableEmpty(db, 'enterprise'),
  seed: seedFiscal,
  maintain: async (db, logger) => void (await refreshRevenueSummary(db, logger)),
});
