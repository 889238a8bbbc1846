/**
 * Resolvers of the statistics source: arguments in, loader calls out.
 */
import type { Resolvers } from './__generated__/types';

export const resolvers: Resolvers = {
  Query: {
    indicator: (_, { code }, { loaders }) => loaders.statistics.indicator.load(code),
    indicators: (_, args, { loaders }) => loaders.statistics.indicators(args),
    indicatorSeries: async (_, args, { loaders }) => {
      await loaders.directory.requireRegions(args.regionCodes, 'regionCodes');
      return loaders.statistics.series(args);
    },
    releases: (_, args, { loaders }) => loaders.statistics.releases(args),
  },
  Indicator: {
    observations: async (indicator, args, { loaders }) => {
      if (args.regionCodes) await loaders.directory.requireRegions(args.regionCodes, 'regionCodes');
      return loaders.statistics.observationsOfIndicator(args).load(indicator.code);
    },
  },
  Observation: {
    indicator: (o, _, { loaders }) => loaders.statistics.indicator.load(o.indicatorCode),
    region: (o, _, { loaders }) => loaders.directory.region.load(o.regionCode),
  },
  IndicatorSeries: {
    indicator: (s, _, { loaders }) => loaders.statistics.indicator.load(s.indicatorCode),
    region: (s, _, { loaders }) => loaders.directory.region.load(s.regionCode),
  },
  Release: {
    indicator: (r, _, { loaders }) => loaders.statistics.indicator.load(r.indicatorCode),
  },
  Region: {
    indicatorValues: (region, args, { loaders }) => loaders.statistics.valuesOfRegion(args).load(region.code),
  },
};
