/**
 * Statistics database (市统计局): the indicator catalogue, observations by region and period, release calendar.
 */
import { defineEntity, type InferEntity } from '@mikro-orm/core';

/** 统计指标: an indicator such as GDP or retail sales, with its unit and frequency. */
export const IndicatorEntity = defineEntity({
  name: 'Indicator',
  tableName: 'indicator',
  properties: (p) => ({
    code: p.string().primary(),
    name: p.string(),
    unit: p.string(),
    frequency: p.string(),
    category: p.string(),
    description: p.text(),
  }),
});
export type Indicator = InferEntity<typeof IndicatorEntity>;

/** One value of an indicator for a region and period ('2009' yearly, '2009-03' monthly). */
export const ObservationEntity = defineEntity({
  name: 'Observation',
  tableName: 'observation',
  properties: (p) => ({
    indicatorCode: p.string().primary(),
    regionCode: p.string().primary().length(6),
    period: p.string().primary(),
    value: p.double().$type<number>().nullable(),
  }),
});
export type Observation = InferEntity<typeof ObservationEntity>;

/** 发布日程: when the value of an indicator for a period is (to be) published. */
export const ReleaseEntity = defineEntity({
  name: 'Release',
  tableName: 'release',
  properties: (p) => ({
    id: p.integer().primary(),
    indicatorCode: p.string(),
    period: p.string(),
    scheduledOn: p.string(),
    publishedOn: p.string().nullable(),
  }),
});
export type Release = InferEntity<typeof ReleaseEntity>;

export const entities = [IndicatorEntity, ObservationEntity, ReleaseEntity];
