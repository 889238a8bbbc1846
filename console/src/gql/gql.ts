/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  query GrantList($consumer: ID, $resource: ID, $activeOnly: Boolean, $after: String) {\n    grants(\n      consumerDepartmentCode: $consumer\n      resourceCode: $resource\n      activeOnly: $activeOnly\n      first: 50\n      after: $after\n    ) {\n      nodes {\n        id\n        consumerDepartment {\n          code\n          name\n        }\n        consumerClientId\n        resource {\n          code\n          name\n        }\n        items\n        purpose\n        districtScope\n        clearSensitive\n        validFrom\n        validUntil\n        createdBy\n        active\n        endedAt\n        endedBy\n        endReason\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.GrantListDocument,
    "\n  query GrantChoices {\n    departments(first: 500) {\n      nodes {\n        code\n        name\n      }\n    }\n    regions {\n      code\n      name\n      kind\n    }\n    directory {\n      code\n      name\n      items {\n        coordinate\n        name\n        shareType\n        sensitivity\n      }\n    }\n  }\n": typeof types.GrantChoicesDocument,
    "\n  mutation CreateGrant($input: CreateGrantInput!) {\n    createGrant(input: $input) {\n      id\n    }\n  }\n": typeof types.CreateGrantDocument,
    "\n  mutation RevokeGrant($id: ID!, $reason: String!) {\n    revokeGrant(id: $id, reason: $reason) {\n      id\n      active\n    }\n  }\n": typeof types.RevokeGrantDocument,
    "\n  query CatalogueAccess {\n    myAccess {\n      resource {\n        code\n        name\n        summary\n        source\n        shareType\n        sharingConditions\n        legalBasis\n        updateCycle\n        provider {\n          code\n          name\n        }\n      }\n      items {\n        access\n        districtScope\n        clearDistricts\n        item {\n          coordinate\n          name\n          shareType\n          sensitivity\n        }\n      }\n    }\n  }\n": typeof types.CatalogueAccessDocument,
    "\n  query Districts {\n    regions {\n      code\n      name\n      kind\n    }\n  }\n": typeof types.DistrictsDocument,
    "\n  mutation RequestAccess($input: RequestAccessInput!) {\n    requestAccess(input: $input) {\n      id\n      deadline\n    }\n  }\n": typeof types.RequestAccessDocument,
    "\n  query SharingRequests($status: SharingRequestStatus, $after: String) {\n    sharingRequests(status: $status, first: 50, after: $after) {\n      nodes {\n        id\n        requester {\n          code\n          name\n        }\n        resource {\n          code\n          name\n          provider {\n            code\n            name\n          }\n        }\n        purpose\n        legalBasis\n        districtScope\n        wantedFrom\n        wantedUntil\n        deadline\n        status\n        createdAt\n        decidedAt\n        items {\n          coordinate\n          decision\n          reason\n          reviewedBy\n          reviewedAt\n        }\n        grant {\n          id\n          active\n          clearSensitive\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n    directory {\n      items {\n        coordinate\n        name\n        sensitivity\n      }\n    }\n  }\n": typeof types.SharingRequestsDocument,
    "\n  mutation ReviewSharingRequest($input: ReviewInput!) {\n    reviewSharingRequest(input: $input) {\n      id\n      status\n    }\n  }\n": typeof types.ReviewSharingRequestDocument,
    "\n  query Alerts {\n    supervisionAlerts {\n      kind\n      subject\n      since\n      details\n    }\n  }\n": typeof types.AlertsDocument,
    "\n  query Usage($from: DateTime!, $to: DateTime!) {\n    usageStatistics(from: $from, to: $to) {\n      day\n      departmentCode\n      department {\n        name\n      }\n      resourceCode\n      requests\n      rows\n      denials\n    }\n  }\n": typeof types.UsageDocument,
    "\n  query AuditTrail($filter: AuditFilter, $after: String) {\n    auditRecords(filter: $filter, first: 50, after: $after) {\n      nodes {\n        seq\n        requestId\n        recordedAt\n        clientId\n        departmentCode\n        department {\n          name\n        }\n        endUser\n        operationName\n        operationType\n        coordinatesReturned\n        coordinatesMasked\n        coordinatesDenied\n        rowsPerResource {\n          resourceCode\n          rows\n        }\n        outcome\n        httpStatus\n        durationMs\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.AuditTrailDocument,
    "\n  query VerifyAudit {\n    verifyAudit {\n      checked\n      changesChecked\n      intact\n      firstBrokenSeq\n      reason\n    }\n  }\n": typeof types.VerifyAuditDocument,
};
const documents: Documents = {
    "\n  query GrantList($consumer: ID, $resource: ID, $activeOnly: Boolean, $after: String) {\n    grants(\n      consumerDepartmentCode: $consumer\n      resourceCode: $resource\n      activeOnly: $activeOnly\n      first: 50\n      after: $after\n    ) {\n      nodes {\n        id\n        consumerDepartment {\n          code\n          name\n        }\n        consumerClientId\n        resource {\n          code\n          name\n        }\n        items\n        purpose\n        districtScope\n        clearSensitive\n        validFrom\n        validUntil\n        createdBy\n        active\n        endedAt\n        endedBy\n        endReason\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.GrantListDocument,
    "\n  query GrantChoices {\n    departments(first: 500) {\n      nodes {\n        code\n        name\n      }\n    }\n    regions {\n      code\n      name\n      kind\n    }\n    directory {\n      code\n      name\n      items {\n        coordinate\n        name\n        shareType\n        sensitivity\n      }\n    }\n  }\n": types.GrantChoicesDocument,
    "\n  mutation CreateGrant($input: CreateGrantInput!) {\n    createGrant(input: $input) {\n      id\n    }\n  }\n": types.CreateGrantDocument,
    "\n  mutation RevokeGrant($id: ID!, $reason: String!) {\n    revokeGrant(id: $id, reason: $reason) {\n      id\n      active\n    }\n  }\n": types.RevokeGrantDocument,
    "\n  query CatalogueAccess {\n    myAccess {\n      resource {\n        code\n        name\n        summary\n        source\n        shareType\n        sharingConditions\n        legalBasis\n        updateCycle\n        provider {\n          code\n          name\n        }\n      }\n      items {\n        access\n        districtScope\n        clearDistricts\n        item {\n          coordinate\n          name\n          shareType\n          sensitivity\n        }\n      }\n    }\n  }\n": types.CatalogueAccessDocument,
    "\n  query Districts {\n    regions {\n      code\n      name\n      kind\n    }\n  }\n": types.DistrictsDocument,
    "\n  mutation RequestAccess($input: RequestAccessInput!) {\n    requestAccess(input: $input) {\n      id\n      deadline\n    }\n  }\n": types.RequestAccessDocument,
    "\n  query SharingRequests($status: SharingRequestStatus, $after: String) {\n    sharingRequests(status: $status, first: 50, after: $after) {\n      nodes {\n        id\n        requester {\n          code\n          name\n        }\n        resource {\n          code\n          name\n          provider {\n            code\n            name\n          }\n        }\n        purpose\n        legalBasis\n        districtScope\n        wantedFrom\n        wantedUntil\n        deadline\n        status\n        createdAt\n        decidedAt\n        items {\n          coordinate\n          decision\n          reason\n          reviewedBy\n          reviewedAt\n        }\n        grant {\n          id\n          active\n          clearSensitive\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n    directory {\n      items {\n        coordinate\n        name\n        sensitivity\n      }\n    }\n  }\n": types.SharingRequestsDocument,
    "\n  mutation ReviewSharingRequest($input: ReviewInput!) {\n    reviewSharingRequest(input: $input) {\n      id\n      status\n    }\n  }\n": types.ReviewSharingRequestDocument,
    "\n  query Alerts {\n    supervisionAlerts {\n      kind\n      subject\n      since\n      details\n    }\n  }\n": types.AlertsDocument,
    "\n  query Usage($from: DateTime!, $to: DateTime!) {\n    usageStatistics(from: $from, to: $to) {\n      day\n      departmentCode\n      department {\n        name\n      }\n      resourceCode\n      requests\n      rows\n      denials\n    }\n  }\n": types.UsageDocument,
    "\n  query AuditTrail($filter: AuditFilter, $after: String) {\n    auditRecords(filter: $filter, first: 50, after: $after) {\n      nodes {\n        seq\n        requestId\n        recordedAt\n        clientId\n        departmentCode\n        department {\n          name\n        }\n        endUser\n        operationName\n        operationType\n        coordinatesReturned\n        coordinatesMasked\n        coordinatesDenied\n        rowsPerResource {\n          resourceCode\n          rows\n        }\n        outcome\n        httpStatus\n        durationMs\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.AuditTrailDocument,
    "\n  query VerifyAudit {\n    verifyAudit {\n      checked\n      changesChecked\n      intact\n      firstBrokenSeq\n      reason\n    }\n  }\n": types.VerifyAuditDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query GrantList($consumer: ID, $resource: ID, $activeOnly: Boolean, $after: String) {\n    grants(\n      consumerDepartmentCode: $consumer\n      resourceCode: $resource\n      activeOnly: $activeOnly\n      first: 50\n      after: $after\n    ) {\n      nodes {\n        id\n        consumerDepartment {\n          code\n          name\n        }\n        consumerClientId\n        resource {\n          code\n          name\n        }\n        items\n        purpose\n        districtScope\n        clearSensitive\n        validFrom\n        validUntil\n        createdBy\n        active\n        endedAt\n        endedBy\n        endReason\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): (typeof documents)["\n  query GrantList($consumer: ID, $resource: ID, $activeOnly: Boolean, $after: String) {\n    grants(\n      consumerDepartmentCode: $consumer\n      resourceCode: $resource\n      activeOnly: $activeOnly\n      first: 50\n      after: $after\n    ) {\n      nodes {\n        id\n        consumerDepartment {\n          code\n          name\n        }\n        consumerClientId\n        resource {\n          code\n          name\n        }\n        items\n        purpose\n        districtScope\n        clearSensitive\n        validFrom\n        validUntil\n        createdBy\n        active\n        endedAt\n        endedBy\n        endReason\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query GrantChoices {\n    departments(first: 500) {\n      nodes {\n        code\n        name\n      }\n    }\n    regions {\n      code\n      name\n      kind\n    }\n    directory {\n      code\n      name\n      items {\n        coordinate\n        name\n        shareType\n        sensitivity\n      }\n    }\n  }\n"): (typeof documents)["\n  query GrantChoices {\n    departments(first: 500) {\n      nodes {\n        code\n        name\n      }\n    }\n    regions {\n      code\n      name\n      kind\n    }\n    directory {\n      code\n      name\n      items {\n        coordinate\n        name\n        shareType\n        sensitivity\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateGrant($input: CreateGrantInput!) {\n    createGrant(input: $input) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation CreateGrant($input: CreateGrantInput!) {\n    createGrant(input: $input) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RevokeGrant($id: ID!, $reason: String!) {\n    revokeGrant(id: $id, reason: $reason) {\n      id\n      active\n    }\n  }\n"): (typeof documents)["\n  mutation RevokeGrant($id: ID!, $reason: String!) {\n    revokeGrant(id: $id, reason: $reason) {\n      id\n      active\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CatalogueAccess {\n    myAccess {\n      resource {\n        code\n        name\n        summary\n        source\n        shareType\n        sharingConditions\n        legalBasis\n        updateCycle\n        provider {\n          code\n          name\n        }\n      }\n      items {\n        access\n        districtScope\n        clearDistricts\n        item {\n          coordinate\n          name\n          shareType\n          sensitivity\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query CatalogueAccess {\n    myAccess {\n      resource {\n        code\n        name\n        summary\n        source\n        shareType\n        sharingConditions\n        legalBasis\n        updateCycle\n        provider {\n          code\n          name\n        }\n      }\n      items {\n        access\n        districtScope\n        clearDistricts\n        item {\n          coordinate\n          name\n          shareType\n          sensitivity\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Districts {\n    regions {\n      code\n      name\n      kind\n    }\n  }\n"): (typeof documents)["\n  query Districts {\n    regions {\n      code\n      name\n      kind\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RequestAccess($input: RequestAccessInput!) {\n    requestAccess(input: $input) {\n      id\n      deadline\n    }\n  }\n"): (typeof documents)["\n  mutation RequestAccess($input: RequestAccessInput!) {\n    requestAccess(input: $input) {\n      id\n      deadline\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SharingRequests($status: SharingRequestStatus, $after: String) {\n    sharingRequests(status: $status, first: 50, after: $after) {\n      nodes {\n        id\n        requester {\n          code\n          name\n        }\n        resource {\n          code\n          name\n          provider {\n            code\n            name\n          }\n        }\n        purpose\n        legalBasis\n        districtScope\n        wantedFrom\n        wantedUntil\n        deadline\n        status\n        createdAt\n        decidedAt\n        items {\n          coordinate\n          decision\n          reason\n          reviewedBy\n          reviewedAt\n        }\n        grant {\n          id\n          active\n          clearSensitive\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n    directory {\n      items {\n        coordinate\n        name\n        sensitivity\n      }\n    }\n  }\n"): (typeof documents)["\n  query SharingRequests($status: SharingRequestStatus, $after: String) {\n    sharingRequests(status: $status, first: 50, after: $after) {\n      nodes {\n        id\n        requester {\n          code\n          name\n        }\n        resource {\n          code\n          name\n          provider {\n            code\n            name\n          }\n        }\n        purpose\n        legalBasis\n        districtScope\n        wantedFrom\n        wantedUntil\n        deadline\n        status\n        createdAt\n        decidedAt\n        items {\n          coordinate\n          decision\n          reason\n          reviewedBy\n          reviewedAt\n        }\n        grant {\n          id\n          active\n          clearSensitive\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n    directory {\n      items {\n        coordinate\n        name\n        sensitivity\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ReviewSharingRequest($input: ReviewInput!) {\n    reviewSharingRequest(input: $input) {\n      id\n      status\n    }\n  }\n"): (typeof documents)["\n  mutation ReviewSharingRequest($input: ReviewInput!) {\n    reviewSharingRequest(input: $input) {\n      id\n      status\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Alerts {\n    supervisionAlerts {\n      kind\n      subject\n      since\n      details\n    }\n  }\n"): (typeof documents)["\n  query Alerts {\n    supervisionAlerts {\n      kind\n      subject\n      since\n      details\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Usage($from: DateTime!, $to: DateTime!) {\n    usageStatistics(from: $from, to: $to) {\n      day\n      departmentCode\n      department {\n        name\n      }\n      resourceCode\n      requests\n      rows\n      denials\n    }\n  }\n"): (typeof documents)["\n  query Usage($from: DateTime!, $to: DateTime!) {\n    usageStatistics(from: $from, to: $to) {\n      day\n      departmentCode\n      department {\n        name\n      }\n      resourceCode\n      requests\n      rows\n      denials\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AuditTrail($filter: AuditFilter, $after: String) {\n    auditRecords(filter: $filter, first: 50, after: $after) {\n      nodes {\n        seq\n        requestId\n        recordedAt\n        clientId\n        departmentCode\n        department {\n          name\n        }\n        endUser\n        operationName\n        operationType\n        coordinatesReturned\n        coordinatesMasked\n        coordinatesDenied\n        rowsPerResource {\n          resourceCode\n          rows\n        }\n        outcome\n        httpStatus\n        durationMs\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): (typeof documents)["\n  query AuditTrail($filter: AuditFilter, $after: String) {\n    auditRecords(filter: $filter, first: 50, after: $after) {\n      nodes {\n        seq\n        requestId\n        recordedAt\n        clientId\n        departmentCode\n        department {\n          name\n        }\n        endUser\n        operationName\n        operationType\n        coordinatesReturned\n        coordinatesMasked\n        coordinatesDenied\n        rowsPerResource {\n          resourceCode\n          rows\n        }\n        outcome\n        httpStatus\n        durationMs\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query VerifyAudit {\n    verifyAudit {\n      checked\n      changesChecked\n      intact\n      firstBrokenSeq\n      reason\n    }\n  }\n"): (typeof documents)["\n  query VerifyAudit {\n    verifyAudit {\n      checked\n      changesChecked\n      intact\n      firstBrokenSeq\n      reason\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;