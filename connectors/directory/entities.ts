/**
 * Directory database (一套目录): the shared reference data (regions, departments), and the tables of the
 * directory's control plane (clients, keys, catalogue, grants, sharing requests, change log) and of the audit
 * trail, which live in this database. These entities describe every table exactly (columns, keys, checks,
 * indexes): new migrations are generated from them (npm run migration:create -- directory), and a test checks
 * that the committed migrations agree. Triggers (append-only audit tables) are in the migrations only.
 */
import { defineEntity, ReferenceKind, type InferEntity } from '@mikro-orm/core';

/** A foreign key as the committed migrations made it: PostgreSQL's name, no cascading. */
const FOREIGN = { updateRule: 'no action', deleteRule: 'no action' } as const;

/** 行政区划: an administrative division, keyed by its 6-digit GB/T 2260 code. */
export const RegionEntity = defineEntity({
  name: 'Region',
  tableName: 'region',
  properties: (p) => ({
    code: p.string().primary().columnType('text'),
    name: p.string().columnType('text'),
    kind: p.enum(['CITY', 'DISTRICT', 'COUNTY_CITY'] as const),
    // A reference to this same entity: the builder cannot name an entity inside its own definition.
    parentCode: {
      kind: ReferenceKind.MANY_TO_ONE,
      entity: () => 'Region',
      mapToPk: true,
      joinColumn: 'parent_code',
      nullable: true,
      foreignKeyName: 'region_parent_code_fkey',
      ...FOREIGN,
    } as { kind: ReferenceKind.MANY_TO_ONE; entity: () => string; nullable: true },
    population: p.integer(),
  }),
  checks: [
    { name: 'region_code_check', expression: `code ~ '^[0-9]{6}$'::text` },
    { name: 'region_parent_code_check', expression: 'char_length(parent_code) = 6' },
  ],
});
export type Region = Omit<InferEntity<typeof RegionEntity>, 'parentCode'> & { parentCode: string | null };

/** A government department (部门), the unit that provides and consumes shared data. */
export const DepartmentEntity = defineEntity({
  name: 'Department',
  tableName: 'department',
  properties: (p) => ({
    code: p.string().primary().columnType('text'),
    name: p.string().columnType('text').unique('department_name_key'),
    shortName: p.string().columnType('text'),
    regionCode: p
      .manyToOne(RegionEntity)
      .mapToPk()
      .joinColumn('region_code')
      .foreignKeyName('department_region_code_fkey')
      .updateRule(FOREIGN.updateRule)
      .deleteRule(FOREIGN.deleteRule),
  }),
  checks: [
    { name: 'department_code_check', expression: 'char_length(code) = 9' },
    { name: 'department_region_code_check', expression: 'char_length(region_code) = 6' },
  ],
  indexes: [{ name: 'department_region_idx', properties: ['regionCode', 'code'] }],
});
export type Department = InferEntity<typeof DepartmentEntity>;

/** A registered client app (or an administrator's or auditor's tool). */
export const ClientEntity = defineEntity({
  name: 'Client',
  tableName: 'client',
  properties: (p) => ({
    clientId: p.string().primary().columnType('text'),
    name: p.string().columnType('text'),
    role: p.enum(['ADMIN', 'DEPARTMENT', 'AUDITOR', 'GATEWAY'] as const),
    departmentCode: p
      .manyToOne(DepartmentEntity)
      .mapToPk()
      .joinColumn('department_code')
      .nullable()
      .foreignKeyName('client_department_code_fkey')
      .updateRule(FOREIGN.updateRule)
      .deleteRule(FOREIGN.deleteRule),
    secretHash: p.string().columnType('text').lazy(),
    createdAt: p.datetime().columnType('timestamptz').defaultRaw('now()'),
    createdBy: p.string().columnType('text'),
    disabledAt: p.datetime().columnType('timestamptz').nullable(),
    disabledReason: p.string().columnType('text').nullable(),
    rateLimitPerMinute: p.integer().nullable(),
    maxConcurrentRequests: p.integer().nullable(),
  }),
  checks: [
    { name: 'client_client_id_check', expression: `client_id ~ '^[a-z0-9][a-z0-9._-]{2,63}$'::text` },
    { name: 'client_check', expression: `(role = 'DEPARTMENT'::text) = (department_code IS NOT NULL)` },
    {
      name: 'client_rate_limit_per_minute_check',
      expression: 'rate_limit_per_minute >= 1 AND rate_limit_per_minute <= 1000000',
    },
    {
      name: 'client_max_concurrent_requests_check',
      expression: 'max_concurrent_requests >= 1 AND max_concurrent_requests <= 10000',
    },
  ],
  indexes: [
    { name: 'client_department_idx', properties: ['departmentCode', 'clientId'] },
    // The administration page's search: a substring of the id or the name, any case (pg_trgm).
    {
      name: 'client_search_idx',
      expression:
        "CREATE INDEX client_search_idx ON public.client USING gin (lower(((client_id || ' '::text) || name)) gin_trgm_ops)",
    },
  ],
});
export type Client = InferEntity<typeof ClientEntity>;

