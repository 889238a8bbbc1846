import { isValidCreditCode, makeCreditCode } from '../connectors/shared/credit-code';

test('generated codes are 18 characters, carry the division code, and pass the GB 32100 check', () => {
  for (let serial = 10_000_000; serial < 10_000_000 + 5_000; serial += 37) {
    const code = makeCreditCode('370202', serial);
    expect(code).toHaveLength(18);
    expect(code.slice(0, 8)).toBe('91370202');
    expect(isValidCreditCode(code)).toBe(true);
  }
});

test('a published real code validates (Haier Group, 海尔集团公司)', () => {
  expect(isValidCreditCode('91370200163562681G')).toBe(true);
});

test('changing any one character breaks the check', () => {
  const code = makeCreditCode('370281', 12_345_678);
  for (let i = 0; i < 18; i++) {
    const swapped = code.slice(0, i) + (code[i] === '1' ? '2' : '1') + code.slice(i + 1);
    expect(isValidCreditCode(swapped)).toBe(false);
  }
});

test.each(['', '91370200', '91370200163562681g', '91370200163562681I', 'X1370200163562681G0'])(
  'rejects %p',
  (code) => {
    expect(isValidCreditCode(code)).toBe(false);
  },
);
