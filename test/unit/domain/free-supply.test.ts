import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from '../../../src/domain/dates.ts';
import { supplyDateProblem } from '../../../src/domain/free-supply.ts';

const TODAY = '2026-04-20';
const woman = { registered_on: '2024-06-01', birth_date: '1990-01-01' };

describe('the date of a free supply', () => {
  it('accepts today and her registration day, refuses tomorrow and the day before she was registered', () => {
    expect(supplyDateProblem(TODAY, TODAY, woman)).toBeUndefined();
    expect(supplyDateProblem('2024-06-01', TODAY, woman)).toBeUndefined();
    expect(supplyDateProblem('2026-04-21', TODAY, woman)).toBe('发放日期不能晚于今天（2026-04-20）');
    expect(supplyDateProblem('2024-05-31', TODAY, woman)).toBe('发放日期不能早于她的建卡（迁入）日期 2024-06-01');
  });

  it('is accepted exactly between her registration (or birth) and today (property)', () => {
    const day = fc.integer({ min: -20000, max: 400 }).map((n) => addDays(TODAY, n));
    fc.assert(
      fc.property(day, day, day, (supplied, registered, born) => {
        const w = { registered_on: registered, birth_date: born };
        const earliest = registered > born ? registered : born;
        const ok = supplied <= TODAY && supplied >= earliest;
        expect(supplyDateProblem(supplied, TODAY, w) === undefined).toBe(ok);
      }),
      { seed: 20261207, numRuns: 300 },
    );
  });
});