/** A token-signing key pair (JWK), current until retired. */
export const SigningKeyEntity = defineEntity({
  name: 'SigningKey',
  tableName: 'signing_key',
  properties: (p) => ({
    kid: p.string().primary().columnType('text'),
    alg: p.string().columnType('text'),
    publicJwk: p.json<Record<string, unknown>>(),
    privateJwk: p.json<Record<string, unknown>>().lazy(),
    createdAt: p.datetime().columnType('timestamptz').defaultRaw('now()'),
    retiredAt: p.datetime().columnType('timestamptz').nullable(),
  }),
});
export type SigningKey = InferEntity<typeof SigningKeyEntity>;

/** A secret the hub keeps for itself (the key of client-secret hashes), by name. */
export const HubKeyEntity = defineEntity({
  name: 'HubKey',
  tableName: 'hub_key',
  properties: (p) => ({
    name: p.string().primary().columnType('text'),
    secret: p.blob().lazy(),
    createdAt: p.datetime().columnType('timestamptz').defaultRaw('now()'),
  }),
});
export type HubKey = InferEntity<typeof HubKeyEntity>;

const SHARE_TYPES = ['UNCONDITIONAL', 'CONDITIONAL', 'NOT_SHARED'] as const;

/** 信息资源: a catalogue entry, provided by one department. */
export const ResourceEntity = defineEntity({
  name: 'Resource',
  tableName: 'resource',
  properties: (p) => ({
    code: p.string().primary().columnType('text'),
    name: p.string().columnType('text'),
    summary: p.string().columnType('text'),
    providerDepartmentCode: p
      .manyToOne(DepartmentEntity)
      .mapToPk()
      .joinColumn('provider_department_code')
      .foreignKeyName('resource_provider_department_code_fkey')
      .updateRule(FOREIGN.updateRule)
      .deleteRule(FOREIGN.deleteRule),
    source: p.string().columnType('text'),
    graphqlType: p.string().columnType('text'),
    shareType: p.enum([...SHARE_TYPES]),
    sharingConditions: p.string().columnType('text').default(''),
    legalBasis: p.string().columnType('text').default(''),
    openToPublic: p.boolean().default(false),
    updateCycle: p.string().columnType('text'),
  }),
  indexes: [{ name: 'resource_provider_idx', properties: ['providerDepartmentCode', 'code'] }],
});
export type Resource = InferEntity<typeof ResourceEntity>;

/** 信息项: one schema coordinate of a resource, with its share type and sensitivity. */
export const ResourceItemEntity = defineEntity({
  name: 'ResourceItem',
  tableName: 'resource_item',
  properties: (p) => ({
    coordinate: p.string().primary().columnType('text'),
    resourceCode: p
      .manyToOne(ResourceEntity)
      .mapToPk()
      .joinColumn('resource_code')
      .foreignKeyName('resource_item_resource_code_fkey')
      .updateRule(FOREIGN.updateRule)
      .deleteRule(FOREIGN.deleteRule),
    name: p.string().columnType('text'),
    shareType: p.enum([...SHARE_TYPES]),
    sensitivity: p.enum(['PLAIN', 'PERSON_NAME', 'ID_NUMBER', 'PHONE', 'ADDRESS'] as const),
  }),
  checks: [
    {
      name: 'resource_item_coordinate_check',
      expression: `coordinate ~ '^[A-Z][A-Za-z0-9]*\\.[a-z][A-Za-z0-9]*$'::text`,
    },
  ],
  indexes: [{ name: 'resource_item_resource_idx', properties: ['resourceCode', 'coordinate'] }],
});
export type ResourceItem = InferEntity<typeof ResourceItemEntity>;

