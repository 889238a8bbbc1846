/**
 * Resolvers of the decision-support source: arguments in, loader calls out.
 */
import { badInput } from '../connectors/shared/errors';
import type { Resolvers } from './__generated__/types';

/** Decision-source ids are integers; the GraphQL ID type is a string. */
function numericId(id: string): number {
  if (!/^[1-9]\d{0,9}$/.test(id)) throw badInput(`"id" must be a positive whole number; got "${id}".`, 'id');
  return Number(id);
}

export const resolvers: Resolvers = {
  Query: {
    document: (_, { id }, { loaders }) => loaders.decision.document.load(numericId(id)),
    documents: async (_, args, { loaders }) => {
      if (args.issuingDepartmentCode)
        await loaders.directory.requireDepartment(args.issuingDepartmentCode, 'issuingDepartmentCode');
      return loaders.decision.documents(args);
    },
    supervisedTask: (_, { id }, { loaders }) => loaders.decision.task.load(numericId(id)),
    supervisedTasks: async (_, args, { loaders }) => {
      if (args.leadDepartmentCode)
        await loaders.directory.requireDepartment(args.leadDepartmentCode, 'leadDepartmentCode');
      return loaders.decision.tasks(args);
    },
    supervisionProgress: async (_, { leadDepartmentCode }, { loaders }) => {
      if (leadDepartmentCode)
        await loaders.directory.requireDepartment(leadDepartmentCode, 'leadDepartmentCode');
      return loaders.decision.taskStatusCounts(leadDepartmentCode);
    },
    keyProject: (_, { id }, { loaders }) => loaders.decision.project.load(numericId(id)),
    keyProjects: async (_, args, { loaders }) => {
      if (args.districtCode) await loaders.directory.requireRegions([args.districtCode], 'districtCode');
      return loaders.decision.projects(args);
    },
    performanceScores: (_, { year }, { loaders }) => loaders.decision.scoresOfYear(year),
  },
  PolicyDocument: {
    issuingDepartment: (d, _, { loaders }) => loaders.directory.department.load(d.issuingDepartmentCode),
  },
  SupervisedTask: {
    leadDepartment: (t, _, { loaders }) => loaders.directory.department.load(t.leadDepartmentCode),
  },
  KeyProject: {
    investor: (p, _, { loaders }) => loaders.fiscal.enterprise.load(p.investorCode),
    district: (p, _, { loaders }) => loaders.directory.region.load(p.districtCode),
  },
  PerformanceScore: {
    department: (s, _, { loaders }) => loaders.directory.department.load(s.departmentCode),
  },
  Enterprise: {
    keyProjects: (e, args, { loaders }) => loaders.decision.projectsOfInvestor(args).load(e.creditCode),
  },
  Department: {
    supervisedTasks: (d, args, { loaders }) => loaders.decision.tasksOfDepartment(args).load(d.code),
    performanceScores: (d, _, { loaders }) => loaders.decision.scoresOfDepartment.load(d.code),
  },
  Region: {
    keyProjects: (region, args, { loaders }) => loaders.decision.projectsOfDistrict(args).load(region.code),
  },
};
