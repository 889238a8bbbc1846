/**
 * An audit entry with every field empty but what a test sets: for tests that append to the store directly.
 */
import type { AuditEntry } from '../../audit/store';

export function auditEntry(fields: Partial<AuditEntry> & Pick<AuditEntry, 'requestId'>): AuditEntry {
  return {
    recordedAt: new Date().toISOString(),
    clientId: null,
    departmentCode: null,
    endUser: null,
    caseId: null,
    httpMethod: 'POST',
    path: '/graphql',
    operationName: null,
    operationType: null,
    documentHash: null,
    coordinatesReturned: [],
    coordinatesMasked: [],
    coordinatesDenied: [],
    rowsPerResource: {},
    grantIds: [],
    outcome: 'ANSWERED',
    httpStatus: 200,
    errorCodes: [],
    durationMs: 1,
    variables: null,
    ...fields,
  };
}
