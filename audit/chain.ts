/**
 * The audit chain: each record's hash covers its content and the previous record's hash, so changing, removing
 * or reordering any record breaks every link after it. Pure functions: the writer and the verifier share them.
 */
import { createHash } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

/** The fields of an audit record that its hash covers (everything but the hashes themselves). */
export interface AuditContent {
  seq: number;
  /** The hub's own id of the request (a UUID it made). */
  requestId: string;
  /**
   * The client's X-Request-Id, when it sent a well-formed one: its own correlation id, never the record's
   * identity. Absent (not null) when none was sent, so records made before it existed hash as they did.
   */
  correlationId?: string;
  /**
   * The process that made the record when the hub runs federated: `gateway`, or `subgraph:<source>` (whose
   * record's requestId is the gateway's, linking the two). Absent for the single process, so that records made
   * before it existed hash as they did.
   */
  recordedBy?: string;
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

// A lone UTF-16 surrogate: a high one not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * `text` as PostgreSQL can store it: NUL and lone surrogates (which no text or jsonb value may hold, and which a
 * client can put in a client_id or a variable) become U+FFFD. Applying it twice changes nothing, so a stored
 * record hashes the same when it is verified.
 */
export function storableText(text: string): string {
  const noNul = text.includes('\u0000') ? text.replaceAll('\u0000', '\uFFFD') : text;
  return noNul.replace(LONE_SURROGATE, '\uFFFD');
}

/**
 * JSON with object keys sorted at every depth: the same value always gives the same text. Strings, keys
 * included, are written as `storableText` makes them, so every text it gives can be stored by PostgreSQL.
 */
export function canonicalJson(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(storableText(value));
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i ? ',' : '') + canonicalJson(value[i]);
    return `${out}]`;
  }
  const object = value as Record<string, unknown>;
  // Default sort: by UTF-16 code units, as the comparison `a < b` orders strings.
  const keys = Object.keys(object).sort();
  let out = '{';
  let first = true;
  for (const key of keys) {
    const v = object[key];
    if (v === undefined) continue;
    out += `${first ? '' : ','}${JSON.stringify(storableText(key))}:${canonicalJson(v)}`;
    first = false;
  }
  return `${out}}`;
}

// Every field of AuditContent, in canonical (sorted) order: the type checker makes sure none is missing.
const AUDIT_CONTENT_FIELDS: Record<keyof AuditContent, true> = {
  seq: true,
  requestId: true,
  correlationId: true,
  recordedBy: true,
  recordedAt: true,
  clientId: true,
  departmentCode: true,
  endUser: true,
  caseId: true,
  httpMethod: true,
  path: true,
  operationName: true,
  operationType: true,
  documentHash: true,
  coordinatesReturned: true,
  coordinatesMasked: true,
  coordinatesDenied: true,
  rowsPerResource: true,
  grantIds: true,
  outcome: true,
  httpStatus: true,
  errorCodes: true,
  durationMs: true,
  variables: true,
};
const AUDIT_KEYS = Object.keys(AUDIT_CONTENT_FIELDS).sort() as (keyof AuditContent)[];
const AUDIT_KEY_PREFIXES = AUDIT_KEYS.map((key) => `${JSON.stringify(key)}:`);

/**
 * `canonicalJson(content)` for an audit record, written out field by field in the known order. Why: every
 * answered request hashes one record, and the generic walk (listing and sorting 22 keys) was most of that cost.
 * A test pins that the two agree.
 */
export function canonicalAuditContent(content: AuditContent): string {
  let out = '{';
  let first = true;
  for (let i = 0; i < AUDIT_KEYS.length; i++) {
    const value = content[AUDIT_KEYS[i]];
    if (value === undefined) continue;
    out += (first ? '' : ',') + AUDIT_KEY_PREFIXES[i] + canonicalJson(value);
    first = false;
  }
  return `${out}}`;
}

/** SHA-256 over the previous hash, a newline and the canonical text of an entry. */
function linkHash(prevHash: string, canonicalText: string): string {
  return createHash('sha256').update(prevHash).update('\n').update(canonicalText).digest('hex');
}

/** The hash of a chained entry: SHA-256 over the previous hash and the canonical content. */
export function chainHash(prevHash: string, content: unknown): string {
  return linkHash(prevHash, canonicalJson(content));
}

/** The hash of an audit record: `chainHash(prevHash, content)`, computed faster. */
export function recordHash(prevHash: string, content: AuditContent): string {
  return linkHash(prevHash, canonicalAuditContent(content));
}

/**
 * A record's canonical text and its hash (`recordHash`), computed once: the writer stores the very text it
 * hashed, instead of serialising the record a second time.
 */
export function hashedRecord(prevHash: string, content: AuditContent): { canonical: string; hash: string } {
  const canonical = canonicalAuditContent(content);
  return { canonical, hash: linkHash(prevHash, canonical) };
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
