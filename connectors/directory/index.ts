/**
 * The directory source: its database, schema, resolvers, loaders and demo data, registered in `src/sources.ts`.
 */
import { defineSource } from '../shared/source';
import { isTableEmpty } from '../shared/seed-load';
import { resolvers } from '../../resolvers/directory';
import { entities } from './entities';
import { migrations } from './migrations';
import { createDirectoryLoaders } from './loaders';
import { seedDirectory, topUpDemoCatalogue } from './seed';

export const directorySource = defineSource({
  name: 'directory',
  title: '一套目录：部门与行政区划',
  schemaFile: 'directory.graphql',
  entities,
  migrations,
  resolvers,
  districtScopedTypes: [],
  createLoaders: createDirectoryLoaders,
  isEmpty: (db) => isTableEmpty(db, 'resource'),
  seed: seedDirectory,
  topUpDemo: topUpDemoCatalogue,
});
