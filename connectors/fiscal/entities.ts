/**
 * Fiscal revenue-source database (财源共享数据库): enterprises, their tax payments, budget revenue by district.
 */
import { defineEntity, type InferEntity } from '@mikro-orm/core';

/** An industry division of GB/T 4754-2002. */
export const IndustryEntity = defineEntity({
  name: 'Industry',
  tableName: 'industry',
  properties: (p) => ({
    code: p.string().primary().length(2),
    name: p.string(),
    section: p.string().length(1),
    sectionName: p.string(),
  }),
});
export type Industry = InferEntity<typeof IndustryEntity>;

/** 企业: keyed by the unified social credit code. */
export const EnterpriseEntity = defineEntity({
  name: 'Enterprise',
  tableName: 'enterprise',
  properties: (p) => ({
    creditCode: p.string().primary().length(18),
    name: p.string(),
    industryCode: p.string().length(2),
    districtCode: p.string().length(6),
    legalRepresentative: p.string(),
    contactPhone: p.string(),
    registeredCapital: p.double().$type<number>(),
    establishedOn: p.string(),
  }),
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
    id: p.bigint('number').primary(),
    enterpriseCode: p.string().length(18),
    period: p.string().length(7),
    taxType: p.string(),
    amount: p.double().$type<number>(),
    districtCode: p.string().length(6),
    industryCode: p.string().length(2),
    officeCode: p.string().length(9),
    paidOn: p.string(),
  }),
});
export type TaxPayment = InferEntity<typeof TaxPaymentEntity>;

/** 预算收入: budget and actual revenue of a district, year and category. */
export const BudgetRevenueEntity = defineEntity({
  name: 'BudgetRevenue',
  tableName: 'budget_revenue',
  properties: (p) => ({
    districtCode: p.string().primary().length(6),
    year: p.integer().primary(),
    category: p.string().primary(),
    budgetAmount: p.double().$type<number>(),
    actualAmount: p.double().$type<number>(),
  }),
});
export type BudgetRevenue = InferEntity<typeof BudgetRevenueEntity>;

export const entities = [IndustryEntity, EnterpriseEntity, TaxPaymentEntity, BudgetRevenueEntity];
