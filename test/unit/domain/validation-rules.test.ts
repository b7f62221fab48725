import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dropVsLastYear, outsideFertileAge, outsideRange, paramsOf, percent, populationBalance } from '../../../src/domain/validation-rules.ts';

describe('aggregate validation rules (pure formulas)', () => {
  it('population balance: 期初 + 出生 − 死亡 + 迁入 − 迁出 against 期末, fires only beyond the tolerance', () => {
    const base = { start: 1000, births: 3, deaths: 2, movedIn: 4, movedOut: 1, end: 1004 };
    expect(populationBalance(base, 5)).toEqual({ expected: 1004, difference: 0, movesMissing: false, fires: false });
    expect(populationBalance({ ...base, end: 1009 }, 5)).toMatchObject({ difference: 5, fires: false });
    expect(populationBalance({ ...base, end: 1010 }, 5)).toMatchObject({ difference: 6, fires: true });
    expect(populationBalance({ ...base, end: 998 }, 5)).toMatchObject({ difference: -6, fires: true });
  });

  it('population balance without entered moves counts them as 0 and says so', () => {
    const r = populationBalance({ start: 500, births: 1, deaths: 0, movedIn: null, movedOut: 2, end: 499 }, 0);
    expect(r).toEqual({ expected: 499, difference: 0, movesMissing: true, fires: false });
  });

  it('property: the difference is exactly 期末 minus the expected figure, and fires iff |difference| > tolerance', () => {
    const n = fc.integer({ min: 0, max: 100_000 });
    const moved = fc.option(fc.integer({ min: 0, max: 1000 }), { nil: null });
    fc.assert(
      fc.property(n, n, n, moved, moved, n, fc.integer({ min: 0, max: 50 }), (start, births, deaths, movedIn, movedOut, end, tolerance) => {
        const r = populationBalance({ start, births, deaths, movedIn, movedOut, end }, tolerance);
        expect(r.expected + r.difference).toBe(end);
        expect(r.fires).toBe(Math.abs(end - (start + births - deaths + (movedIn ?? 0) - (movedOut ?? 0))) > tolerance);
      }),
      { seed: 20261206, numRuns: 300 },
    );
  });

  it('min–max: needs three months of history; fires outside the range only', () => {
    expect(outsideRange([100, 120], 500)).toBeNull();
    expect(outsideRange([100, 120, 110], 115)).toBeNull();
    expect(outsideRange([100, 120, 110], 120)).toBeNull();
    expect(outsideRange([100, 120, 110], 121)).toEqual({ min: 100, max: 120 });
    expect(outsideRange([100, 120, 110], 99)).toEqual({ min: 100, max: 120 });
  });

  it('min–max with a margin: a growing village stays quiet, a jump still fires; small counts get at least 1', () => {
    expect(outsideRange([1000, 1004, 1008], 1012, 0.02)).toBeNull();
    expect(outsideRange([1000, 1004, 1008], 1029, 0.02)).toBeNull();
    expect(outsideRange([1000, 1004, 1008], 1030, 0.02)).toEqual({ min: 1000, max: 1008 });
    expect(outsideRange([1000, 1004, 1008], 1030, 0)).toEqual({ min: 1000, max: 1008 });
    expect(outsideRange([1000, 1004, 1008], 1100, 0.02)).toEqual({ min: 1000, max: 1008 });
    expect(outsideRange([0, 1, 2], 3, 0.02)).toBeNull();
    expect(outsideRange([0, 1, 2], 4, 0.02)).toEqual({ min: 0, max: 2 });
  });

  it('procedure age: outside 15–49 on the day (the 15th and 50th birthdays count)', () => {
    expect(outsideFertileAge('2011-06-10', '2026-06-09')).toBe(true);
    expect(outsideFertileAge('2011-06-10', '2026-06-10')).toBe(false);
    expect(outsideFertileAge('1976-06-10', '2026-06-09')).toBe(false);
    expect(outsideFertileAge('1976-06-10', '2026-06-10')).toBe(true);
  });

  it('drop vs last year: down by more than the share, when last year reached the minimum base', () => {
    expect(dropVsLastYear(4, 10, 0.5, 5)).toEqual({ fires: true, drop: 0.6 });
    expect(dropVsLastYear(5, 10, 0.5, 5)).toEqual({ fires: false, drop: 0.5 });
    expect(dropVsLastYear(0, 4, 0.5, 5).fires).toBe(false);
    expect(dropVsLastYear(0, 0, 0.5, 0).fires).toBe(false);
    expect(percent(0.6)).toBe('60%');
  });

  it('params: defaults for what is missing or malformed', () => {
    expect(paramsOf({})).toEqual({ tolerance: 5, share: 0.5, min_base: 5, figure: 'births', margin: 0.02 });
    expect(paramsOf({ tolerance: -3, share: 2, min_base: 'x', figure: 'first_marriages' })).toEqual({ tolerance: 5, share: 0.5, min_base: 5, figure: 'first_marriages', margin: 0.02 });
    expect(paramsOf({ tolerance: 0, share: 0.25, min_base: 10 })).toMatchObject({ tolerance: 0, share: 0.25, min_base: 10 });
  });
});
