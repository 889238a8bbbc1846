/**
 * Market-regulation database (市场主体登记, 市工商局): business licences, annual reports and administrative
 * penalties of the enterprises the fiscal source knows, joined on the unified social credit code. These entities
 * are the one place the tables' shape is written: migrations are generated from them (npm run migration:create).
 */
import { defineEntity, type InferEntity } from '@mikro-orm/core';

/** 营业执照: an enterprise's registration, keyed by its credit code. */
export const BusinessLicenceEntity = defineEntity({
  name: 'BusinessLicence',
  tableName: 'business_licence',
  properties: (p) => ({
    creditCode: p.string().primary().columnType('text'),
    registrationNumber: p.string().columnType('text').unique(),
    legalForm: p.string().columnType('text'),
    businessScope: p.string().columnType('text'),
    registeredOn: p.string().columnType('date'),
    districtCode: p.string().columnType('text'),
    authorityCode: p.string().columnType('text'),
    status: p.enum(['ACTIVE', 'REVOKED', 'CANCELLED'] as const),
    statusChangedOn: p.string().columnType('date').nullable(),
    riskRating: p.enum(['A', 'B', 'C', 'D'] as const),
  }),
  // Enums become CHECK constraints of their own (MikroORM's); these are the rest.
  checks: [
    { name: 'business_licence_credit_code_check', expression: 'char_length(credit_code) = 18' },
    { name: 'business_licence_district_code_check', expression: 'char_length(district_code) = 6' },
  ],
  // One index per filter the API offers, each ending in the keyset order (credit code).
  indexes: [
    { name: 'business_licence_district_idx', properties: ['districtCode', 'creditCode'] },
    { name: 'business_licence_status_idx', properties: ['status', 'creditCode'] },
    { name: 'business_licence_district_status_idx', properties: ['districtCode', 'status', 'creditCode'] },
  ],
});
export type BusinessLicence = InferEntity<typeof BusinessLicenceEntity>;

/** 企业年度报告: what an enterprise reported for a year. */
export const AnnualReportEntity = defineEntity({
  name: 'AnnualReport',
  tableName: 'annual_report',
  properties: (p) => ({
    creditCode: p.string().primary().columnType('text'),
    year: p.integer().primary(),
    submittedOn: p.string().columnType('date'),
    employees: p.integer(),
    totalAssets: p.decimal().precision(16).scale(2).$type<number>(),
    operatingRevenue: p.decimal().precision(16).scale(2).$type<number>(),
    contactPhone: p.string().columnType('text'),
  }),
  checks: [
    { name: 'annual_report_year_check', expression: 'year >= 1980 AND year <= 2100' },
    { name: 'annual_report_employees_check', expression: 'employees >= 0' },
  ],
});
export type AnnualReport = InferEntity<typeof AnnualReportEntity>;

/** 行政处罚: a penalty decision against an enterprise. */
export const AdministrativePenaltyEntity = defineEntity({
  name: 'AdministrativePenalty',
  tableName: 'administrative_penalty',
  properties: (p) => ({
    id: p.integer().primary().autoincrement(false),
    creditCode: p.string().columnType('text'),
    decisionNumber: p.string().columnType('text').unique(),
    decidedOn: p.string().columnType('date'),
    kind: p.enum(['WARNING', 'FINE', 'CONFISCATION', 'SUSPENSION', 'LICENCE_REVOKED'] as const),
    amount: p.decimal().precision(14).scale(2).$type<number>().nullable(),
    reason: p.string().columnType('text'),
    districtCode: p.string().columnType('text'),
    authorityCode: p.string().columnType('text'),
  }),
  checks: [{ name: 'administrative_penalty_amount_check', expression: 'amount IS NULL OR amount >= 0' }],
  // Newest first per enterprise, overall and per district: a btree read backwards serves the DESC order.
  indexes: [
    { name: 'administrative_penalty_enterprise_idx', properties: ['creditCode', 'decidedOn', 'id'] },
    { name: 'administrative_penalty_decided_idx', properties: ['decidedOn', 'id'] },
    { name: 'administrative_penalty_district_idx', properties: ['districtCode', 'decidedOn', 'id'] },
  ],
});
export type AdministrativePenalty = InferEntity<typeof AdministrativePenaltyEntity>;

export const entities = [BusinessLicenceEntity, AnnualReportEntity, AdministrativePenaltyEntity];
