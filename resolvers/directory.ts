/**
 * Resolvers of the directory's reference types: regions and departments.
 */
import type { Resolvers } from './__generated__/types';

export const resolvers: Resolvers = {
  Query: {
    region: (_, { code }, { loaders }) => loaders.directory.region.load(code),
    regions: (_, __, { loaders }) => loaders.directory.regions(),
    department: (_, { code }, { loaders }) => loaders.directory.department.load(code),
    departments: async (_, args, { loaders }) => {
      if (args.regionCode) await loaders.directory.requireRegions([args.regionCode], 'regionCode');
      return loaders.directory.departments(args);
    },
  },
  Region: {
    parent: (region, _, { loaders }) =>
      region.parentCode ? loaders.directory.region.load(region.parentCode) : null,
  },
  Department: {
    region: (department, _, { loaders }) => loaders.directory.region.load(department.regionCode),
  },
};
