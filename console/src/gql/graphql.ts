/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
/** What a caller can do with an item now. */
export type Access =
  /** Not readable by this caller */
  | 'NONE'
  /** Read in clear */
  | 'READ'
  /** Read, masked (sensitive item without a clear grant) */
  | 'READ_MASKED'
  /** Not now; a sharing request can be filed */
  | 'REQUESTABLE';

export type AlertKind =
  /** An active grant that ends within 7 days */
  | 'GRANT_EXPIRING'
  /** A client with 10 or more denied or unauthenticated requests in the last hour */
  | 'REPEATED_DENIALS'
  /** A sharing request still pending after its review deadline */
  | 'SHARING_REQUEST_OVERDUE'
  /** A department's reads of a sensitive resource today exceed 5x its 30-day daily mean */
  | 'UNUSUAL_VOLUME';

export type AuditFilter = {
  clientId?: string | null | undefined;
  coordinate?: string | null | undefined;
  departmentCode?: string | null | undefined;
  from?: string | null | undefined;
  outcome?: AuditOutcome | null | undefined;
  /** One request's records: when the hub runs federated, the gateway's and each subgraph's share its id. */
  requestId?: string | null | undefined;
  resourceCode?: string | null | undefined;
  to?: string | null | undefined;
};

export type AuditOutcome =
  | 'ANSWERED'
  | 'DENIED'
  | 'FAILED'
  | 'MALFORMED'
  | 'OVER_LIMIT'
  | 'PARTLY_DENIED'
  | 'UNAUTHENTICATED';

export type ClientStatus =
  | 'ACTIVE'
  | 'DISABLED';

/** What a console user may do (issue 14): ADMIN, AUDITOR, or act for their department as staff, reviewer or dashboard. */
export type ConsoleRole =
  | 'ADMIN'
  | 'AUDITOR'
  | 'DASHBOARD'
  | 'DEPARTMENT_STAFF'
  | 'REVIEWER';

export type CreateConsoleUserInput = {
  /** Required for DEPARTMENT_STAFF, REVIEWER and DASHBOARD. */
  departmentCode?: string | null | undefined;
  displayName: string;
  /** At least 12 characters; stored only as a slow hash. */
  password: string;
  /** Why: recorded in the change log. */
  reason: string;
  roles: Array<ConsoleRole>;
  /** 3 to 64 characters: lower-case letters, digits, '.', '_' or '-'. */
  username: string;
};

export type CreateGrantInput = {
  clearSensitive?: boolean | null | undefined;
  /** Limit the grant to one app of the department. */
  consumerClientId?: string | null | undefined;
  consumerDepartmentCode: string;
  districtScope?: Array<string> | null | undefined;
  /** Coordinates of CONDITIONAL items of the resource. */
  items: Array<string>;
  purpose: string;
  reason: string;
  resourceCode: string;
  validFrom?: string | null | undefined;
  validUntil?: string | null | undefined;
};

export type ItemDecision =
  | 'APPROVED'
  | 'PENDING'
  | 'REJECTED';

export type ItemReview = {
  approve: boolean;
  coordinate: string;
  /** Mandatory when refusing. */
  reason?: string | null | undefined;
};

export type ProjectStatus =
  | 'COMPLETED'
  | 'PLANNED'
  | 'UNDER_CONSTRUCTION';

export type RegionKind =
  /** The city as a whole (青岛市) */
  | 'CITY'
  /** A county-level city (县级市) */
  | 'COUNTY_CITY'
  /** An urban district (区) */
  | 'DISTRICT';

export type RegisterClientInput = {
  /** Lower-case letters, digits, dot, dash, underscore; 3-64 characters. */
  clientId: string;
  /** Required for DEPARTMENT clients, forbidden for others. */
  departmentCode?: string | null | undefined;
  name: string;
  reason: string;
  role: Role;
};

export type RequestAccessInput = {
  districtScope?: Array<string> | null | undefined;
  items: Array<string>;
  legalBasis: string;
  purpose: string;
  resourceCode: string;
  wantedFrom?: string | null | undefined;
  wantedUntil?: string | null | undefined;
};

