/**
 * Masks for sensitive values served to callers without a clear grant: ID 370202********1234, phone 138****5678.
 */
import type { Sensitivity } from './directory-state';

/** Keeps `head` and `tail` characters and stars the middle (at least one star). */
function keepEnds(value: string, head: number, tail: number): string {
  if (value.length <= head + tail) return '*'.repeat(value.length);
  return value.slice(0, head) + '*'.repeat(value.length - head - tail) + value.slice(value.length - tail);
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
