/**
 * Who the register of women of childbearing age (育龄妇女) takes: a woman (her ID number's 17th digit is even)
 * aged 15 to 49. One home and one message per rule: the card service refuses with these messages and the
 * consistency rules report with them.
 */
import { ageOn, type IsoDate } from './dates.ts';
import type { Sex } from './id-number.ts';

/** The first age of the register (she is taken from her 15th birthday). */
export const ENTRY_AGE = 15;
/** The age at which she leaves it (the nightly job exits her on her 50th birthday). */
export const EXIT_AGE = 50;

/** The ID number must be a woman's: the problem in Chinese, or undefined when it is. */
export function notFemaleProblem(sex: Sex): string | undefined {
  return sex === 'female' ? undefined : '身份证号第17位为奇数，是男性的身份证号；育龄妇女信息卡只登记女性';
}

/** The 15–49 window for a new or changed ID number: the problem in Chinese, or undefined when she is inside it. */
export function ageWindowProblem(birthDate: IsoDate, today: IsoDate): string | undefined {
  const age = ageOn(birthDate, today);
  if (inChildbearingAge(age)) return undefined;
  return `按身份证号，她出生于 ${birthDate}，今年 ${age} 周岁，不在 ${ENTRY_AGE}–${EXIT_AGE - 1} 周岁的育龄范围内，不能建卡`;
}

/** Aged 15–49 (of childbearing age, 育龄) at `age` whole years: the register's window, used by every roster and count. */
export function inChildbearingAge(age: number): boolean {
  return age >= ENTRY_AGE && age < EXIT_AGE;
}