export type ReviewInput = {
  /** Grant sensitive items in clear. */
  clearSensitive?: boolean | null | undefined;
  decisions: Array<ItemReview>;
  requestId: string;
};

export type Role =
  /** Directory administrator at the exchange centre */
  | 'ADMIN'
  /** Auditor / supervisor (电子监察) */
  | 'AUDITOR'
  /** An app acting for exactly one department */
  | 'DEPARTMENT'
  /** The federation gateway's own credential: reads nothing itself; only requests carrying it reach a subgraph */
  | 'GATEWAY';

export type Sensitivity =
  | 'ADDRESS'
  | 'ID_NUMBER'
  | 'PERSON_NAME'
  | 'PHONE'
  | 'PLAIN';

export type ShareType =
  /** 有条件共享: with an active grant */
  | 'CONDITIONAL'
  /** 不予共享: the provider only */
  | 'NOT_SHARED'
  /** 无条件共享: every authenticated department */
  | 'UNCONDITIONAL';

export type SharingRequestStatus =
  | 'DECIDED'
  | 'PENDING';

export type TaskStatus =
  | 'COMPLETED'
  | 'IN_PROGRESS'
  | 'NOT_STARTED'
  /** Past its deadline and not completed */
  | 'OVERDUE';

/** 税种: the tax types a local tax office collected around 2009. */
export type TaxType =
  /** 营业税 */
  | 'BUSINESS'
  /** 企业所得税 */
  | 'CORPORATE_INCOME'
  /** 契税 */
  | 'DEED'
  /** 个人所得税 (withheld) */
  | 'INDIVIDUAL_INCOME'
  /** 土地增值税 */
  | 'LAND_APPRECIATION'
  /** 城镇土地使用税 */
  | 'LAND_USE'
  /** 房产税 */
  | 'PROPERTY'
  /** 印花税 */
  | 'STAMP'
  /** 城市维护建设税 */
  | 'URBAN_MAINTENANCE'
  /** 增值税 */
  | 'VALUE_ADDED';

export type UpdateCatalogueItemInput = {
  coordinate: string;
  reason: string;
  sensitivity?: Sensitivity | null | undefined;
  shareType?: ShareType | null | undefined;
};

export type CatalogueAdminQueryVariables = Exact<{ [key: string]: never; }>;


export type CatalogueAdminQuery = { directory: Array<{ code: string, name: string, provider: { name: string | null } | null, items: Array<{ coordinate: string, name: string, shareType: ShareType, sensitivity: Sensitivity }> }> | null };

export type ItemImpactQueryVariables = Exact<{
  coordinate: string;
  shareType?: ShareType | null | undefined;
}>;


export type ItemImpactQuery = { catalogueItemImpact: { grantsEndingCount: number, grantsEnding: Array<{ id: string, consumerClientId: string | null, purpose: string, consumerDepartment: { name: string | null } | null }> } | null };

export type UpdateCatalogueItemMutationVariables = Exact<{
  input: UpdateCatalogueItemInput;
}>;


export type UpdateCatalogueItemMutation = { updateCatalogueItem: { coordinate: string, shareType: ShareType, sensitivity: Sensitivity } | null };

export type ClientListQueryVariables = Exact<{
  department?: string | null | undefined;
  status?: ClientStatus | null | undefined;
  search?: string | null | undefined;
  after?: string | null | undefined;
}>;


export type ClientListQuery = { clients: { nodes: Array<{ clientId: string, name: string, role: Role, createdAt: string, createdBy: string, disabledAt: string | null, disabledReason: string | null, rateLimitPerMinute: number | null, maxConcurrentRequests: number | null, department: { code: string | null, name: string | null } | null }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } | null, departments: { nodes: Array<{ code: string | null, name: string | null }> } | null };

export type RegisterClientMutationVariables = Exact<{
  input: RegisterClientInput;
}>;


export type RegisterClientMutation = { registerClient: { clientSecret: string, client: { clientId: string } } | null };

export type DisableClientMutationVariables = Exact<{
  clientId: string;
  reason: string;
}>;


