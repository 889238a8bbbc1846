/**
 * Masks for sensitive values served to callers without a clear grant: ID 370202********1234, phone 138****5678.
 */
import { getNamedType, type GraphQLOutputType } from 'graphql';
import type { Sensitivity } from './directory-state';

// Runs of stars up to 32 long, made once: masking a 5,000-row answer builds no star strings of its own.
const STARS = Array.from({ length: 33 }, (_, n) => '*'.repeat(n));
const stars = (n: number) => STARS[n] ?? '*'.repeat(n);

/** Keeps `head` and `tail` characters and stars the middle (at least one star). */
function keepEnds(value: string, head: number, tail: number): string {
  if (value.length <= head + tail) return stars(value.length);
  return value.slice(0, head) + stars(value.length - head - tail) + value.slice(value.length - tail);
}

/** Masks `value` according to its sensitivity; PLAIN values pass unchanged, other non-text values become null. */
export function maskValue(value: unknown, sensitivity: Sensitivity): unknown {
  if (sensitivity === 'PLAIN' || value === null || value === undefined) return value;
  if (typeof value !== 'string') return null;
  switch (sensitivity) {
    case 'PERSON_NAME':
      // 张三 -> 张*, 欧阳娜娜 -> 欧***
      return keepEnds(value, 1, 0);
    case 'ID_NUMBER':
      return keepEnds(value, 6, 4);
    case 'PHONE': {
      if (value.startsWith('0532-')) return `0532-${keepEnds(value.slice(5), 1, 2)}`;
      return keepEnds(value, 3, 4);
    }
    case 'ADDRESS':
      return keepEnds(value, 6, 0);
  }
}

/** True for output types whose values can be masked: text (String, and ID, which serialises as text). */
export function isMaskableType(type: GraphQLOutputType): boolean {
  const named = getNamedType(type).name;
  return named === 'String' || named === 'ID';
}

/**
 * A value served under a masked grant: masked text for a maskable field, null (withheld, never shown in clear)
 * for a sensitive number or enum. The guard and the plain-field pass both serve masked values through this.
 */
export function maskServed(value: unknown, sensitivity: Sensitivity, maskable: boolean): unknown {
  if (!maskable) return null;
  // An ID may be a number in the row: it is text once served, so mask the text.
  return maskValue(value == null ? value : String(value), sensitivity);
}
