import { describe, expect, it } from 'vitest';
import { checkCharacter, idNumberMessage, makeIdNumber, type IdNumberProblem, maskIdNumber, maskIdNumbersInText, normalizeIdNumber, parseIdNumber } from '../../../src/domain/id-number.ts';

describe('GB 11643 identity numbers', () => {
  it('accepts a valid number and reads birth date and sex from it', () => {
    // 11010519491231002X is the standard's worked example: born 1949-12-31, sequence 002 (female), check X.
    const r = parseIdNumber('11010519491231002X');
    expect(r).toEqual({ ok: true, info: { idNumber: '11010519491231002X', birthDate: '1949-12-31', sex: 'female', areaCode: '110105' } });
  });

  it('a wrong check character says the number does not check, without naming the expected character', () => {
    const r = parseIdNumber('110105194912310021');
    expect(r).toEqual({ ok: false, problem: { code: 'check_digit' } });
    const message = idNumberMessage((r as { problem: IdNumberProblem }).problem);
    expect(message).toBe('身份证号校验不通过，请逐位核对证件');
    expect(message).not.toMatch(/应为|X/);
  });

  it('with today given, a birth date after today is refused (no negative age); without it only the calendar counts', () => {
    const future = makeIdNumber('990100', '2030-05-12', 2);
    const r = parseIdNumber(future, '2026-11-18');
    expect(r).toEqual({ ok: false, problem: { code: 'future_birth' } });
    expect(idNumberMessage((r as { problem: IdNumberProblem }).problem)).toBe('身份证号中的出生日期在今天之后，请核对证件');
    expect(parseIdNumber(makeIdNumber('990100', '2026-11-18', 2), '2026-11-18').ok).toBe(true);
    expect(parseIdNumber(future).ok).toBe(true);
  });

  it('refuses wrong length, letters and impossible dates', () => {
    expect(parseIdNumber('1101051949123100')).toMatchObject({ ok: false, problem: { code: 'shape' } });
    expect(parseIdNumber('11010519491231A02X')).toMatchObject({ ok: false, problem: { code: 'shape' } });
    expect(parseIdNumber(makeIdNumber('110105', '1990-01-01', 2).replace('19900101', '19900230'))).toMatchObject({
      ok: false,
      problem: { code: 'birth_date' },
    });
    expect(parseIdNumber('   ')).toMatchObject({ ok: false, problem: { code: 'empty' } });
  });

  it('normalises full-width digits, lower-case x and spaces', () => {
    expect(normalizeIdNumber('１１０１０５ 19491231002x')).toBe('11010519491231002X');
    expect(parseIdNumber('11010519491231002x').ok).toBe(true);
  });

  it('every single-digit change of a valid number is caught by the check character', () => {
    const id = makeIdNumber('990100', '1988-06-15', 124);
    expect(parseIdNumber(id).ok).toBe(true);
    for (let i = 0; i < 17; i++) {
      for (let d = 0; d <= 9; d++) {
        if (String(d) === id[i]) continue;
        const mutated = id.slice(0, i) + d + id.slice(i + 1);
        const r = parseIdNumber(mutated);
        expect(r.ok, `${mutated} should fail`).toBe(false);
      }
    }
  });

  it('makes numbers with the right sex digit', () => {
    expect(parseIdNumber(makeIdNumber('990100', '1990-05-01', 21)).ok && (parseIdNumber(makeIdNumber('990100', '1990-05-01', 21)) as { info: { sex: string } }).info.sex).toBe('male');
    expect(checkCharacter('11010519491231002')).toBe('X');
  });

  it('masks as 110105***********X (area code and check character only), in fields and inside text', () => {
    expect(maskIdNumber('11010519491231002X')).toBe('110105***********X');
    expect(maskIdNumbersInText('身份证 11010519491231002X 已核对')).toBe('身份证 110105***********X 已核对');
    expect(maskIdNumber('110105491231002')).toBe('**************2');
    expect(maskIdNumber(null)).toBe('');
  });
});
