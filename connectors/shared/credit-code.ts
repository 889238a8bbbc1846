/**
 * The 18-character unified social credit code (统一社会信用代码, GB 32100-2015):
 * registration authority (1) + organisation type (1) + administrative division (6) + organisation code (9, with
 * its own GB 11714 check character) + check character (1).
 */

const CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY'; // 31 characters: no I, O, S, V, Z
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

const PATTERN = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;

/** The GB 11714 check character of an 8-character organisation code body. */
function organisationCheck(body: string): string {
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += parseInt(body[i], 36) * ORG_WEIGHTS[i];
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

/** The GB 32100 check character of the first 17 characters. */
function creditCheck(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CHARSET.indexOf(first17[i]) * WEIGHTS[i];
  return CHARSET[(31 - (sum % 31)) % 31];
}

/**
 * Builds a valid enterprise credit code (authority 9 = market regulation, type 1 = enterprise) for the 6-digit
 * `divisionCode` and an 8-digit organisation serial.
 */
export function makeCreditCode(divisionCode: string, serial: number): string {
  const body = String(serial).padStart(8, '0');
  const first17 = `91${divisionCode}${body}${organisationCheck(body)}`;
  return first17 + creditCheck(first17);
}

/** True when `code` is a well-formed credit code whose check character is right. */
export function isValidCreditCode(code: string): boolean {
  if (!PATTERN.test(code)) return false;
  return creditCheck(code.slice(0, 17)) === code[17];
}
