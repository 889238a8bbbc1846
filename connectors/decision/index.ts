/**
 * The decision source: its connector (database, migrations, loaders and demo data), registered in `src/sources.ts`
 * with its resolver file (`resolvers/decision.ts`) and SDL (`schema/decision.graphql`).
 */
import { defineSource } from '../shared/source';
import { isTableEmpty } from '../shared/seed-load';
import { entities } from './entities';
import { migrations } from './migrations';
import { createDecisionLoaders } from './loaders';
import { seedDecision } from './seed';

declare module '../shared/source' {
  interface SourceLoaders {
    decision: ReturnType<typeof createDecisionLoaders>;
  }
}

export const decisionSource = defineSource({
  name: 'decision',
  title: '决策资源数据库',
  entities,
  migrations,
  districtScopedTypes: ['KeyProject'],
  createLoaders: createDecisionLoaders,
  isEmpty: (db) => isTableEmpty(db, 'policy_document'),
  seed: seedDecision,
});
