/**
 * The masks a masked grant serves: what each sensitivity keeps, and that nothing sensitive is ever served in
 * clear (pure; the HTTP tests in permissions.test.ts check the same masks end to end).
 */
import { maskerFor } from '../auth/masking';
import type { Sensitivity } from '../auth/directory-state';

/** A value served under a masked grant on a text field. */
const maskServed = (value: unknown, sensitivity: Sensitivity, maskable: boolean) =>
  maskerFor(sensitivity, maskable)(value);

test('each sensitivity keeps its ends and stars the middle', () => {
  expect(maskServed('张三', 'PERSON_NAME', true)).toBe('张*');
  expect(maskServed('欧阳娜娜', 'PERSON_NAME', true)).toBe('欧***');
  expect(maskServed('张', 'PERSON_NAME', true)).toBe('*');
  expect(maskServed('370202199001011234', 'ID_NUMBER', true)).toBe('370202********1234');
  expect(maskServed('13812345678', 'PHONE', true)).toBe('138****5678');
  expect(maskServed('0532-88881234', 'PHONE', true)).toBe('0532-8*****34');
  expect(maskServed('0532-12', 'PHONE', true)).toBe('0532-**');
  expect(maskServed('1234567', 'PHONE', true)).toBe('*******');
  expect(maskServed('山东省青岛市市南区香港中路', 'ADDRESS', true)).toBe('山东省青岛市*******');
});

test('masks are idempotent, so a value masked twice reads the same', () => {
  for (const [value, sensitivity] of [
    ['欧阳娜娜', 'PERSON_NAME'],
    ['370202199001011234', 'ID_NUMBER'],
    ['13812345678', 'PHONE'],
    ['0532-88881234', 'PHONE'],
    ['山东省青岛市市南区香港中路', 'ADDRESS'],
  ] as const) {
    const once = maskServed(value, sensitivity, true);
    expect(maskServed(once, sensitivity, true)).toBe(once);
  }
});

test('null passes; numbers are masked as text; a non-text field under a mask is withheld', () => {
  expect(maskServed(null, 'PHONE', true)).toBeNull();
  expect(maskServed(undefined, 'PHONE', true)).toBeUndefined();
  expect(maskServed(13812345678, 'PHONE', true)).toBe('138****5678');
  expect(maskServed(12, 'PLAIN', true)).toBe('12');
  expect(maskerFor('PHONE', false)(13812345678)).toBeNull();
  expect(maskerFor('PLAIN', false)('anything')).toBeNull();
});
