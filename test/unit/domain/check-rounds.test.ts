import { describe, expect, it } from 'vitest';
import {
  checkRate,
  consecutiveMisses,
  dueForDoubleCheck,
  inRoundWindow,
  quarterEnd,
  quarterLabel,
  quarterOf,
  quarterStart,
  roundFinished,
  roundOpenProblem,
  shiftQuarter,
  type RoundResult,
} from '../../../src/domain/check-rounds.ts';

describe('double-check rounds', () => {
  it('knows quarters, their bounds and neighbours', () => {
    expect(quarterOf('2026-03-31')).toEqual({ year: 2026, quarter: 1 });
    expect(quarterOf('2026-04-01')).toEqual({ year: 2026, quarter: 2 });
    expect(quarterStart({ year: 2026, quarter: 4 })).toBe('2026-10-01');
    expect(quarterEnd({ year: 2026, quarter: 1 })).toBe('2026-03-31');
    expect(quarterEnd({ year: 2026, quarter: 2 })).toBe('2026-06-30');
    expect(shiftQuarter({ year: 2026, quarter: 1 }, -1)).toEqual({ year: 2025, quarter: 4 });
    expect(shiftQuarter({ year: 2025, quarter: 4 }, 1)).toEqual({ year: 2026, quarter: 1 });
    expect(quarterLabel({ year: 2026, quarter: 3 })).toBe('2026年第三季度');
  });

  it('opens only the current or the next quarter', () => {
    expect(roundOpenProblem({ year: 2026, quarter: 1 }, '2026-03-15')).toBeUndefined();
    expect(roundOpenProblem({ year: 2026, quarter: 2 }, '2026-03-15')).toBeUndefined();
    expect(roundOpenProblem({ year: 2025, quarter: 4 }, '2026-03-15')).toMatch(/已结束/);
    expect(roundOpenProblem({ year: 2026, quarter: 3 }, '2026-03-15')).toMatch(/只能开启本季度或下一季度/);
  });

  it('a round is finished when closed or past its last day; checks count inside its window', () => {
    expect(roundFinished({ status: 'open', closes_on: '2026-03-31' }, '2026-03-31')).toBe(false);
    expect(roundFinished({ status: 'open', closes_on: '2026-03-31' }, '2026-04-01')).toBe(true);
    expect(roundFinished({ status: 'closed', closes_on: '2026-03-31' }, '2026-02-01')).toBe(true);
    const r = { year: 2026, quarter: 1, closes_on: '2026-03-31' };
    expect(inRoundWindow(r, '2026-01-01')).toBe(true);
    expect(inRoundWindow(r, '2025-12-31')).toBe(false);
    expect(inRoundWindow(r, '2026-04-01')).toBe(false);
  });

  it('is due: married, 15–49, on the register, not sterilised', () => {
    const w = { status: 'active', marital_status: 'first_marriage', birth_date: '1990-05-12' };
    expect(dueForDoubleCheck(w, 'iud', '2026-03-15')).toBe(true);
    expect(dueForDoubleCheck(w, 'implant', '2026-03-15')).toBe(true);
    expect(dueForDoubleCheck(w, null, '2026-03-15')).toBe(true);
    expect(dueForDoubleCheck(w, 'condom', '2026-03-15')).toBe(true);
    expect(dueForDoubleCheck(w, 'female_sterilization', '2026-03-15')).toBe(false);
    expect(dueForDoubleCheck(w, 'male_sterilization', '2026-03-15')).toBe(false);
    expect(dueForDoubleCheck({ ...w, marital_status: 'divorced' }, null, '2026-03-15')).toBe(false);
    expect(dueForDoubleCheck({ ...w, status: 'exited' }, null, '2026-03-15')).toBe(false);
    expect(dueForDoubleCheck({ ...w, birth_date: '1976-03-15' }, null, '2026-03-15')).toBe(false);
    expect(dueForDoubleCheck({ ...w, birth_date: '1976-03-16' }, null, '2026-03-15')).toBe(true);
  });

  it('counts rounds missed running, back from the latest finished one', () => {
    const r = (year: number, quarter: number, status: string, finished = true): RoundResult => ({ year, quarter, status, finished });
    expect(consecutiveMisses([r(2025, 3, 'due'), r(2025, 4, 'due')])).toBe(2);
    expect(consecutiveMisses([r(2025, 3, 'due'), r(2025, 4, 'due'), r(2026, 1, 'due', false)])).toBe(2);
    expect(consecutiveMisses([r(2025, 3, 'due'), r(2025, 4, 'done')])).toBe(0);
    expect(consecutiveMisses([r(2025, 2, 'due'), r(2025, 4, 'due')])).toBe(1); // a quarter without a round breaks the run
    expect(consecutiveMisses([r(2025, 3, 'excused'), r(2025, 4, 'due')])).toBe(1);
    expect(consecutiveMisses([r(2025, 4, 'due'), r(2026, 1, 'due'), r(2025, 3, 'due')])).toBe(3);
    expect(consecutiveMisses([])).toBe(0);
  });

  it('rate: checked over due, two decimals, "—" (null) over zero', () => {
    expect(checkRate(260, 268)).toEqual({ numerator: 260, denominator: 268, value: 97.01, unit: '%' });
    expect(checkRate(1, 3)).toMatchObject({ value: 33.33 });
    expect(checkRate(2, 3)).toMatchObject({ value: 66.67 });
    expect(checkRate(0, 0)).toMatchObject({ value: null });
    expect(checkRate(5, 5)).toMatchObject({ value: 100 });
  });
});
