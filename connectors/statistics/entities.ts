/**
 * Statistics database (市统计局): the indicator catalogue, observations by region and period, release calendar.
 * These entities describe the tables exactly (columns, keys, checks, indexes): new migrations are generated from
 * them (npm run migration:create -- statistics), and a test checks that the committed migrations agree.
 */
import { defineEntity, type InferEntity } from '@mikro-orm/core';

/** 统计指标: an indicator such as GDP or retail sales, with its unit and frequency. */
export const IndicatorEntity = defineEntity({
  name: 'Indicator',
  tableName: 'indicator',
  properties: (p) => ({
    code: p.string().primary().columnType('text'),
    name: p.string().columnType('text'),
    unit: p.string().columnType('text'),
    frequency: p.enum(['YEARLY', 'MONTHLY'] as const),
    category: p.string().columnType('text'),
    description: p.string().columnType('text').default(''),
  }),
  indexes: [
    { name: 'indicator_category_idx', properties: ['category', 'code'] },
    { name: 'indicator_frequency_idx', properties: ['frequency', 'code'] },
  ],
});
export type Indicator = InferEntity<typeof IndicatorEntity>;

/** One value of an indicator for a region and period ('2009' yearly, '2009-03' monthly). */
export const ObservationEntity = defineEntity({
  name: 'Observation',
  tableName: 'observation',
  properties: (p) => ({
    indicatorCode: p
      .manyToOne(IndicatorEntity)
      .primary()
      .mapToPk()
      .joinColumn('indicator_code')
      .foreignKeyName('observation_indicator_code_fkey')
      .updateRule('no action')
      .deleteRule('no action'),
    regionCode: p.string().primary().columnType('text'),
    period: p.string().primary().columnType('text'),
    value: p.double().$type<number>().nullable(),
  }),
  checks: [
    { name: 'observation_region_code_check', expression: 'char_length(region_code) = 6' },
    { name: 'observation_period_check', expression: `period ~ '^[0-9]{4}(-[0-9]{2})?$'::text` },
  ],
  // Region.indicatorValues: one region's values, by indicator and period.
  indexes: [{ name: 'observation_region_idx', properties: ['regionCode', 'indicatorCode', 'period'] }],
});
export type Observation = InferEntity<typeof ObservationEntity>;

/** 发布日程: when the value of an indicator for a period is (to be) published. */
export const ReleaseEntity = defineEntity({
  name: 'Release',
  tableName: 'release',
  properties: (p) => ({
    id: p.integer().primary().autoincrement(false),
    indicatorCode: p
      .manyToOne(IndicatorEntity)
      .mapToPk()
      .joinColumn('indicator_code')
      .foreignKeyName('release_indicator_code_fkey')
      .updateRule('no action')
      .deleteRule('no action'),
    period: p.string().columnType('text'),
    scheduledOn: p.string().columnType('date'),
    publishedOn: p.string().columnType('date').nullable(),
  }),
  uniques: [{ name: 'release_indicator_code_period_key', properties: ['indicatorCode', 'period'] }],
  indexes: [{ name: 'release_scheduled_idx', properties: ['scheduledOn', 'id'] }],
});
export type Release = InferEntity<typeof ReleaseEntity>;

export const entities = [IndicatorEntity, ObservationEntity, ReleaseEntity];
