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

/** A registered client app (or an administrator's or auditor's tool). */
export const ClientEntity = defineEntity({
  name: 'Client',
  tableName: 'client',
  properties: (p) => ({
    clientId: p.string().primary(),
    name: p.string(),
    role: p.string().$type<'ADMIN' | 'DEPARTMENT' | 'AUDITOR'>(),
    departmentCode: p.string().nullable(),
    secretHash: p.string().lazy(),
    createdAt: p.datetime().onCreate(() => new Date()),
    createdBy: p.string(),
    disabledAt: p.datetime().nullable(),
    disabledReason: p.string().nullable(),
    /** Per-client GraphQL quota set by an administrator; null: the configured default. */
    rateLimitPerMinute: p.integer().nullable(),
    maxConcurrentRequests: p.integer().nullable(),
  }),
});
export type Client = InferEntity<typeof ClientEntity>;

/** 信息资源: a catalogue entry. */
export const ResourceEntity = defineEntity({
  name: 'Resource',
  tableName: 'resource',
  properties: (p) => ({
    code: p.string().primary(),
    name: p.string(),
    summary: p.string(),
    providerDepartmentCode: p.string(),
    source: p.string(),
    graphqlType: p.string(),
    shareType: p.string().$type<'UNCONDITIONAL' | 'CONDITIONAL' | 'NOT_SHARED'>(),
    sharingConditions: p.string(),
    legalBasis: p.string(),
    openToPublic: p.boolean(),
    updateCycle: p.string(),
  }),
});
export type Resource = InferEntity<typeof ResourceEntity>;

/** 信息项: one field of a resource, by schema coordinate. */
export const ResourceItemEntity = defineEntity({
  name: 'ResourceItem',
  tableName: 'resource_item',
  properties: (p) => ({
    coordinate: p.string().primary(),
    resourceCode: p.string(),
    name: p.string(),
    shareType: p.string().$type<'UNCONDITIONAL' | 'CONDITIONAL' | 'NOT_SHARED'>(),
    sensitivity: p.string().$type<'PLAIN' | 'PERSON_NAME' | 'ID_NUMBER' | 'PHONE' | 'ADDRESS'>(),
  }),
});
export type ResourceItem = InferEntity<typeof ResourceItemEntity>;

/** A grant of CONDITIONAL items of one resource to a department (or one of its apps). */
export const AccessGrantEntity = defineEntity({
  name: 'AccessGrant',
  tableName: 'access_grant',
  properties: (p) => ({
    id: p.bigint('number').primary().autoincrement(),
    consumerDepartmentCode: p.string(),
    consumerClientId: p.string().nullable(),
    resourceCode: p.string(),
    items: p.array(),
    purpose: p.string(),
    districtScope: p.array().nullable(),
    clearSensitive: p.boolean(),
    validFrom: p.datetime(),
    validUntil: p.datetime().nullable(),
    requestId: p.bigint('number').nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    createdBy: p.string(),
    endedAt: p.datetime().nullable(),
    endedBy: p.string().nullable(),
    endReason: p.string().nullable(),
  }),
});
export type AccessGrant = InferEntity<typeof AccessGrantEntity>;

/** A department's application for CONDITIONAL items, reviewed item by item by the provider. */
export const SharingRequestEntity = defineEntity({
  name: 'SharingRequest',
  tableName: 'sharing_request',
  properties: (p) => ({
    id: p.bigint('number').primary().autoincrement(),
    requesterDepartmentCode: p.string(),
    requesterClientId: p.string(),
    resourceCode: p.string(),
    purpose: p.string(),
    legalBasis: p.string(),
    districtScope: p.array().nullable(),
    wantedFrom: p.datetime(),
    wantedUntil: p.datetime().nullable(),
    deadline: p.string(),
    status: p.string().$type<'PENDING' | 'DECIDED'>(),
    createdAt: p.datetime().onCreate(() => new Date()),
    decidedAt: p.datetime().nullable(),
  }),
});
export type SharingRequest = InferEntity<typeof SharingRequestEntity>;

/** One requested item and the provider's decision on it. */
export const SharingRequestItemEntity = defineEntity({
  name: 'SharingRequestItem',
  tableName: 'sharing_request_item',
  properties: (p) => ({
    requestId: p.bigint('number').primary(),
    coordinate: p.string().primary(),
    decision: p.string().$type<'PENDING' | 'APPROVED' | 'REJECTED'>(),
    reason: p.string().nullable(),
    reviewedBy: p.string().nullable(),
    reviewedAt: p.datetime().nullable(),
  }),
});
export type SharingRequestItem = InferEntity<typeof SharingRequestItemEntity>;

export const entities = [
  RegionEntity,
  DepartmentEntity,
  ClientEntity,
  ResourceEntity,
  ResourceItemEntity,
  AccessGrantEntity,
  SharingRequestEntity,
  SharingRequestItemEntity,
];
