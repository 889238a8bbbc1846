/**
 * Resolvers of the market-regulation source: arguments in, loader calls out.
 */
import { badInput } from '../connectors/shared/errors';
import { isValidCreditCode } from '../connectors/shared/credit-code';
import type { Resolvers } from './__generated__/types';

function requireCreditCode(code: string): void {
  if (!isValidCreditCode(code)) {
    throw badInput(
      `"creditCode" must be an 18-character unified social credit code with a valid check character; got "${code}".`,
      'creditCode',
    );
  }
}

export const resolvers: Resolvers = {
  Query: {
    businessLicence: (_, { creditCode }, { loaders }) => {
      requireCreditCode(creditCode);
      return loaders.market.licence.load(creditCode);
    },
    businessLicences: async (_, args, { loaders }) => {
      if (args.districtCode) await loaders.directory.requireRegions([args.districtCode], 'districtCode');
      return loaders.market.licences(args);
    },
    penalties: async (_, args, { loaders }) => {
      if (args.districtCode) await loaders.directory.requireRegions([args.districtCode], 'districtCode');
      return loaders.market.penalties(args);
    },
  },
  BusinessLicence: {
    district: (l, _, { loaders }) => loaders.directory.region.load(l.districtCode),
    authority: (l, _, { loaders }) => loaders.directory.department.load(l.authorityCode),
    enterprise: (l, _, { loaders }) => loaders.fiscal.enterprise.load(l.creditCode),
  },
  AdministrativePenalty: {
    district: (p, _, { loaders }) => loaders.directory.region.load(p.districtCode),
    authority: (p, _, { loaders }) => loaders.directory.department.load(p.authorityCode),
    enterprise: (p, _, { loaders }) => loaders.fiscal.enterprise.load(p.creditCode),
  },
  Enterprise: {
    businessLicence: (e, _, { loaders }) => loaders.market.licence.load(e.creditCode),
    annualReports: (e, _, { loaders }) => loaders.market.reportsOf.load(e.creditCode),
    penalties: (e, args, { loaders }) => loaders.market.penaltiesOf(args).load(e.creditCode),
  },
};