/** 授权: items of one resource granted to a consuming department (or one of its apps). */
export const AccessGrantEntity = defineEntity({
  name: 'AccessGrant',
  tableName: 'access_grant',
  properties: (p) => ({
    id: p.bigint('number').primary(),
    consumerDepartmentCode: p
      .manyToOne(DepartmentEntity)
      .mapToPk()
      .joinColumn('consumer_department_code')
      .foreignKeyName('access_grant_consumer_department_code_fkey')
      .updateRule(FOREIGN.updateRule)
      .deleteRule(FOREIGN.deleteRule),
    consumerClientId: p
      .manyToOne(ClientEntity)
      .mapToPk()
      .joinColumn('consumer_client_id')
      .nullable()
      .foreignKeyName('access_grant_consumer_client_id_fkey')
      .updateRule(FOREIGN.updateRule)
      .deleteRule(FOREIGN.deleteRule),
    resourceCode: p
      .manyToOne(ResourceEntity)
      .mapToPk()
      .joinColumn('resource_code')
      .foreignKeyName('access_grant_resource_code_fkey')
      .updateRule(FOREIGN.updateRule)
      .deleteRule(FOREIGN.deleteRule),
    items: p.array().columnType('text[]'),
    purpose: p.string().columnType('text'),
    districtScope: p.array().columnType('text[]').nullable(),
    clearSensitive: p.boolean().default(false),
    validFrom: p.datetime().columnType('timestamptz').defaultRaw('now()'),
    validUntil: p.datetime().columnType('timestamptz').nullable(),
    requestId: p.bigint('number').nullable(),
    createdAt: p.datetime().columnType('timestamptz').defaultRaw('now()'),
    createdBy: p.string().columnType('text'),
    endedAt: p.datetime().columnType('timestamptz').nullable(),
    endedBy: p.string().columnType('text').nullable(),
    endReason: p.string().columnType('text').nullable(),
  }),
  checks: [
    { name: 'access_grant_items_check', expression: 'cardinality(items) > 0' },
    { name: 'access_grant_purpose_check', expression: `purpose <> ''::text` },
    { name: 'access_grant_check', expression: 'valid_until IS NULL OR valid_until > valid_from' },
  ],
  indexes: [
    { name: 'access_grant_consumer_idx', properties: ['consumerDepartmentCode', 'id'] },
    { name: 'access_grant_resource_idx', properties: ['resourceCode', 'id'] },
    // The expiry sweep reads only grants not ended.
    {
      name: 'access_grant_valid_until_idx',
      expression:
        'CREATE INDEX access_grant_valid_until_idx ON public.access_grant USING btree (valid_until) WHERE (ended_at IS NULL)',
    },
  ],
});
export type AccessGrant = InferEntity<typeof AccessGrantEntity>;

/** 共享申请: a department's request for items of a resource, decided item by item by the provider. */
export const SharingRequestEntity = defineEntity({
  name: 'SharingRequest',
  tableName: 'sharing_request',
  properties: (p) => ({
    id: p.bigint('number').primary(),
    requesterDepartmentCode: p
      .manyToOne(DepartmentEntity)
      .mapToPk()
      .joinColumn('requester_department_code')
      .foreignKeyName('sharing_request_requester_department_code_fkey')
      .updateRule(FOREIGN.updateRule)
      .deleteRule(FOREIGN.deleteRule),
    requesterClientId: p
      .manyToOne(ClientEntity)
      .mapToPk()
      .joinColumn('requester_client_id')
      .foreignKeyName('sharing_request_requester_client_id_fkey')
      .updateRule(FOREIGN.updateRule)
      .deleteRule(FOREIGN.deleteRule),
    resourceCode: p
      .manyToOne(ResourceEntity)
      .mapToPk()
      .joinColumn('resource_code')
      .foreignKeyName('sharing_request_resource_code_fkey')
      .updateRule(FOREIGN.updateRule)
      .deleteRule(FOREIGN.deleteRule),
    purpose: p.string().columnType('text'),
    legalBasis: p.string().columnType('text'),
    districtScope: p.array().columnType('text[]').nullable(),
    wantedFrom: p.datetime().columnType('timestamptz'),
    wantedUntil: p.datetime().columnType('timestamptz').nullable(),
    deadline: p.string().columnType('date'),
    status: p.enum(['PENDING', 'DECIDED'] as const),
    createdAt: p.datetime().columnType('timestamptz').defaultRaw('now()'),
    decidedAt: p.datetime().columnType('timestamptz').nullable(),
  }),
  checks: [
    { name: 'sharing_request_purpose_check', expression: `purpose <> ''::text` },
    { name: 'sharing_request_legal_basis_check', expression: `legal_basis <> ''::text` },
  ],
  indexes: [
    { name: 'sharing_request_requester_idx', properties: ['requesterDepartmentCode', 'id'] },
    { name: 'sharing_request_resource_idx', properties: ['resourceCode', 'id'] },
    // The deadline watch reads only pending requests.
    {
      name: 'sharing_request_pending_idx',
      expression:
        "CREATE INDEX sharing_request_pending_idx ON public.sharing_request USING btree (deadline, id) WHERE (status = 'PENDING'::text)",
    },
  ],
});
export type SharingRequest = InferEntity<typeof SharingRequestEntity>;