export type DisableClientMutation = { disableClient: { clientId: string, disabledAt: string | null } | null };

export type SetClientQuotaMutationVariables = Exact<{
  clientId: string;
  requestsPerMinute?: number | null | undefined;
  maxConcurrentRequests?: number | null | undefined;
  reason: string;
}>;


export type SetClientQuotaMutation = { setClientQuota: { clientId: string, rateLimitPerMinute: number | null, maxConcurrentRequests: number | null } | null };

export type GrantListQueryVariables = Exact<{
  consumer?: string | null | undefined;
  resource?: string | null | undefined;
  activeOnly?: boolean | null | undefined;
  after?: string | null | undefined;
}>;


export type GrantListQuery = { grants: { nodes: Array<{ id: string, consumerClientId: string | null, items: Array<string>, purpose: string, districtScope: Array<string> | null, clearSensitive: boolean, validFrom: string, validUntil: string | null, createdBy: string, active: boolean, endedAt: string | null, endedBy: string | null, endReason: string | null, consumerDepartment: { code: string | null, name: string | null } | null, resource: { code: string, name: string } | null }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } | null };

export type GrantChoicesQueryVariables = Exact<{ [key: string]: never; }>;


export type GrantChoicesQuery = { departments: { nodes: Array<{ code: string | null, name: string | null }> } | null, regions: Array<{ code: string | null, name: string | null, kind: RegionKind | null }> | null, directory: Array<{ code: string, name: string, items: Array<{ coordinate: string, name: string, shareType: ShareType, sensitivity: Sensitivity }> }> | null };

export type CreateGrantMutationVariables = Exact<{
  input: CreateGrantInput;
}>;


export type CreateGrantMutation = { createGrant: { id: string } | null };

export type RevokeGrantMutationVariables = Exact<{
  id: string;
  reason: string;
}>;


export type RevokeGrantMutation = { revokeGrant: { id: string, active: boolean } | null };

export type ConsoleUsersQueryVariables = Exact<{
  department?: string | null | undefined;
  after?: string | null | undefined;
}>;


export type ConsoleUsersQuery = { consoleUsers: { nodes: Array<{ username: string, displayName: string, roles: Array<ConsoleRole>, disabled: boolean, lockedUntil: string | null, lastSignInAt: string | null, department: { code: string | null, name: string | null } | null }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } | null, departments: { nodes: Array<{ code: string | null, name: string | null }> } | null };

export type CreateConsoleUserMutationVariables = Exact<{
  input: CreateConsoleUserInput;
}>;


export type CreateConsoleUserMutation = { createConsoleUser: { username: string, roles: Array<ConsoleRole>, disabled: boolean, department: { code: string | null } | null } | null };

export type DisableConsoleUserMutationVariables = Exact<{
  username: string;
  reason: string;
}>;


export type DisableConsoleUserMutation = { disableConsoleUser: { username: string, disabled: boolean } | null };

export type CatalogueAccessQueryVariables = Exact<{ [key: string]: never; }>;


export type CatalogueAccessQuery = { myAccess: Array<{ resource: { code: string, name: string, summary: string, source: string, shareType: ShareType, sharingConditions: string, legalBasis: string, updateCycle: string, exampleQuery: string | null, provider: { code: string | null, name: string | null } | null }, items: Array<{ access: Access, districtScope: Array<string> | null, clearDistricts: Array<string>, item: { coordinate: string, name: string, shareType: ShareType, sensitivity: Sensitivity } }> }> | null };

export type DashboardStaticQueryVariables = Exact<{ [key: string]: never; }>;


export type DashboardStaticQuery = { years: Array<{ year: number | null }> | null, regions: Array<{ code: string | null, name: string | null, kind: RegionKind | null }> | null, indicators: { nodes: Array<{ code: string | null, name: string | null, unit: string | null }> } | null, keyProjects: { nodes: Array<{ id: string | null, name: string | null, status: ProjectStatus | null, totalInvestment: number | null, completedInvestment: number | null, district: { name: string | null } | null }> } | null, supervisionProgress: Array<{ status: TaskStatus | null, count: number | null }> | null };

