/**
 * The decision source: its database, schema, resolvers, loaders and demo data, registered in `src/sources.ts`.
 */
import { defineSource } from '../shared/source';
import { isTableEmpty } from '../shared/seed-load';
import { resolvers } from '../../resolvers/decision';
import { entities } from './entities';
import { migrations } from './migrations';
import { createDecisionLoaders } from './loaders';
import { seedDecision } from './seed';

export const decisionSource = defineSource({
  name: 'decision',
  title: '决策资源数据库',
  schemaFile: 'decision.graphql',
  entities,
  migrations,
  resolvers,
  districtScopedTypes: ['KeyProject'],
  createLoaders: createDecisionLoaders,
  isEmpty: (db) => isTableEmpty(db, 'policy_document'),
  seed: seedDecision,
});
