/**
 * Decision-support database (市政府办公厅): documents, supervised tasks, key projects, performance scores.
 */
import { defineEntity, type InferEntity } from '@mikro-orm/core';

/** 公文: a policy document or report. */
export const PolicyDocumentEntity = defineEntity({
  name: 'PolicyDocument',
  tableName: 'policy_document',
  properties: (p) => ({
    id: p.integer().primary(),
    docNumber: p.string(),
    title: p.string(),
    kind: p.string(),
    issuingDepartmentCode: p.string().length(9),
    issuedOn: p.string(),
    secrecyLevel: p.string(),
  }),
});
export type PolicyDocument = InferEntity<typeof PolicyDocumentEntity>;

/** 督办事项: a supervised task. */
export const SupervisedTaskEntity = defineEntity({
  name: 'SupervisedTask',
  tableName: 'supervised_task',
  properties: (p) => ({
    id: p.integer().primary(),
    code: p.string(),
    title: p.string(),
    leadDepartmentCode: p.string().length(9),
    deadline: p.string(),
    status: p.string(),
    progressPercent: p.integer(),
    progressNote: p.string(),
    publiclyListed: p.boolean(),
  }),
});
export type SupervisedTask = InferEntity<typeof SupervisedTaskEntity>;

/** 重大项目: a key project, with its investor enterprise (credit code) and district. */
export const KeyProjectEntity = defineEntity({
  name: 'KeyProject',
  tableName: 'key_project',
  properties: (p) => ({
    id: p.integer().primary(),
    name: p.string(),
    investorCode: p.string().length(18),
    districtCode: p.string().length(6),
    totalInvestment: p.double().$type<number>(),
    completedInvestment: p.double().$type<number>(),
    status: p.string(),
    startYear: p.integer(),
  }),
});
export type KeyProject = InferEntity<typeof KeyProjectEntity>;

/** 目标绩效考核: a department's score for a year. */
export const PerformanceScoreEntity = defineEntity({
  name: 'PerformanceScore',
  tableName: 'performance_score',
  properties: (p) => ({
    departmentCode: p.string().primary().length(9),
    year: p.integer().primary(),
    score: p.double().$type<number>(),
    rank: p.integer(),
    grade: p.string(),
  }),
});
export type PerformanceScore = InferEntity<typeof PerformanceScoreEntity>;

export const entities = [
  PolicyDocumentEntity,
  SupervisedTaskEntity,
  KeyProjectEntity,
  PerformanceScoreEntity,
];
