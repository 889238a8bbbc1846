/**
 * Decision-support database (市政府办公厅): documents, supervised tasks, key projects, performance scores. These
 * entities describe the tables exactly (columns, checks, indexes): new migrations are generated from them
 * (npm run migration:create -- decision), and a test checks that the committed migrations agree with them.
 */
import { defineEntity, type InferEntity } from '@mikro-orm/core';

/** 公文: a policy document or report. */
export const PolicyDocumentEntity = defineEntity({
  name: 'PolicyDocument',
  tableName: 'policy_document',
  properties: (p) => ({
    id: p.integer().primary().autoincrement(false),
    docNumber: p.string().columnType('text'),
    title: p.string().columnType('text'),
    kind: p.string().columnType('text'),
    issuingDepartmentCode: p.string().columnType('text'),
    issuedOn: p.string().columnType('date'),
    secrecyLevel: p.enum(['PUBLIC', 'INTERNAL', 'RESTRICTED'] as const),
  }),
  checks: [
    {
      name: 'policy_document_issuing_department_code_check',
      expression: 'char_length(issuing_department_code) = 9',
    },
  ],
  // Newest first, overall, per department and per kind.
  indexes: [
    {
      name: 'policy_document_issued_idx',
      expression:
        'CREATE INDEX policy_document_issued_idx ON public.policy_document USING btree (issued_on DESC, id DESC)',
    },
    {
      name: 'policy_document_department_idx',
      expression:
        'CREATE INDEX policy_document_department_idx ON public.policy_document USING btree (issuing_department_code, issued_on DESC, id DESC)',
    },
    {
      name: 'policy_document_kind_idx',
      expression:
        'CREATE INDEX policy_document_kind_idx ON public.policy_document USING btree (kind, issued_on DESC, id DESC)',
    },
  ],
});
export type PolicyDocument = InferEntity<typeof PolicyDocumentEntity>;

/** 督办事项: a supervised task. */
export const SupervisedTaskEntity = defineEntity({
  name: 'SupervisedTask',
  tableName: 'supervised_task',
  properties: (p) => ({
    id: p.integer().primary().autoincrement(false),
    code: p.string().columnType('text').unique('supervised_task_code_key'),
    title: p.string().columnType('text'),
    leadDepartmentCode: p.string().columnType('text'),
    deadline: p.string().columnType('date'),
    status: p.enum(['NOT_STARTED', 'IN_PROGRESS', 'COMPLETED', 'OVERDUE'] as const),
    progressPercent: p.integer(),
    progressNote: p.string().columnType('text'),
    publiclyListed: p.boolean(),
  }),
  checks: [
    {
      name: 'supervised_task_lead_department_code_check',
      expression: 'char_length(lead_department_code) = 9',
    },
    {
      name: 'supervised_task_progress_percent_check',
      expression: 'progress_percent >= 0 AND progress_percent <= 100',
    },
  ],
  indexes: [
    { name: 'supervised_task_deadline_idx', properties: ['deadline', 'id'] },
    { name: 'supervised_task_lead_idx', properties: ['leadDepartmentCode', 'deadline', 'id'] },
    { name: 'supervised_task_status_idx', properties: ['status', 'deadline', 'id'] },
    {
      name: 'supervised_task_lead_status_idx',
      properties: ['leadDepartmentCode', 'status', 'deadline', 'id'],
    },
  ],
});
export type SupervisedTask = InferEntity<typeof SupervisedTaskEntity>;

/** 重大项目: a key project, with its investor enterprise (credit code) and district. */
export const KeyProjectEntity = defineEntity({
  name: 'KeyProject',
  tableName: 'key_project',
  properties: (p) => ({
    id: p.integer().primary().autoincrement(false),
    name: p.string().columnType('text'),
    investorCode: p.string().columnType('text'),
    districtCode: p.string().columnType('text'),
    totalInvestment: p.decimal().precision(14).scale(2).$type<number>(),
    completedInvestment: p.decimal().precision(14).scale(2).$type<number>(),
    status: p.enum(['PLANNED', 'UNDER_CONSTRUCTION', 'COMPLETED'] as const),
    startYear: p.integer(),
  }),
  checks: [
    { name: 'key_project_investor_code_check', expression: 'char_length(investor_code) = 18' },
    { name: 'key_project_district_code_check', expression: 'char_length(district_code) = 6' },
  ],
  indexes: [
    { name: 'key_project_investor_idx', properties: ['investorCode', 'id'] },
    { name: 'key_project_district_idx', properties: ['districtCode', 'id'] },
    { name: 'key_project_status_idx', properties: ['status', 'id'] },
    { name: 'key_project_district_status_idx', properties: ['districtCode', 'status', 'id'] },
  ],
});
export type KeyProject = InferEntity<typeof KeyProjectEntity>;

/** 目标绩效考核: a department's score for a year. */
export const PerformanceScoreEntity = defineEntity({
  name: 'PerformanceScore',
  tableName: 'performance_score',
  properties: (p) => ({
    departmentCode: p.string().primary().columnType('text'),
    year: p.integer().primary(),
    score: p.decimal().precision(5).scale(2).$type<number>(),
    rank: p.integer(),
    grade: p.string().columnType('text'),
  }),
  checks: [
    { name: 'performance_score_department_code_check', expression: 'char_length(department_code) = 9' },
  ],
  indexes: [{ name: 'performance_score_year_idx', properties: ['year', 'rank'] }],
});
export type PerformanceScore = InferEntity<typeof PerformanceScoreEntity>;

export const entities = [
  PolicyDocumentEntity,
  SupervisedTaskEntity,
  KeyProjectEntity,
  PerformanceScoreEntity,
];
