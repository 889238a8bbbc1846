/**
 * Directory database entities: the shared reference data (regions, departments). The catalogue, clients and
 * grants join them with the directory capability.
 */
import { defineEntity, type InferEntity } from '@mikro-orm/core';

/** 行政区划: an administrative division, keyed by its 6-digit GB/T 2260 code. */
export const RegionEntity = defineEntity({
  name: 'Region',
  tableName: 'region',
  properties: (p) => ({
    code: p.string().primary().length(6),
    name: p.string(),
    kind: p.string(),
    parentCode: p.string().nullable().length(6),
    population: p.integer(),
  }),
});
export type Region = InferEntity<typeof RegionEntity>;

/** A government department (部门), the unit that provides and consumes shared data. */
export const DepartmentEntity = defineEntity({
  name: 'Department',
  tableName: 'department',
  properties: (p) => ({
    code: p.string().primary().length(9),
    name: p.string(),
    shortName: p.string(),
    regionCode: p.string().length(6),
  }),
});
export type Department = InferEntity<typeof DepartmentEntity>;

export const entities = [RegionEntity, DepartmentEntity];
