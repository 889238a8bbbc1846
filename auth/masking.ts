/**
 * Masks for sensitive values served to callers without a clear grant: ID 370202********1234, phone 138****5678.
 */
import { getNamedType, type GraphQLOutputType } from 'graphql';
import type { Sensitivity } from './directory-state';

// Runs of stars up to 32 long, made once: masking a 5,000-row answer builds no star strings of its own.
const STARS = Array.from({ length: 33 }, (_, n) => '*'.repeat(n));
const stars = (n: number) => STARS[n] ?? '*'.repeat(n);

/** Keeps `head` and `tail` characters and stars the middle (at least one star, unless the text is empty). */
function keepEnds(value: string, head: number, tail: number): string {
  const n = value.length;
  if (n <= head + tail) return stars(n);
  // Without a tail, no empty slice and no third piece: 5,000 names are masked per large answer.
  if (tail === 0) return value.slice(0, head) + stars(n - head);
  return value.slice(0, head) + stars(n - head - tail) + value.slice(n - tail);
}

/** How each sensitivity masks a text. */
const TEXT_MASKS: Record<Exclude<Sensitivity, 'PLAIN'>, (text: string) => string> = {
  // 张三 -> 张*, 欧阳娜娜 -> 欧***
  PERSON_NAME: (text) => keepEnds(text, 1, 0),
  ID_NUMBER: (text) => keepEnds(text, 6, 4),
  // 0532-88881234 -> 0532-8*****34 (the city's area code stays), 13812345678 -> 138****5678
  PHONE: (text) =>
    text.startsWith('0532-')
      ? text.length <= 8
        ? `0532-${stars(text.length - 5)}`
        : keepEnds(text, 6, 2)
      : keepEnds(text, 3, 4),
  ADDRESS: (text) => keepEnds(text, 6, 0),
};

/** Serves a value under a masked grant: masked text, or null when withheld (null and undefined stay empty). */
export type Masker = (value: unknown) => unknown;

const withheld: Masker = () => null;
const textMaskers = new Map<Sensitivity, Masker>([
  // An ID may be a number in the row: it is text once served, so the text is what is masked.
  ['PLAIN', (value) => (value == null ? value : String(value))],
  ...Object.entries(TEXT_MASKS).map(([sensitivity, mask]): [Sensitivity, Masker] => [
    sensitivity as Sensitivity,
    (value) => (value == null ? value : mask(typeof value === 'string' ? value : String(value))),
  ]),
]);

/**
 * The masker for values of one sensitivity: masked text for a maskable (text) field, null for a sensitive
 * number or enum (withheld, never shown in clear). Made once per sensitivity at start: the plain-field pass looks
 * it up once per field of an answer, the field guard once per value (a Map lookup, no closure made).
 */
export function maskerFor(sensitivity: Sensitivity, maskable: boolean): Masker {
  return maskable ? textMaskers.get(sensitivity)! : withheld;
}

/**
 * True when `row` lies in a district where a masked item is held in clear all the same (`clearIn`, from a clear
 * grant scoped to those districts; rows of district-scoped types carry their district as `districtCode`). A row
 * without a district (a root field, an aggregate over several districts) is masked.
 */
export function servedInClear(verdict: { clearIn?: ReadonlySet<string> }, row: unknown): boolean {
  if (!verdict.clearIn || typeof row !== 'object' || row === null) return false;
  const district = (row as { districtCode?: unknown }).districtCode;
  return typeof district === 'string' && verdict.clearIn.has(district);
}

/** True for output types whose values can be masked: text (String, and ID, which serialises as text). */
export function isMaskableType(type: GraphQLOutputType): boolean {
  const named = getNamedType(type).name;
  return named === 'String' || named === 'ID';
}
