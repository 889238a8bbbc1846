/**
 * The market-regulation source (市场主体登记, 市工商局): its connector (database, migrations, loaders and demo
 * data), registered in `src/sources.ts` with its resolver file (`resolvers/market.ts`) and SDL
 * (`schema/market.graphql`).
 */
import { defineSource } from '../shared/source';
import { isTableEmpty } from '../shared/seed-load';
import { entities } from './entities';
import { migrations } from './migrations';
import { createMarketLoaders } from './loaders';
import { seedMarket } from './seed';

declare module '../shared/source' {
  interface SourceLoaders {
    market: ReturnType<typeof createMarketLoaders>;
  }
}

export const marketSource = defineSource({
  name: 'market',
  title: '市场主体登记数据库',
  entities,
  migrations,
  districtScopedTypes: ['BusinessLicence', 'AdministrativePenalty'],
  createLoaders: createMarketLoaders,
  isEmpty: (db) => isTableEmpty(db, 'business_licence'),
  seed: seedMarket,
});
