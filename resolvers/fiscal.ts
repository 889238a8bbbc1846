/**
 * Resolvers of the fiscal source: arguments in, loader calls out.
 */
import { badInput, notFound } from '../connectors/shared/errors';
import { isValidCreditCode } from '../connectors/shared/credit-code';
import type { HubContext } from '../src/context';
import { connectionNodeFields } from '../connectors/shared/projection';
import type { Resolvers } from './__generated__/types';

function requireCreditCode(code: string, argument: string): void {
  if (!isValidCreditCode(code)) {
    throw badInput(
      `"${argument}" must be an 18-character unified social credit code with a valid check character; got "${code}".`,
      argument,
    );
  }
}

async function requireIndustry(ctx: HubContext, code: string): Promise<void> {
  if (!(await ctx.loaders.fiscal.industry.load(code))) {
    throw notFound(`Unknown industry code "${code}"; the query \`industries\` lists them.`, 'industryCode');
  }
}

export const resolvers: Resolvers = {
  Query: {
    enterprise: (_, { creditCode }, { loaders }) => {
      requireCreditCode(creditCode, 'creditCode');
      return loaders.fiscal.enterprise.load(creditCode);
    },
    enterprises: async (_, args, ctx, info) => {
      if (args.districtCode) await ctx.loaders.directory.requireRegions([args.districtCode], 'districtCode');
      if (args.industryCode) await requireIndustry(ctx, args.industryCode);
      return ctx.loaders.fiscal.enterprises(args, connectionNodeFields(info));
    },
    industries: (_, __, { loaders }) => loaders.fiscal.industries(),
    revenueSummary: async (_, args, ctx) => {
      if (args.districtCodes) await ctx.loaders.directory.requireRegions(args.districtCodes, 'districtCodes');
      // Small groups are suppressed by the guard, by the @smallGroups rule RevenueGroup declares.
      return ctx.loaders.fiscal.revenueSummary(args);
    },
    budgetRevenues: async (_, args, { loaders }) => {
      if (args.districtCode) await loaders.directory.requireRegions([args.districtCode], 'districtCode');
      return loaders.fiscal.budgetRevenues(args);
    },
  },
  Enterprise: {
    // Federation: another subgraph's Enterprise reference ({ creditCode }) becomes the row, batched.
    __resolveReference: (ref, { loaders }) =>
      ref.creditCode ? loaders.fiscal.enterprise.load(ref.creditCode) : null,
    industry: (e, _, { loaders }) => loaders.fiscal.industry.load(e.industryCode),
    district: (e, _, { loaders }) => loaders.directory.region.load(e.districtCode),
    taxPayments: (e, args, { loaders }, info) =>
      loaders.fiscal.taxPaymentsOfEnterprise(args, connectionNodeFields(info)).load(e.creditCode),
  },
  TaxPayment: {
    enterprise: (t, _, { loaders }) => loaders.fiscal.enterprise.load(t.enterpriseCode),
    collectingOffice: (t, _, { loaders }) => loaders.directory.department.load(t.officeCode),
  },
  RevenueGroup: {
    district: (g, _, { loaders }) => (g.districtCode ? loaders.directory.region.load(g.districtCode) : null),
    industry: (g, _, { loaders }) => (g.industryCode ? loaders.fiscal.industry.load(g.industryCode) : null),
  },
  BudgetRevenue: {
    district: (b, _, { loaders }) => loaders.directory.region.load(b.districtCode),
  },
  Region: {
    enterprises: async (region, args, ctx, info) => {
      if (args.industryCode) await requireIndustry(ctx, args.industryCode);
      return ctx.loaders.fiscal.enterprisesOfDistrict(args, connectionNodeFields(info)).load(region.code);
    },
    budgetRevenue: (region, args, { loaders }) => loaders.fiscal.budgetOfDistrict(args).load(region.code),
  },
};
