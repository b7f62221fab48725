/** The 孕前优生 target-couple rule (src/domain/preconception.ts): who is a target in a period, and when checked. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, addYears } from '../../../src/domain/dates.ts';
import { coupleChecked, coverageRate, marriedOn, preconceptionDateProblem, targetStart, targetStatus, type CoupleFacts } from '../../../src/domain/preconception.ts';
import { SEED } from '../../helpers/generative.ts';

const Q3 = { from: '2026-07-01', to: '2026-09-30' };
const couple = (over: Partial<CoupleFacts> = {}): CoupleFacts => ({
  birth_date: '1996-05-01',
  marital: [{ kind: 'first_marriage', effective_on: '2026-03-20' }],
  plans: [],
  episodes: [],
  checks: [],
  ...over,
});

describe('孕前优生 target couples', () => {
  it('a couple married in the 12 months before the period end is a target from the marriage date', () => {
    expect(targetStart(couple(), Q3)).toBe('2026-03-20');
    // Married exactly 12 months before the end: out; one day later: in.
    expect(targetStart(couple({ marital: [{ kind: 'first_marriage', effective_on: '2025-09-30' }] }), Q3)).toBeUndefined();
    expect(targetStart(couple({ marital: [{ kind: 'first_marriage', effective_on: '2025-10-01' }] }), Q3)).toBe('2025-10-01');
  });

  it('a couple married three years ago is a target only with a plan open in the period', () => {
    const old = couple({ marital: [{ kind: 'first_marriage', effective_on: '2023-06-01' }] });
    expect(targetStart(old, Q3)).toBeUndefined();
    expect(targetStart({ ...old, plans: [{ planned_on: '2026-08-10', ended_on: null }] }, Q3)).toBe('2026-08-10');
    expect(targetStart({ ...old, plans: [{ planned_on: '2026-01-10', ended_on: '2026-07-01' }] }, Q3)).toBe('2026-01-10');
    expect(targetStart({ ...old, plans: [{ planned_on: '2026-01-10', ended_on: '2026-06-30' }] }, Q3)).toBeUndefined();
    expect(targetStart({ ...old, plans: [{ planned_on: '2026-10-01', ended_on: null }] }, Q3)).toBeUndefined();
  });

  it('a divorce, a sterilisation or the age window takes the couple out; a remarriage makes it newly married again', () => {
    expect(targetStart(couple({ marital: [...couple().marital, { kind: 'divorce', effective_on: '2026-09-01' }] }), Q3)).toBeUndefined();
    expect(targetStart(couple({ episodes: [{ method: 'male_sterilization', started_on: '2026-05-01', ended_on: null }] }), Q3)).toBeUndefined();
    expect(targetStart(couple({ episodes: [{ method: 'iud', started_on: '2026-05-01', ended_on: null }] }), Q3)).toBe('2026-03-20');
    expect(targetStart(couple({ birth_date: '2006-10-01' }), Q3)).toBeUndefined();
    expect(targetStart(couple({ birth_date: '2006-09-30' }), Q3)).toBe('2026-03-20');
    expect(targetStart(couple({ birth_date: '1976-09-30' }), Q3)).toBeUndefined();
    const remarried = couple({
      marital: [
        { kind: 'first_marriage', effective_on: '2010-01-01' },
        { kind: 'divorce', effective_on: '2020-01-01' },
        { kind: 'remarriage', effective_on: '2026-02-02' },
      ],
    });
    expect(marriedOn(remarried.marital, Q3.to)).toBe('2026-02-02');
    expect(targetStart(remarried, Q3)).toBe('2026-02-02');
  });

  it('is checked only when both spouses were checked from 6 months before the start to the period end', () => {
    const both = [
      { whose: 'woman' as const, checked_on: '2025-09-20' },
      { whose: 'spouse' as const, checked_on: '2026-09-30' },
    ];
    expect(targetStatus(couple({ checks: both }), Q3)).toBe('checked');
    expect(targetStatus(couple({ checks: both.slice(0, 1) }), Q3)).toBe('unchecked');
    expect(coupleChecked([{ whose: 'woman', checked_on: '2025-09-19' }, both[1]], '2026-03-20', Q3.to)).toBe(false);
    expect(coupleChecked([both[0], { whose: 'spouse', checked_on: '2026-10-01' }], '2026-03-20', Q3.to)).toBe(false);
    expect(targetStatus(couple({ marital: [], checks: both }), Q3)).toBe('not_target');
    expect(coverageRate(4, 5)).toMatchObject({ value: 80, unit: '%' });
  });

  it('property: a couple ages out at 50 and a divorce removes it, whatever the dates', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4000 }), fc.integer({ min: 0, max: 364 }), fc.integer({ min: 0, max: 200 }), (endOffset, marriedDaysBefore, divorceDaysAfter) => {
        const to = addDays('2020-01-01', endOffset);
        const p = { from: addDays(to, -30), to };
        const married = addDays(to, -marriedDaysBefore);
        const base = couple({ birth_date: addYears(to, -30), marital: [{ kind: 'first_marriage', effective_on: married }] });
        expect(targetStart(base, p)).toBe(married);
        // Her 50th birthday on or before the end: not a target; the day after the end: still one.
        expect(targetStart({ ...base, birth_date: addYears(to, -50) }, p)).toBeUndefined();
        expect(targetStart({ ...base, birth_date: addDays(addYears(to, -50), 1) }, p)).toBe(married);
        const divorcedOn = addDays(married, divorceDaysAfter);
        const divorced = { ...base, marital: [...base.marital, { kind: 'divorce' as const, effective_on: divorcedOn }] };
        expect(targetStart(divorced, p)).toBe(divorcedOn <= to ? undefined : married);
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it('refuses a date after today or before she was 15', () => {
    expect(preconceptionDateProblem('检查日期', '2026-11-19', '1996-05-01', '2026-11-18')).toContain('不能晚于今天');
    expect(preconceptionDateProblem('检查日期', '2011-04-30', '1996-05-01', '2026-11-18')).toContain('年满 15 周岁');
    expect(preconceptionDateProblem('检查日期', '2011-05-01', '1996-05-01', '2026-11-18')).toBeUndefined();
  });
});