export type DashboardRevenueQueryVariables = Exact<{
  from: string;
  to: string;
}>;


export type DashboardRevenueQuery = { byDistrict: Array<{ totalAmount: number | null, paymentCount: number | null, enterpriseCount: number | null, suppressed: boolean | null, suppressionReason: string | null, district: { code: string | null, name: string | null } | null }> | null, byIndustry: Array<{ totalAmount: number | null, paymentCount: number | null, enterpriseCount: number | null, suppressed: boolean | null, suppressionReason: string | null, industry: { code: string | null, name: string | null } | null }> | null, byTaxType: Array<{ taxType: TaxType | null, totalAmount: number | null, paymentCount: number | null, enterpriseCount: number | null, suppressed: boolean | null, suppressionReason: string | null }> | null, byMonth: Array<{ period: string | null, totalAmount: number | null, paymentCount: number | null, enterpriseCount: number | null, suppressed: boolean | null, suppressionReason: string | null }> | null };

export type RevenueMeasuresFragment = { totalAmount: number | null, paymentCount: number | null, enterpriseCount: number | null, suppressed: boolean | null, suppressionReason: string | null };

export type DashboardSeriesQueryVariables = Exact<{
  indicator: string;
  region: string;
}>;


export type DashboardSeriesQuery = { indicatorSeries: Array<{ indicator: { name: string | null, unit: string | null } | null, points: Array<{ period: string | null, value: number | null }> | null }> | null };

export type DistrictsQueryVariables = Exact<{ [key: string]: never; }>;


export type DistrictsQuery = { regions: Array<{ code: string | null, name: string | null, kind: RegionKind | null }> | null };

export type RequestAccessMutationVariables = Exact<{
  input: RequestAccessInput;
}>;


export type RequestAccessMutation = { requestAccess: { id: string, deadline: string } | null };

export type SharingRequestsQueryVariables = Exact<{
  status?: SharingRequestStatus | null | undefined;
  after?: string | null | undefined;
}>;


export type SharingRequestsQuery = { sharingRequests: { nodes: Array<{ id: string, purpose: string, legalBasis: string, districtScope: Array<string> | null, wantedFrom: string, wantedUntil: string | null, deadline: string, status: SharingRequestStatus, createdAt: string, decidedAt: string | null, requester: { code: string | null, name: string | null } | null, resource: { code: string, name: string, provider: { code: string | null, name: string | null } | null } | null, items: Array<{ coordinate: string, decision: ItemDecision, reason: string | null, reviewedBy: string | null, reviewedAt: string | null }>, grant: { id: string, active: boolean, clearSensitive: boolean } | null }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } | null, directory: Array<{ items: Array<{ coordinate: string, name: string, sensitivity: Sensitivity }> }> | null };

export type ReviewSharingRequestMutationVariables = Exact<{
  input: ReviewInput;
}>;


export type ReviewSharingRequestMutation = { reviewSharingRequest: { id: string, status: SharingRequestStatus } | null };

export type AlertsQueryVariables = Exact<{ [key: string]: never; }>;


export type AlertsQuery = { supervisionAlerts: Array<{ kind: AlertKind, subject: string, since: string, details: string }> | null };

export type UsageQueryVariables = Exact<{
  from: string;
  to: string;
}>;


export type UsageQuery = { usageStatistics: Array<{ day: string, departmentCode: string | null, resourceCode: string, requests: number, rows: number, denials: number, department: { name: string | null } | null }> | null };

export type AuditTrailQueryVariables = Exact<{
  filter?: AuditFilter | null | undefined;
  after?: string | null | undefined;
}>;


export type AuditTrailQuery = { auditRecords: { nodes: Array<{ seq: string, requestId: string, recordedAt: string, clientId: string | null, departmentCode: string | null, endUser: string | null, operationName: string | null, operationType: string | null, coordinatesReturned: Array<string>, coordinatesMasked: Array<string>, coordinatesDenied: Array<string>, outcome: AuditOutcome, httpStatus: number, durationMs: number, department: { name: string | null } | null, rowsPerResource: Array<{ resourceCode: string, rows: number }> }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } | null };

