/**
 * The statistics source: its database, schema, resolvers, loaders and demo data, registered in `src/sources.ts`.
 */
import { defineSource } from '../shared/source';
import { isTableEmpty } from '../shared/seed-load';
import { resolvers } from '../../resolvers/statistics';
import { entities } from './entities';
import { migrations } from './migrations';
import { createStatisticsLoaders } from './loaders';
import { seedStatistics } from './seed';

export const statisticsSource = defineSource({
  name: 'statistics',
  title: '统计信息与决策支持数据库',
  schemaFile: 'statistics.graphql',
  entities,
  migrations,
  resolvers,
  districtScopedTypes: [],
  createLoaders: createStatisticsLoaders,
  isEmpty: (db) => isTableEmpty(db, 'indicator'),
  seed: seedStatistics,
});
