/** The rows this source's resolvers receive, named after the GraphQL types they are (codegen maps them by name). */
export type { Industry, Enterprise, TaxPayment, BudgetRevenue } from './entities';
export type { RevenueGroupRow as RevenueGroup } from './loaders';
