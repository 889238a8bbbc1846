/**
 * Development credentials (client apps and console users) and their demo grants, seeded with the demo data and
 * printed by `npm start`. Their secrets are public (they are in this file), so a hub in production mode refuses to
 * start while any of them is enabled.
 */
import type { Knex } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { SourceDatabase } from '../connectors/shared/source-db';
import { loadTable } from '../connectors/shared/seed-load';
import type { CopyValue } from '../connectors/shared/bulk-load';
import { DEMO_SEED_ACTOR } from '../auth/catalogue';
import { ClientSecrets, knexRunner } from '../auth/secrets';
import type { Role } from '../auth/catalogue';
import { hashPassword } from '../auth/passwords';
import { addWorkingDays, REVIEW_WORKING_DAYS } from '../auth/control-plane/shared';
import type { ConsoleRole } from '../auth/console-users';

export interface DemoClient {
  clientId: string;
  secret: string;
  name: string;
  role: Role;
  department?: string; // short name
}

export const DEMO_CLIENTS: DemoClient[] = [
  { clientId: 'hub-admin', secret: 'dev-secret-hub-admin', name: '交换中心目录管理员', role: 'ADMIN' },
  { clientId: 'hub-auditor', secret: 'dev-secret-hub-auditor', name: '电子监察审计员', role: 'AUDITOR' },
  // The federation gateway's own credential (npm run start:federated): it reads nothing, and opens subgraphs.
  { clientId: 'hub-gateway', secret: 'dev-secret-hub-gateway', name: '联邦网关', role: 'GATEWAY' },
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

export interface DemoConsoleUser {
  username: string;
  password: string;
  displayName: string;
  roles: ConsoleRole[];
  department?: string; // short name
}

/**
 * People who sign in to the console, one per role, so that a request can be filed by one department and decided
 * by another's reviewer (the market regulator provides the CONDITIONAL annual reports and penalties).
 */
export const DEMO_CONSOLE_USERS: DemoConsoleUser[] = [
  { username: 'admin', password: 'dev-password-admin', displayName: '目录管理员 王敏', roles: ['ADMIN'] },
  { username: 'auditor', password: 'dev-password-auditor', displayName: '监察员 李强', roles: ['AUDITOR'] },
  {
    username: 'tax.staff',
    password: 'dev-password-tax-staff',
    displayName: '地税局经办人 张伟',
    roles: ['DEPARTMENT_STAFF'],
    department: '市地税局',
  },
  {
    username: 'market.reviewer',
    password: 'dev-password-market-reviewer',
    displayName: '工商局审核人 刘洋',
    roles: ['REVIEWER', 'DEPARTMENT_STAFF'],
    department: '市工商局',
  },
  {
    username: 'office.dashboard',
    password: 'dev-password-office-dashboard',
    displayName: '办公厅 陈静',
    roles: ['DASHBOARD'],
    department: '市政府办公厅',
  },
  {
    username: 'shinan.staff',
    password: 'dev-password-shinan-staff',
    displayName: '市南区经办人 赵磊',
    roles: ['DEPARTMENT_STAFF'],
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

export interface DemoRequest {
  requester: string; // department short name
  clientId: string;
  resourceCode: string;
  items: string[];
  purpose: string;
  legalBasis: string;
  districtScope?: string[];
  /** Filed this many days before the first start; its review deadline is ten working days after. */
  filedDaysAgo: number;
}

/**
 * Sharing requests waiting for the market regulator's reviewer (market.reviewer), so the console's review page
 * has work on a fresh hub: one on time, one overdue.
 */
export const DEMO_REQUESTS: DemoRequest[] = [
  {
    requester: '市地税局',
    clientId: 'tax-office-app',
    resourceCode: 'MKT-ANNUAL-REPORT',
    items: [
      'Enterprise.annualReports',
      'AnnualReport.year',
      'AnnualReport.employees',
      'AnnualReport.operatingRevenue',
    ],
    purpose: '核对企业年报营业收入与申报收入，开展税源分析',
    legalBasis: '《中华人民共和国税收征收管理法》第五条',
    filedDaysAgo: 2,
  },
  {
    requester: '市南区政府',
    clientId: 'shinan-planning-app',
    resourceCode: 'MKT-PENALTY',
    items: [
      'Enterprise.penalties',
      'AdministrativePenalty.decidedOn',
      'AdministrativePenalty.kind',
      'AdministrativePenalty.reason',
    ],
    purpose: '辖区企业信用评价与联合惩戒',
    legalBasis: '《企业信息公示暂行条例》',
    districtScope: ['370202'],
    filedDaysAgo: 20,
  },
];

/** Department codes by short name, as the directory's reference data has them. */
async function departmentCodes(knex: Knex): Promise<(shortName: string | undefined) => string | null> {
  const result = await knex.raw('SELECT code, short_name AS "shortName" FROM department');
  const codes = new Map(
    (result.rows as { code: string; shortName: string }[]).map((d) => [d.shortName, d.code]),
  );
  return (shortName) => {
    if (shortName === undefined) return null;
    const code = codes.get(shortName);
    if (!code) throw new Error(`The directory has no department with short name ${shortName}`);
    return code;
  };
}

/** A text[] literal for COPY; our values are codes and coordinates, without quotes or commas. */
function pgArray(values: readonly string[]): string {
  return `{${values.join(',')}}`;
}

/**
 * Loads the development clients and their demo grants into a directory that has no client yet (its reference data
 * and catalogue loaded).
 */
export async function seedDemoAccess(
  db: SourceDatabase,
  options: { logger: Logger; progress: boolean; scale: number },
): Promise<void> {
  const knex = db.knex();
  // Each part on its own condition, so that a load that failed halfway is completed by the next start.
  const seeded = async (table: string) =>
    (await knex.raw(`SELECT EXISTS (SELECT 1 FROM ${table} WHERE created_by = ?) AS any`, [DEMO_SEED_ACTOR]))
      .rows[0].any as boolean;
  const department = await departmentCodes(knex);
  if (!(await seeded('client'))) await loadDemoClients(db, options, department);
  if (!(await seeded('access_grant'))) await loadDemoGrants(db, options, department);
  if (!(await seeded('console_user'))) await loadDemoConsoleUsers(db, options, department);
  const anyRequest = await knex.raw('SELECT EXISTS (SELECT 1 FROM sharing_request) AS any');
  if (!anyRequest.rows[0].any) await loadDemoRequests(knex, department);
}

/** Files DEMO_REQUESTS as their departments would have, back-dated, with review deadlines to match. */
async function loadDemoRequests(
  knex: Knex,
  department: (shortName: string | undefined) => string | null,
): Promise<void> {
  await knex.transaction(async (trx) => {
    for (const r of DEMO_REQUESTS) {
      const filed = new Date(Date.now() - r.filedDaysAgo * 86_400_000);
      const result = await trx.raw(
        `INSERT INTO sharing_request (requester_department_code, requester_client_id, resource_code, purpose, legal_basis,
           district_scope, wanted_from, deadline, status, created_at)
         VALUES (?, ?, ?, ?, ?, ?::text[], ?, ?, 'PENDING', ?) RETURNING id`,
        [
          department(r.requester),
          r.clientId,
          r.resourceCode,
          r.purpose,
          r.legalBasis,
          r.districtScope ?? null,
          filed,
          addWorkingDays(filed, REVIEW_WORKING_DAYS),
          filed,
        ],
      );
      for (const coordinate of r.items) {
        await trx.raw(
          `INSERT INTO sharing_request_item (request_id, coordinate, decision) VALUES (?, ?, 'PENDING')`,
          [result.rows[0].id, coordinate],
        );
      }
    }
  });
}

async function loadDemoConsoleUsers(
  db: SourceDatabase,
  options: { logger: Logger; progress: boolean; scale: number },
  department: (shortName: string | undefined) => string | null,
): Promise<void> {
  // One scrypt hash at a time (~60 ms each): the hub allows two in parallel, and this runs at first start only.
  const rows: CopyValue[][] = [];
  for (const u of DEMO_CONSOLE_USERS) {
    rows.push([
      u.username,
      u.displayName,
      department(u.department),
      pgArray(u.roles),
      await hashPassword(u.password),
      DEMO_SEED_ACTOR,
    ]);
  }
  await loadTable(
    db,
    options,
    'console_user',
    ['username', 'display_name', 'department_code', 'roles', 'password_hash', 'created_by'],
    rows.length,
    rows,
  );
}

async function loadDemoClients(
  db: SourceDatabase,
  options: { logger: Logger; progress: boolean; scale: number },
  department: (shortName: string | undefined) => string | null,
): Promise<void> {
  const secrets = await ClientSecrets.load(knexRunner(db.knex()));
  const clients = await Promise.all(
    DEMO_CLIENTS.map(async (c) => [
      c.clientId,
      c.name,
      c.role,
      department(c.department),
      secrets.hash(c.secret),
      DEMO_SEED_ACTOR,
    ]),
  );
  await loadTable(
    db,
    options,
    'client',
    ['client_id', 'name', 'role', 'department_code', 'secret_hash', 'created_by'],
    clients.length,
    clients,
  );
}

async function loadDemoGrants(
  db: SourceDatabase,
  options: { logger: Logger; progress: boolean; scale: number },
  department: (shortName: string | undefined) => string | null,
): Promise<void> {
  await loadTable(
    db,
    options,
    'access_grant',
    [
      'consumer_department_code',
      'resource_code',
      'items',
      'purpose',
      'district_scope',
      'clear_sensitive',
      'created_by',
    ],
    DEMO_GRANTS.length,
    DEMO_GRANTS.map((g) => [
      department(g.consumer),
      g.resourceCode,
      pgArray(g.items),
      g.purpose,
      g.districtScope ? pgArray(g.districtScope) : null,
      g.clearSensitive ?? false,
      DEMO_SEED_ACTOR,
    ]),
  );
}
