/**
 * The directory source: its connector (database, migrations, loaders and demo data), registered in `src/sources.ts`
 * with its resolver file (`resolvers/directory.ts`) and SDL (`schema/directory.graphql`).
 */
import { defineSource } from '../shared/source';
import { isTableEmpty } from '../shared/seed-load';
import { entities } from './entities';
import { migrations } from './migrations';
import { createDirectoryLoaders } from './loaders';
import { seedDirectory } from './seed';

declare module '../shared/source' {
  interface SourceLoaders {
    directory: ReturnType<typeof createDirectoryLoaders>;
  }
}

export const directorySource = defineSource({
  name: 'directory',
  title: '一套目录：部门与行政区划',
  entities,
  migrations,
  districtScopedTypes: [],
  createLoaders: createDirectoryLoaders,
  isEmpty: (db) => isTableEmpty(db, 'region'),
  // Regions (GB/T 2260) and departments: reference data, loaded whether or not demo data is.
  seed: seedDirectory,
  seedIsReferenceData: true,
});
