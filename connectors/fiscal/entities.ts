/**
 * Fiscal revenue-source database (财源共享数据库): enterprises, their tax payments, budget revenue by district.
 * These entities describe the tables exactly (columns, keys, checks, indexes): new migrations are generated from
 * them (npm run migration:create -- fiscal), and a test checks that the committed migrations agree. The revenue
 * cube (revenue_summary, revenue_summary_stale) is kept by SQL of its own: see its migration.
 */
import { defineEntity, type InferEntity } from '@mikro-orm/core';

/** An industry division of GB/T 4754-2002. */
export const IndustryEntity = defineEntity({
  name: 'Industry',
  tableName: 'industry',
  properties: (p) => ({
    code: p.string().primary().columnType('text'),
    name: p.string().columnType('text'),
    section: p.string().columnType('text'),
    sectionName: p.string().columnType('text'),
  }),
  checks: [
    { name: 'industry_code_check', expression: 'char_length(code) = 2' },
    { name: 'industry_section_check', expression: 'char_length(section) = 1' },
  ],
});
export type Industry = InferEntity<typeof IndustryEntity>;

/** 企业: keyed by the unified social credit code. */
export const EnterpriseEntity = defineEntity({
  name: 'Enterprise',
  tableName: 'enterprise',
  properties: (p) => ({
    creditCode: p.string().primary().columnType('text'),
    name: p.string().columnType('text'),
    industryCode: p
      .manyToOne(IndustryEntity)
      .mapToPk()
      .joinColumn('industry_code')
      .foreignKeyName('enterprise_industry_code_fkey')
      .updateRule('no action')
      .deleteRule('no action'),
    districtCode: p.string().columnType('text'),
    legalRepresentative: p.string().columnType('text'),
    contactPhone: p.string().columnType('text'),
    registeredCapital: p.decimal().precision(14).scale(2).$type<number>(),
    establishedOn: p.string().columnType('date'),
  }),
  checks: [
    { name: 'enterprise_credit_code_check', expression: 'char_length(credit_code) = 18' },
    { name: 'enterprise_industry_code_check', expression: 'char_length(industry_code) = 2' },
    { name: 'enterprise_district_code_check', expression: 'char_length(district_code) = 6' },
  ],
  // enterprises(districtCode), Region.enterprises, enterprises(industryCode), and both together.
  indexes: [
    { name: 'enterprise_district_idx', properties: ['districtCode', 'creditCode'] },
    { name: 'enterprise_industry_idx', properties: ['industryCode', 'creditCode'] },
    { name: 'enterprise_district_industry_idx', properties: ['districtCode', 'industryCode', 'creditCode'] },
  ],
});
export type Enterprise = InferEntity<typeof EnterpriseEntity>;

/**
 * 入库税款: one payment. District and industry are copied from the enterprise when the payment is booked, as in
 * a revenue fact table: summaries group by them without a join, and history keeps the values of that time.
 */
export const TaxPaymentEntity = defineEntity({
  name: 'TaxPayment',
  tableName: 'tax_payment',
  properties: (p) => ({
    id: p.bigint('number').primary().autoincrement(false),
    enterpriseCode: p.string().columnType('text'),
    period: p.string().columnType('text'),
    taxType: p.string().columnType('text'),
    amount: p.decimal().precision(16).scale(2).$type<number>(),
    districtCode: p.string().columnType('text'),
    industryCode: p.string().columnType('text'),
    officeCode: p.string().columnType('text'),
    paidOn: p.string().columnType('date'),
  }),
  checks: [
    { name: 'tax_payment_enterprise_code_check', expression: 'char_length(enterprise_code) = 18' },
    { name: 'tax_payment_period_check', expression: `period ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'::text` },
    { name: 'tax_payment_district_code_check', expression: 'char_length(district_code) = 6' },
    { name: 'tax_payment_industry_code_check', expression: 'char_length(industry_code) = 2' },
    { name: 'tax_payment_office_code_check', expression: 'char_length(office_code) = 9' },
  ],
  indexes: [
    // Enterprise.taxPayments: newest first per enterprise (taxType and period filters within it).
    {
      name: 'tax_payment_enterprise_idx',
      expression:
        'CREATE INDEX tax_payment_enterprise_idx ON public.tax_payment USING btree (enterprise_code, period DESC, id DESC)',
    },
    // revenueSummary filters: period range alone or with district, industry or tax type.
    { name: 'tax_payment_period_idx', properties: ['period'] },
    { name: 'tax_payment_district_idx', properties: ['districtCode', 'period'] },
    { name: 'tax_payment_industry_idx', properties: ['industryCode', 'period'] },
    { name: 'tax_payment_type_idx', properties: ['taxType', 'period'] },
  ],
});
export type TaxPayment = InferEntity<typeof TaxPaymentEntity>;

/** 预算收入: budget and actual revenue of a district, year and category. */
export const BudgetRevenueEntity = defineEntity({
  name: 'BudgetRevenue',
  tableName: 'budget_revenue',
  properties: (p) => ({
    districtCode: p.string().primary().columnType('text'),
    year: p.integer().primary(),
    category: p.string().primary().columnType('text'),
    budgetAmount: p.decimal().precision(14).scale(2).$type<number>(),
    actualAmount: p.decimal().precision(14).scale(2).$type<number>(),
  }),
  checks: [{ name: 'budget_revenue_district_code_check', expression: 'char_length(district_code) = 6' }],
  indexes: [{ name: 'budget_revenue_year_idx', properties: ['year', 'districtCode'] }],
});
export type BudgetRevenue = InferEntity<typeof BudgetRevenueEntity>;

export const entities = [IndustryEntity, EnterpriseEntity, TaxPaymentEntity, BudgetRevenueEntity];