/** One requested item of a sharing request and the provider's decision on it. */
export const SharingRequestItemEntity = defineEntity({
  name: 'SharingRequestItem',
  tableName: 'sharing_request_item',
  properties: (p) => ({
    requestId: p
      .manyToOne(SharingRequestEntity)
      .primary()
      .mapToPk()
      .joinColumn('request_id')
      .foreignKeyName('sharing_request_item_request_id_fkey')
      .updateRule(FOREIGN.updateRule)
      .deleteRule(FOREIGN.deleteRule),
    coordinate: p
      .manyToOne(ResourceItemEntity)
      .primary()
      .mapToPk()
      .joinColumn('coordinate')
      .foreignKeyName('sharing_request_item_coordinate_fkey')
      .updateRule(FOREIGN.updateRule)
      .deleteRule(FOREIGN.deleteRule),
    decision: p.enum(['PENDING', 'APPROVED', 'REJECTED'] as const),
    reason: p.string().columnType('text').nullable(),
    reviewedBy: p.string().columnType('text').nullable(),
    reviewedAt: p.datetime().columnType('timestamptz').nullable(),
  }),
  checks: [
    {
      name: 'sharing_request_item_check',
      expression: `decision <> 'REJECTED'::text OR COALESCE(reason, ''::text) <> ''::text`,
    },
  ],
});
export type SharingRequestItem = InferEntity<typeof SharingRequestItemEntity>;

/** 目录变更记录: the directory's change log, hash-chained and append-only (audit/change-log.ts). */
export const DirectoryChangeEntity = defineEntity({
  name: 'DirectoryChange',
  tableName: 'directory_change',
  properties: (p) => ({
    id: p.bigint('number').primary(),
    changedAt: p.datetime().columnType('timestamptz').defaultRaw('now()'),
    actor: p.string().columnType('text'),
    action: p.string().columnType('text'),
    subject: p.string().columnType('text'),
    reason: p.string().columnType('text'),
    oldValue: p.json().nullable(),
    newValue: p.json().nullable(),
    prevHash: p.string().columnType('text').nullable(),
    hash: p.string().columnType('text').nullable().unique('directory_change_hash_key'),
  }),
  indexes: [{ name: 'directory_change_subject_idx', properties: ['subject', 'id'] }],
});
export type DirectoryChange = InferEntity<typeof DirectoryChangeEntity>;

/** 审计记录: one request as the audit trail holds it, hash-chained and append-only (audit/store.ts). */
export const AuditRecordEntity = defineEntity({
  name: 'AuditRecord',
  tableName: 'audit_record',
  properties: (p) => ({
    seq: p.bigint('number').primary().autoincrement(false),
    requestId: p.string().columnType('text'),
    recordedAt: p.datetime().columnType('timestamptz'),
    clientId: p.string().columnType('text').nullable(),
    departmentCode: p.string().columnType('text').nullable(),
    endUser: p.string().columnType('text').nullable(),
    caseId: p.string().columnType('text').nullable(),
    httpMethod: p.string().columnType('text'),
    path: p.string().columnType('text'),
    operationName: p.string().columnType('text').nullable(),
    operationType: p.string().columnType('text').nullable(),
    documentHash: p.string().columnType('text').nullable(),
    coordinatesReturned: p.array().columnType('text[]').defaultRaw(`'{}'::text[]`),
    coordinatesMasked: p.array().columnType('text[]').defaultRaw(`'{}'::text[]`),
    coordinatesDenied: p.array().columnType('text[]').defaultRaw(`'{}'::text[]`),
    rowsPerResource: p.json<Record<string, number>>().defaultRaw(`'{}'::jsonb`),
    grantIds: p.array().columnType('bigint[]').defaultRaw(`'{}'::bigint[]`),
    outcome: p.enum([
      'ANSWERED',
      'PARTLY_DENIED',
      'DENIED',
      'UNAUTHENTICATED',
      'MALFORMED',
      'OVER_LIMIT',
      'FAILED',
    ] as const),
    httpStatus: p.integer(),
    errorCodes: p.array().columnType('text[]').defaultRaw(`'{}'::text[]`),
    durationMs: p.double(),
    variables: p.json().nullable(),
    prevHash: p.string().columnType('text'),
    hash: p.string().columnType('text'),
    correlationId: p.string().columnType('text').nullable(),
    /** The process that made the record when the hub runs federated: `gateway` or `subgraph:<source>`. */
    recordedBy: p.string().columnType('text').nullable(),
  }),
  indexes: [
    // One federated request's records (the gateway's and each subgraph's) share its request id.
    { name: 'audit_record_request_idx', properties: ['requestId'] },
    { name: 'audit_record_time_idx', properties: ['recordedAt', 'seq'] },
    { name: 'audit_record_department_idx', properties: ['departmentCode', 'seq'] },
    { name: 'audit_record_client_idx', properties: ['clientId', 'seq'] },
    { name: 'audit_record_outcome_idx', properties: ['outcome', 'seq'] },
    // The auditor's "who read this item / this resource" filters.
    {
      name: 'audit_record_coordinates_idx',
      expression:
        'CREATE INDEX audit_record_coordinates_idx ON public.audit_record USING gin (coordinates_returned)',
    },
    {
      name: 'audit_record_resources_idx',
      expression:
        'CREATE INDEX audit_record_resources_idx ON public.audit_record USING gin (rows_per_resource)',
    },
  ],
});
export type AuditRecord = InferEntity<typeof AuditRecordEntity>;

