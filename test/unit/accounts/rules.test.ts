import { describe, expect, it } from 'vitest';
import { lockState, passwordProblem } from '../../../src/domain/passwords.ts';
import { redact } from '../../../src/domain/redact.ts';
import { regionCodeProblem, parentCode, levelOfCode } from '../../../src/domain/regions.ts';
import { safeNext } from '../../../src/features/accounts/service.ts';
import { pageInfo } from '../../../src/pagination.ts';
import { fmtRate, fmtMoney, fmtInt } from '../../../src/http/view-helpers.ts';

const min = 60_000;

describe('lockout', () => {
  const t0 = new Date('2026-11-23T02:00:00Z').getTime();
  const at = (m: number) => new Date(t0 + m * min);

  it('locks after 5 failures within 15 minutes, for 15 minutes from the fifth', () => {
    const fails = [0, 1, 2, 3, 4].map(at);
    expect(lockState(fails.slice(0, 4), at(4))).toEqual({ locked: false });
    expect(lockState(fails, at(5))).toEqual({ locked: true, until: at(19) });
    expect(lockState(fails, at(19)).locked).toBe(false);
  });
  it('does not lock when the failures are spread over more than 15 minutes', () => {
    expect(lockState([0, 5, 10, 15, 20].map(at), at(21)).locked).toBe(false);
  });
});

describe('password rules', () => {
  it('asks for 8 characters, not the username, not a common password', () => {
    expect(passwordProblem('short', 'u')).toMatch(/至少需要 8/);
    expect(passwordProblem('clerk01-secret', 'clerk01')).toMatch(/用户名/);
    expect(passwordProblem('12345678', 'abc')).toMatch(/常见/);
    // The demo password is printed in the README and at start-up; common Chinese choices are on the list too.
    expect(passwordProblem('demo1234', 'wang')).toMatch(/常见/);
    expect(passwordProblem('DEMO1234', 'wang')).toMatch(/常见/);
    expect(passwordProblem('woaini1314', 'wang')).toMatch(/常见/);
    expect(passwordProblem('qwertyuiop', 'wang')).toMatch(/常见/);
    expect(passwordProblem('a-good-passphrase', 'clerk01')).toBeUndefined();
  });
});

describe('redaction for audit and logs', () => {
  it('drops password hashes and masks ID numbers and accounts', () => {
    expect(redact({ password_hash: '$argon2id$x', id_number: '11010519491231002X', bank_account: '6222020200112233', note: 'see 11010519491231002X', n: 3 })).toEqual({
      id_number: '110105***********X',
      bank_account: '************2233',
      note: 'see 110105***********X',
      n: 3,
    });
  });
});

describe('region codes', () => {
  it('knows the level and the parent from the code', () => {
    expect(levelOfCode('990100')).toBe('county');
    expect(levelOfCode('990100001')).toBe('township');
    expect(parentCode('990100001002')).toBe('990100001');
    expect(regionCodeProblem('99010')).toMatch(/6 位/);
    expect(regionCodeProblem('99010000a')).toMatch(/数字/);
    expect(regionCodeProblem('990100000')).toMatch(/全为 0/);
    expect(regionCodeProblem('990100001', 'village')).toMatch(/12 位/);
  });
});

describe('small web helpers', () => {
  it('never redirects off-site after sign-in', () => {
    expect(safeNext('/women?q=1')).toBe('/women?q=1');
    expect(safeNext('//evil.example')).toBe('/');
    expect(safeNext('https://evil.example')).toBe('/');
    expect(safeNext('/\\evil')).toBe('/');
  });
  it('pages 50 rows at a time', () => {
    expect(pageInfo(120, 3)).toMatchObject({ page: 3, pages: 3, from: 101, to: 120, offset: 100 });
    expect(pageInfo(0, 1)).toMatchObject({ page: 1, pages: 1, from: 0, to: 0 });
    expect(pageInfo(10, 99)).toMatchObject({ page: 1 });
  });
  it('formats rates, money and counts the same everywhere', () => {
    expect(fmtRate({ numerator: 260, denominator: 268, value: 97.01, unit: '%' })).toBe('97.01%');
    expect(fmtRate({ numerator: 1, denominator: 0, value: null, unit: '‰' })).toBe('—');
    expect(fmtMoney(96000)).toBe('960.00');
    expect(fmtInt(54799)).toBe('54,799');
  });
});