export type VerifyAuditQueryVariables = Exact<{ [key: string]: never; }>;


export type VerifyAuditQuery = { verifyAudit: { checked: number, changesChecked: number, intact: boolean, firstBrokenSeq: string | null, reason: string | null } | null };

export const RevenueMeasuresFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"RevenueMeasures"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RevenueGroup"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalAmount"}},{"kind":"Field","name":{"kind":"Name","value":"paymentCount"}},{"kind":"Field","name":{"kind":"Name","value":"enterpriseCount"}},{"kind":"Field","name":{"kind":"Name","value":"suppressed"}},{"kind":"Field","name":{"kind":"Name","value":"suppressionReason"}}]}}]} as unknown as DocumentNode<RevenueMeasuresFragment, unknown>;
export const CatalogueAdminDocument = {"__meta__":{"hash":"sha256:9881b43184183132b3505bf67313045364014272bf13c513f046b8fac90df46e"}} as unknown as DocumentNode<CatalogueAdminQuery, CatalogueAdminQueryVariables>;
export const ItemImpactDocument = {"__meta__":{"hash":"sha256:c875a5dd06c9ba151fd870b687837eca89441c1bd20f2a0750dcf0576b339d13"}} as unknown as DocumentNode<ItemImpactQuery, ItemImpactQueryVariables>;
export const UpdateCatalogueItemDocument = {"__meta__":{"hash":"sha256:7267a4783a46b9892b8b5c6aa4b5b762e8cc04360375169e5ab374edd81a4deb"}} as unknown as DocumentNode<UpdateCatalogueItemMutation, UpdateCatalogueItemMutationVariables>;
export const ClientListDocument = {"__meta__":{"hash":"sha256:e51beb50f82cb93cc4513fe2ba77b30cae8c5edaac8c72ab36f244c6fc327522"}} as unknown as DocumentNode<ClientListQuery, ClientListQueryVariables>;
export const RegisterClientDocument = {"__meta__":{"hash":"sha256:09acfe9cb96dad5c785d98748621812b7b28b9502294712559984fafe37d6ced"}} as unknown as DocumentNode<RegisterClientMutation, RegisterClientMutationVariables>;
export const DisableClientDocument = {"__meta__":{"hash":"sha256:47ad30f49b0c0897ef3fecc93c551417b1a0a411b70f3a9f3ed7b999008abb09"}} as unknown as DocumentNode<DisableClientMutation, DisableClientMutationVariables>;
export const SetClientQuotaDocument = {"__meta__":{"hash":"sha256:c67c317a8bf7f833ef2fb659d9f8114f31b0e2971bf933807a5f95d4dad5b470"}} as unknown as DocumentNode<SetClientQuotaMutation, SetClientQuotaMutationVariables>;
export const GrantListDocument = {"__meta__":{"hash":"sha256:e060f18152b598b0bb3bfec01cd5fcf850d1f3c32e0d526ef3b02a4c61596899"}} as unknown as DocumentNode<GrantListQuery, GrantListQueryVariables>;
export const GrantChoicesDocument = {"__meta__":{"hash":"sha256:067ef58454b0bf9142ce2662606f604d038cfbca929b6e4f58aefd3e2204a6bc"}} as unknown as DocumentNode<GrantChoicesQuery, GrantChoicesQueryVariables>;
export const CreateGrantDocument = {"__meta__":{"hash":"sha256:2b62c83a32607f92086789adcff915e02b0b2230064c472aa47f90a158a68348"}} as unknown as DocumentNode<CreateGrantMutation, CreateGrantMutationVariables>;
export const RevokeGrantDocument = {"__meta__":{"hash":"sha256:8c88e6b7eb63c503bd7e0f6a609d226dcbd9633ef339ee48c981465f3ba36b71"}} as unknown as DocumentNode<RevokeGrantMutation, RevokeGrantMutationVariables>;
export const ConsoleUsersDocument = {"__meta__":{"hash":"sha256:383a583a821b3a51c9b0464a982db0823cc0f8aa88167d18a40b754e4ffe875b"}} as unknown as DocumentNode<ConsoleUsersQuery, ConsoleUsersQueryVariables>;
export const CreateConsoleUserDocument = {"__meta__":{"hash":"sha256:4a18a930ec22a9418763102171ca2d97f7afd5855e72dd92209819217fa48968"}} as unknown as DocumentNode<CreateConsoleUserMutation, CreateConsoleUserMutationVariables>;
export const DisableConsoleUserDocument = {"__meta__":{"hash":"sha256:5bd05f4776cf3c7a5886855faf42144b7f4e6b7bef565f09738df892b70524f6"}} as unknown as DocumentNode<DisableConsoleUserMutation, DisableConsoleUserMutationVariables>;
export const CatalogueAccessDocument = {"__meta__":{"hash":"sha256:8f249bc8d4a39ebe887038923c07a8878bf0505357b25146d7056b8ded9d7709"}} as unknown as DocumentNode<CatalogueAccessQuery, CatalogueAccessQueryVariables>;
export const DashboardStaticDocument = {"__meta__":{"hash":"sha256:c2012fca8b34fd91734182ce2e441a89373d3deab13fa03af159310da9ea095d"}} as unknown as DocumentNode<DashboardStaticQuery, DashboardStaticQueryVariables>;
export const DashboardRevenueDocument = {"__meta__":{"hash":"sha256:5634799edbee1c06a5076da19007abb4cb6fdb1df685c7c33015da882a30855d"}} as unknown as DocumentNode<DashboardRevenueQuery, DashboardRevenueQueryVariables>;
export const DashboardSeriesDocument = {"__meta__":{"hash":"sha256:22c9a0981ecff5a18d56beb2e63f5e15608b8f814227b1de60e4a8e441ecb964"}} as unknown as DocumentNode<DashboardSeriesQuery, DashboardSeriesQueryVariables>;
export const DistrictsDocument = {"__meta__":{"hash":"sha256:6b5b066d98218b2e0e3e6c0bdfa5b5c99ad9115a56e51a12f3cc64291b0a2731"}} as unknown as DocumentNode<DistrictsQuery, DistrictsQueryVariables>;
export const RequestAccessDocument = {"__meta__":{"hash":"sha256:622c50df1b8cda6eb97e0efca1695342536630a824868f4fdfd386ff6af27d64"}} as unknown as DocumentNode<RequestAccessMutation, RequestAccessMutationVariables>;
export const SharingRequestsDocument = {"__meta__":{"hash":"sha256:7958bd86d829a3b954046de800ba724a9a5091f6a7cbdd1fad404aab23705889"}} as unknown as DocumentNode<SharingRequestsQuery, SharingRequestsQueryVariables>;
export const ReviewSharingRequestDocument = {"__meta__":{"hash":"sha256:d5941cec9277420403dee976fbb24ac04e8fe625e89c397d91551ab3850fe964"}} as unknown as DocumentNode<ReviewSharingRequestMutation, ReviewSharingRequestMutationVariables>;
export const AlertsDocument = {"__meta__":{"hash":"sha256:2e92d6074c6f37b779b574aaa023b019381fdc6c70e74697c2225efe442b82e1"}} as unknown as DocumentNode<AlertsQuery, AlertsQueryVariables>;
export const UsageDocument = {"__meta__":{"hash":"sha256:710f289fc48f5bc5d6eb8e9823abe1da69b066dc21512cd129969602c7daae32"}} as unknown as DocumentNode<UsageQuery, UsageQueryVariables>;
export const AuditTrailDocument = {"__meta__":{"hash":"sha256:4b92c2a6e6d5cef3424fb8b4ab90fc8bb670546bbeb4309452b2e12db6532c43"}} as unknown as DocumentNode<AuditTrailQuery, AuditTrailQueryVariables>;
export const VerifyAuditDocument = {"__meta__":{"hash":"sha256:8d5622494163b765450c2815e3634d728b1c757a36c9d23b68598e13b586c813"}} as unknown as DocumentNode<VerifyAuditQuery, VerifyAuditQueryVariables>;