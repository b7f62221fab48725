/**
 * Who the register takes, one rule and one message each (src/domain/register-person.ts): a woman's ID number,
 * aged 15 to 49 on the business date. The card service refuses with these messages and the consistency rule
 * id_not_female reports with the same one.
 */
import { describe, expect, it } from 'vitest';
import { idFemale } from '../../../src/domain/consistency-person.ts';
import { makeIdNumber, maskName } from '../../../src/domain/id-number.ts';
import { ageWindowProblem, notFemaleProblem } from '../../../src/domain/register-person.ts';

describe('register-person rules', () => {
  it('the ID number must be a woman’s', () => {
    expect(notFemaleProblem('female')).toBeUndefined();
    expect(notFemaleProblem('male')).toBe('身份证号第17位为奇数，是男性的身份证号；育龄妇女信息卡只登记女性');
  });

  it('15 on her birthday is in, 50 on hers is out', () => {
    expect(ageWindowProblem('2011-06-01', '2026-06-01')).toBeUndefined();
    expect(ageWindowProblem('2011-06-01', '2026-05-31')).toBe('按身份证号，她出生于 2011-06-01，今年 14 周岁，不在 15–49 周岁的育龄范围内，不能建卡');
    expect(ageWindowProblem('1976-06-01', '2026-05-31')).toBeUndefined();
    expect(ageWindowProblem('1976-06-01', '2026-06-01')).toMatch(/今年 50 周岁，不在 15–49 周岁/);
  });

  it('the consistency rule id_not_female says the same as the card form', () => {
    const woman = { id_number: makeIdNumber('110101', '1990-05-12', 101), birth_date: '1990-05-12' };
    const findings = idFemale({ woman } as never, '2026-06-01');
    expect(findings.map((f) => f.message)).toEqual([notFemaleProblem('male')]);
  });

  it('maskName keeps the family name', () => {
    expect(maskName('张三丰')).toBe('张**');
    expect(maskName('李')).toBe('李');
  });
});
