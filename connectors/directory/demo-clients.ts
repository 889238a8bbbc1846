/**
 * Development credentials, seeded with the demo data and printed by `npm start`. Their secrets are public (they
 * are in this file), so a hub in production mode refuses to start while any of them is enabled.
 */
import { departmentCode } from './reference-data';

/** `created_by` of everything the demo seed writes; production mode looks for it. */
export const DEMO_SEED_ACTOR = 'demo-seed';

export interface DemoClient {
  clientId: string;
  secret: string;
  name: string;
  role: 'ADMIN' | 'DEPARTMENT' | 'AUDITOR';
  department?: string; // short name
}

export const DEMO_CLIENTS: DemoClient[] = [
  { clientId: 'hub-admin', secret: 'dev-secret-hub-admin', name: '交换中心目录管理员', role: 'ADMIN' },
  { clientId: 'hub-auditor', secret: 'dev-secret-hub-auditor', name: '电子监察审计员', role: 'AUDITOR' },
  {
    clientId: 'tax-office-app',
    secret: 'dev-secret-tax-office',
    name: '地税征管系统',
    role: 'DEPARTMENT',
    department: '市地税局',
  },
  {
    clientId: 'stats-bureau-app',
    secret: 'dev-secret-stats-bureau',
    name: '统计分析系统',
    role: 'DEPARTMENT',
    department: '市统计局',
  },
  {
    clientId: 'general-office-dashboard',
    secret: 'dev-secret-general-office',
    name: '领导决策驾驶舱',
    role: 'DEPARTMENT',
    department: '市政府办公厅',
  },
  {
    clientId: 'ndrc-projects-app',
    secret: 'dev-secret-ndrc',
    name: '重大项目管理系统',
    role: 'DEPARTMENT',
    department: '市发展改革委',
  },
  {
    clientId: 'shinan-planning-app',
    secret: 'dev-secret-shinan',
    name: '市南区规划辅助系统',
    role: 'DEPARTMENT',
    department: '市南区政府',
  },
];

export interface DemoGrant {
  consumer: string; // department short name
  resourceCode: string;
  items: string[];
  purpose: string;
  districtScope?: string[];
  clearSensitive?: boolean;
}

/** Every item of the key-project resource (重大项目). */
const KEY_PROJECT_ITEMS = [
  'Query.keyProject',
  'Query.keyProjects',
  'Region.keyProjects',
  'Enterprise.keyProjects',
  'KeyProject.id',
  'KeyProject.name',
  'KeyProject.investor',
  'KeyProject.district',
  'KeyProject.totalInvestment',
  'KeyProject.completedInvestment',
  'KeyProject.status',
  'KeyProject.startYear',
];

export const DEMO_GRANTS: DemoGrant[] = [
  {
    consumer: '市政府办公厅',
    resourceCode: 'FIS-REVENUE-SUMMARY',
    items: [
      'Query.revenueSummary',
      'RevenueGroup.district',
      'RevenueGroup.industry',
      'RevenueGroup.taxType',
      'RevenueGroup.period',
      'RevenueGroup.year',
      'RevenueGroup.totalAmount',
      'RevenueGroup.paymentCount',
      'RevenueGroup.enterpriseCount',
      'RevenueGroup.suppressed',
      'RevenueGroup.suppressionReason',
    ],
    purpose: '领导决策驾驶舱展示全市税收收入结构',
  },
  {
    consumer: '市政府办公厅',
    resourceCode: 'DEC-KEY-PROJECT',
    items: KEY_PROJECT_ITEMS,
    purpose: '重大项目推进情况调度',
  },
  {
    consumer: '市地税局',
    resourceCode: 'DEC-KEY-PROJECT',
    items: KEY_PROJECT_ITEMS,
    purpose: '重大项目税源跟踪服务',
  },
  {
    consumer: '市南区政府',
    resourceCode: 'FIS-ENTERPRISE-CONTACT',
    items: ['Enterprise.legalRepresentative', 'Enterprise.contactPhone'],
    purpose: '辖区企业走访服务',
    districtScope: ['370202'],
  },
  {
    consumer: '市南区政府',
    resourceCode: 'DEC-KEY-PROJECT',
    items: [
      'Query.keyProjects',
      'Region.keyProjects',
      'KeyProject.id',
      'KeyProject.name',
      'KeyProject.investor',
      'KeyProject.district',
      'KeyProject.status',
    ],
    purpose: '辖区重大项目服务',
    districtScope: ['370202'],
  },
];

/** Department code of a demo client or grant consumer. */
export function demoDepartment(shortName: string | undefined): string | null {
  return shortName ? departmentCode(shortName) : null;
}
