/**
 * Resident identity numbers (GB 11643-1999): 6-digit area code, 8-digit birth date, 3-digit sequence (odd for
 * men, even for women), and an ISO 7064 MOD 11-2 check character.
 */
import { isIsoDate, type IsoDate } from './dates.ts';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';

export type Sex = 'male' | 'female';

export type IdNumberProblem =
  | { code: 'empty' }
  | { code: 'shape' }
  | { code: 'birth_date' }
  | { code: 'future_birth' }
  // The expected check character is deliberately not carried: shown to a clerk, it invites changing the last
  // character when the typo is elsewhere, and the wrong number then passes.
  | { code: 'check_digit' };

export interface IdNumberInfo {
  idNumber: string;
  birthDate: IsoDate;
  sex: Sex;
  areaCode: string;
}

/** Upper-case, strip spaces, turn full-width digits and Ｘ into ASCII (what clerks paste from Word). */
export function normalizeIdNumber(raw: string): string {
  return raw
    .replace(/[\uFF10-\uFF19]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[xＸｘ]/g, 'X')
    .replace(/\s+/g, '');
}

export function checkCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK_CHARS[sum % 11];
}

/**
 * Parse and verify a number. With `today`, a birth date after it is refused too (an age would come out
 * negative); without it (a stored number read back, the shape alone) only the calendar is checked.
 */
export function parseIdNumber(raw: string, today?: IsoDate): { ok: true; info: IdNumberInfo } | { ok: false; problem: IdNumberProblem } {
  const id = normalizeIdNumber(raw);
  if (id === '') return { ok: false, problem: { code: 'empty' } };
  if (!/^\d{17}[\dX]$/.test(id)) return { ok: false, problem: { code: 'shape' } };
  const birthDate = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
  if (!isIsoDate(birthDate) || birthDate < '1900-01-01') return { ok: false, problem: { code: 'birth_date' } };
  if (today && birthDate > today) return { ok: false, problem: { code: 'future_birth' } };
  if (id[17] !== checkCharacter(id.slice(0, 17))) return { ok: false, problem: { code: 'check_digit' } };
  return {
    ok: true,
    info: { idNumber: id, birthDate, sex: Number(id[16]) % 2 === 1 ? 'male' : 'female', areaCode: id.slice(0, 6) },
  };
}

export function idNumberMessage(problem: IdNumberProblem): string {
  switch (problem.code) {
    case 'empty':
      return '请填写身份证号';
    case 'shape':
      return '身份证号应为18位：前17位数字，最后一位数字或X';
    case 'birth_date':
      return '身份证号中的出生日期不是有效日期';
    case 'future_birth':
      return '身份证号中的出生日期在今天之后，请核对证件';
    case 'check_digit':
      return '身份证号校验不通过，请逐位核对证件';
  }
}

/** Build a valid number from area code, birth date and sequence (demo data and tests). */
export function makeIdNumber(areaCode: string, birthDate: IsoDate, sequence: number): string {
  const first17 = `${areaCode}${birthDate.replaceAll('-', '')}${String(sequence).padStart(3, '0')}`;
  return first17 + checkCharacter(first17);
}

/**
 * '110105***********X' — the one masking of an ID number, used for every output but the card's audited reveal
 * (pages, print views, CSV/XLSX/JSON exports, the bank file, audit before/after, logs; DESIGN §8).
 *
 * Why area code + last character: outputs print 出生日期 (or an age) beside the masked number, so the 8 birth-date
 * digits must be treated as known, and the sex (the parity of digit 17) too. The old form, area code + last four
 * ('110105********002X'), hid exactly the birth date, so it determined the number. This form also hides the
 * 3-digit sequence: with area code, birth date, sex and check character known, the sequence has 500 values of the
 * right parity and the MOD 11-2 check keeps 45 or 46 of them (the check sum takes each residue 45–46 times), so at
 * least 45 numbers fit what any output shows (test/unit/domain/id-scan.test.ts counts them). Nothing else shows
 * sequence digits. Non-18-character values (never stored; typed input in audit text) keep only the last one.
 */
export function maskIdNumber(id: string | null | undefined): string {
  if (!id) return '';
  if (id.length !== 18) return '*'.repeat(Math.max(id.length - 1, 0)) + id.slice(-1);
  return `${id.slice(0, 6)}${'*'.repeat(11)}${id.slice(17)}`;
}

/** A name shown to someone outside her township: the family name and one * per other character (张**). */
export function maskName(name: string): string {
  return name.length <= 1 ? name : name[0] + '*'.repeat(name.length - 1);
}

const FULL_ID_PATTERN = /\b\d{17}[\dX]\b/g;

/** Mask every 18-character ID number inside free text (audit before/after, logs), with the same masking. */
export function maskIdNumbersInText(text: string): string {
  return text.replace(FULL_ID_PATTERN, (m) => maskIdNumber(m));
}
