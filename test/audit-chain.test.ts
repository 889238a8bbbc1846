/**
 * The audit chain's hash input: the record writer's field-by-field serialisation must give exactly the text the
 * generic canonical JSON gives, or records written now would not verify (and old ones would not either).
 */
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import {
  canonicalAuditContent,
  canonicalJson,
  chainHash,
  storableText,
  recordHash,
  type AuditContent,
  type AuditOutcome,
} from '../audit/chain';

const text = fc.string({ unit: 'grapheme', maxLength: 12 });
const sha256Hex = fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 64, maxLength: 64 });
const json: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constant(null),
    fc.boolean(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    text,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(text, fc.option(tie('value'), { nil: undefined }), { maxKeys: 4 }),
  ),
})).value;

const content: fc.Arbitrary<AuditContent> = fc.record({
  seq: fc.nat(),
  requestId: fc.uuid(),
  recordedAt: fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
  clientId: fc.option(text, { nil: null }),
  departmentCode: fc.option(text, { nil: null }),
  endUser: fc.option(text, { nil: null }),
  caseId: fc.option(text, { nil: null }),
  httpMethod: fc.constantFrom('GET', 'POST'),
  path: text,
  operationName: fc.option(text, { nil: null }),
  operationType: fc.option(fc.constantFrom('query', 'mutation'), { nil: null }),
  documentHash: fc.option(sha256Hex, { nil: null }),
  coordinatesReturned: fc.array(text, { maxLength: 5 }),
  coordinatesMasked: fc.array(text, { maxLength: 3 }),
  coordinatesDenied: fc.array(text, { maxLength: 3 }),
  rowsPerResource: fc.dictionary(text, fc.nat(), { maxKeys: 4 }),
  grantIds: fc.array(fc.nat(), { maxLength: 3 }),
  outcome: fc.constantFrom<AuditOutcome>('ANSWERED', 'PARTLY_DENIED', 'DENIED', 'FAILED'),
  httpStatus: fc.integer({ min: 100, max: 599 }),
  errorCodes: fc.array(text, { maxLength: 3 }),
  durationMs: fc.double({ min: 0, max: 1e6, noNaN: true }),
  variables: json,
});

test('a record is serialised for its hash exactly as canonical JSON serialises it', () => {
  fc.assert(
    fc.property(content, sha256Hex, (c, prev) => {
      expect(canonicalAuditContent(c)).toBe(canonicalJson(c));
      expect(recordHash(prev, c)).toBe(chainHash(prev, c));
    }),
    { numRuns: 2000 },
  );
});

test('canonical JSON sorts keys at every depth and leaves out undefined members', () => {
  const value = { b: 1, a: { d: [3, undefined, { z: 1, y: undefined }], c: 'x' } };
  expect(canonicalJson(value)).toBe('{"a":{"c":"x","d":[3,null,{"z":1}]},"b":1}');
  // The hash is over the previous hash, a newline and that text.
  const expected = createHash('sha256').update('0'.repeat(64)).update('\n').update(canonicalJson(value));
  expect(chainHash('0'.repeat(64), value)).toBe(expected.digest('hex'));
});

test('text PostgreSQL cannot store is written as U+FFFD, and writing it again changes nothing', () => {
  const hostile = 'a\u0000b\ud800c\udc00d\ud83d\ude00e';
  expect(storableText(hostile)).toBe('a\ufffdb\ufffdc\ufffdd\ud83d\ude00e');
  expect(storableText(storableText(hostile))).toBe(storableText(hostile));
  expect(canonicalJson({ ['k\u0000']: hostile })).toBe('{"k\ufffd":"a\ufffdb\ufffdc\ufffdd\ud83d\ude00e"}');
  fc.assert(
    fc.property(fc.string({ unit: 'binary' }), (s) => storableText(storableText(s)) === storableText(s)),
  );
});
