/**
 * The fiscal source: its database, schema, resolvers, loaders and demo data, registered in `src/sources.ts`.
 */
import { defineSource } from '../shared/source';
import { isTableEmpty } from '../shared/seed-load';
import { resolvers } from '../../resolvers/fiscal';
import { entities } from './entities';
import { migrations } from './migrations';
import { createFiscalLoaders } from './loaders';
import { seedFiscal } from './seed';
import { refreshRevenueSummary } from './revenue-summary';

export const fiscalSource = defineSource({
  name: 'fiscal',
  title: '财源信息共享数据库',
  schemaFile: 'fiscal.graphql',
  entities,
  migrations,
  resolvers,
  districtScopedTypes: ['Enterprise', 'TaxPayment', 'RevenueGroup'],
  createLoaders: createFiscalLoaders,
  isEmpty: (db) => isTableEmpty(db, 'enterprise'),
  seed: seedFiscal,
  maintain: async (db, logger) => void (await refreshRevenueSummary(db, logger)),
});
