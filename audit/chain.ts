/**
 * The audit chain: each record's hash covers its content and the previous record's hash, so changing, removing
 * or reordering any record breaks every link after it. Pure functions: the writer and the verifier share them.
 */
import { createHash } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

/** The fields of an audit record that its hash covers (everything but the hashes themselves). */
export interface AuditContent {
  seq: number;
  requestId: string;
  recordedAt: string; // ISO 8601, millisecond precision
  clientId: string | null;
  departmentCode: string | null;
  endUser: string | null;
  caseId: string | null;
  httpMethod: string;
  path: string;
  operationName: string | null;
  operationType: string | null;
  documentHash: string | null;
  coordinatesReturned: string[];
  coordinatesMasked: string[];
  coordinatesDenied: string[];
  rowsPerResource: Record<string, number>;
  grantIds: number[];
  outcome: AuditOutcome;
  httpStatus: number;
  errorCodes: string[];
  durationMs: number;
  variables: unknown;
}

export type AuditOutcome =
  | 'ANSWERED'
  | 'PARTLY_DENIED'
  | 'DENIED'
  | 'UNAUTHENTICATED'
  | 'MALFORMED'
  | 'OVER_LIMIT'
  | 'FAILED';

/** JSON with object keys sorted at every depth: the same value always gives the same text. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** The hash of a chained entry: SHA-256 over the previous hash and the canonical content. */
export function chainHash(prevHash: string, content: unknown): string {
  return createHash('sha256').update(prevHash).update('\n').update(canonicalJson(content)).digest('hex');
}

/** The hash of an audit record. */
export function recordHash(prevHash: string, content: AuditContent): string {
  return chainHash(prevHash, content);
}

export interface ChainBreak {
  seq: number;
  reason: string;
}

/**
 * Checks one record against the previous one: sequence without gaps, the stored previous hash, and its own
 * hash recomputed from its content. Returns the break, or null when the link holds.
 */
export function checkLink(
  previous: { seq: number; hash: string } | null,
  record: { content: AuditContent; prevHash: string; hash: string },
): ChainBreak | null {
  const seq = record.content.seq;
  const expectedPrev = previous ? previous.hash : GENESIS_HASH;
  if (previous && seq !== previous.seq + 1)
    return { seq, reason: `sequence jumps from ${previous.seq} to ${seq}: records are missing` };
  if (record.prevHash !== expectedPrev)
    return { seq, reason: 'previous-hash link does not match the record before it' };
  if (recordHash(record.prevHash, record.content) !== record.hash)
    return { seq, reason: 'content does not match its hash: the record was changed' };
  return null;
}
