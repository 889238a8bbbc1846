/**
 * The statistics source: its connector (database, migrations, loaders and demo data), registered in `src/sources.ts`
 * with its resolver file (`resolvers/statistics.ts`) and SDL (`schema/statistics.graphql`).
 */
import { defineSource } from '../shared/source';
import { isTableEmpty } from '../shared/seed-load';
import { entities } from './entities';
import { migrations } from './migrations';
import { createStatisticsLoaders } from './loaders';
import { seedStatistics } from './seed';

declare module '../shared/source' {
  interface SourceLoaders {
    statistics: ReturnType<typeof createStatisticsLoaders>;
  }
}

export const statisticsSource = defineSource({
  name: 'statistics',
  title: '统计信息与决策支持数据库',
  entities,
  migrations,
  districtScopedTypes: [],
  createLoaders: createStatisticsLoaders,
  isEmpty: (db) => isTableEmpty(db, 'indicator'),
  seed: seedStatistics,
});
