/** The rows this source's resolvers receive, named after the GraphQL types they are (codegen maps them by name). */
export type { BusinessLicence, AnnualReport, AdministrativePenalty } from './entities';