/**
 * 控制台用户: a person who signs in to the console (issue 14), acting through the console's own client. Roles:
 * ADMIN, AUDITOR, DEPARTMENT_STAFF, REVIEWER, DASHBOARD; department roles need a department.
 */
export const ConsoleUserEntity = defineEntity({
  name: 'ConsoleUser',
  tableName: 'console_user',
  properties: (p) => ({
    username: p.string().primary().columnType('text'),
    displayName: p.string().columnType('text'),
    departmentCode: p
      .manyToOne(DepartmentEntity)
      .mapToPk()
      .joinColumn('department_code')
      .nullable()
      .foreignKeyName('console_user_department_code_fkey')
      .updateRule(FOREIGN.updateRule)
      .deleteRule(FOREIGN.deleteRule),
    roles: p.array().columnType('text[]'),
    passwordHash: p.string().columnType('text').lazy(),
    failedAttempts: p.integer().default(0),
    lockedUntil: p.datetime().columnType('timestamptz').nullable(),
    createdAt: p.datetime().columnType('timestamptz').defaultRaw('now()'),
    createdBy: p.string().columnType('text'),
    disabledAt: p.datetime().columnType('timestamptz').nullable(),
    lastSignInAt: p.datetime().columnType('timestamptz').nullable(),
  }),
  checks: [
    { name: 'console_user_username_check', expression: `username ~ '^[a-z0-9][a-z0-9._-]{2,63}$'::text` },
    { name: 'console_user_roles_check', expression: 'cardinality(roles) > 0' },
    { name: 'console_user_failed_attempts_check', expression: 'failed_attempts >= 0' },
  ],
  indexes: [{ name: 'console_user_department_idx', properties: ['departmentCode', 'username'] }],
});
export type ConsoleUser = InferEntity<typeof ConsoleUserEntity>;

/** A console sign-in: its refresh token's hash (never the token), until it expires or the person signs out. */
export const ConsoleSessionEntity = defineEntity({
  name: 'ConsoleSession',
  tableName: 'console_session',
  properties: (p) => ({
    tokenHash: p.string().primary().columnType('text'),
    username: p
      .manyToOne(ConsoleUserEntity)
      .mapToPk()
      .joinColumn('username')
      .foreignKeyName('console_session_username_fkey')
      .updateRule(FOREIGN.updateRule)
      .deleteRule(FOREIGN.deleteRule),
    createdAt: p.datetime().columnType('timestamptz').defaultRaw('now()'),
    expiresAt: p.datetime().columnType('timestamptz'),
    endedAt: p.datetime().columnType('timestamptz').nullable(),
  }),
  indexes: [{ name: 'console_session_username_idx', properties: ['username', 'expiresAt'] }],
});
export type ConsoleSession = InferEntity<typeof ConsoleSessionEntity>;

export const entities = [
  RegionEntity,
  DepartmentEntity,
  ClientEntity,
  SigningKeyEntity,
  HubKeyEntity,
  ResourceEntity,
  ResourceItemEntity,
  AccessGrantEntity,
  SharingRequestEntity,
  SharingRequestItemEntity,
  DirectoryChangeEntity,
  AuditRecordEntity,
  ConsoleUserEntity,
  ConsoleSessionEntity,
];
