import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countsFromMonths, differences, storedCounts, emptyCounts, rate, sumCounts, withRates } from '../../../src/domain/indicators.ts';
import { fmtRate } from '../../../src/http/view-helpers.ts';

describe('indicator formulas', () => {
  it('reproduces the golden case of domain-notes §5.3: 268 births, 8 non-compliant, 110 deaths, 54,799 people', () => {
    const c = emptyCounts();
    Object.assign(c, { births: 268, births_first: 165, births_second: 78, births_third_plus: 25, births_compliant: 260, deaths: 110, population: 54799 });
    const f = withRates(c);
    expect(c.births_first + c.births_second + c.births_third_plus).toBe(c.births);
    expect(f.compliance_rate).toEqual({ numerator: 260, denominator: 268, value: 97.01, unit: '%' });
    expect(fmtRate(f.compliance_rate)).toBe('97.01%');
    expect(f.natural_growth_rate).toEqual({ numerator: 158, denominator: 54799, value: 2.88, unit: '‰' });
    expect(fmtRate(f.natural_growth_rate)).toBe('2.88‰');
    expect(f.birth_rate.value).toBe(4.89); // 268 / 54,799 × 1000 = 4.8906
  });

  it('gives null (shown as —) for a zero denominator, never NaN or Infinity', () => {
    const f = withRates(emptyCounts());
    for (const r of [f.compliance_rate, f.sex_ratio, f.birth_rate, f.contraceptive_rate, f.follow_up_rate]) {
      expect(r.value).toBeNull();
      expect(fmtRate(r)).toBe('—');
    }
    expect(rate(5, 0, '%').value).toBeNull();
  });

  it('rounds once, half away from zero, exactly (no binary floating error)', () => {
    expect(rate(1, 8, '%').value).toBe(12.5);
    expect(rate(2005, 100000, '%').value).toBe(2.01); // 2.005 → 2.01 (floating point would give 2.00)
    expect(rate(1, 3, '%').value).toBe(33.33);
    expect(rate(2, 3, '%').value).toBe(66.67);
    expect(rate(-158, 54799, '‰').value).toBe(-2.88);
    expect(rate(109, 100, 'ratio').value).toBe(109);
    expect(rate(100, 54799.5, '‰').value).toBe(1.82); // an average population may end in .5
  });

  it('sex ratio is male per 100 female births, unit ratio', () => {
    const c = emptyCounts();
    Object.assign(c, { births: 25, births_male: 13, births_female: 12 });
    expect(withRates(c).sex_ratio).toEqual({ numerator: 13, denominator: 12, value: 108.33, unit: 'ratio' });
    expect(fmtRate(withRates(c).sex_ratio)).toBe('108.33');
  });

  it('contraceptive and long-acting rates use married WRA and users as denominators', () => {
    const c = emptyCounts();
    Object.assign(c, { married_wra: 10, contraceptive_users: 8, long_acting_users: 6 });
    const f = withRates(c);
    expect(f.contraceptive_rate.value).toBe(80);
    expect(f.long_acting_rate).toEqual({ numerator: 6, denominator: 8, value: 75, unit: '%' });
  });

  it('a total recomputes rates from summed counts, never averages the rates', () => {
    const a = { ...emptyCounts(), births: 1, births_compliant: 1 };
    const b = { ...emptyCounts(), births: 3, births_compliant: 1 };
    const total = withRates(sumCounts([a, b]));
    expect(total.compliance_rate.value).toBe(50); // not (100 + 33.33) / 2
  });

  it('lists the differences between a snapshot and live counts', () => {
    const snap = { ...emptyCounts(), births: 4, wra: 10 };
    const live = { ...emptyCounts(), births: 5, wra: 10 };
    expect(differences(snap, live)).toEqual([{ key: 'births', snapshot: 4, live: 5, difference: 1 }]);
  });

  it('does not call a figure added after the snapshot a difference', () => {
    const { long_acting_due: _added, ...older } = { ...emptyCounts(), births: 4 };
    const live = { ...emptyCounts(), births: 4, long_acting_due: 3 };
    expect(differences(storedCounts(older), live)).toEqual([]);
    expect(differences(storedCounts({ ...older, long_acting_due: 1 }), live)).toEqual([{ key: 'long_acting_due', snapshot: 1, live: 3, difference: 2 }]);
  });

  it('any rate lies between the float quotient rounded down and up (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: 1, max: 10_000_000 }), (n, d) => {
        const v = rate(n, d, '%').value!;
        const exact = (n * 100) / d;
        return Math.abs(v - exact) <= 0.005 + 1e-9;
      }),
    );
  });
});

describe('a period from its months', () => {
  it('sums the flows, takes the stock from the last month, and leaves out what months cannot rebuild', () => {
    const oct = { births: 2, births_previous_years: 1, married_wra: 100, population: 1000.5, population_end: 1001 };
    const nov = { births: 3, births_previous_years: 0, married_wra: 102, population: 1002, population_end: 1003 };
    const out = countsFromMonths([oct, nov]);
    expect(out).toMatchObject({ births: 5, married_wra: 102, population_end: 1003 });
    expect(out).not.toHaveProperty('births_previous_years');
    expect(out).not.toHaveProperty('population');
    // A flow a month lacks (a figure added later) is not summed from the others.
    expect(countsFromMonths([{ births: 1 }, { births: 1, long_acting_due: 2 }])).not.toHaveProperty('long_acting_due');
  });

  it('does not take the women supplied in the last month for the longer period’s, but sums the satisfaction answers', () => {
    const out = countsFromMonths([
      { short_acting_users: 10, free_supply_users: 4, satisfaction_responses: 3, satisfaction_positive: 2 },
      { short_acting_users: 11, free_supply_users: 5, satisfaction_responses: 4, satisfaction_positive: 4 },
    ]);
    expect(out).toMatchObject({ short_acting_users: 11, satisfaction_responses: 7, satisfaction_positive: 6 });
    expect(out).not.toHaveProperty('free_supply_users');
  });

  it('computes 免费计划生育药具获得率 and 群众满意率 from their counts', () => {
    const f = withRates({ ...emptyCounts(), short_acting_users: 40, free_supply_users: 34, satisfaction_responses: 3, satisfaction_positive: 2 });
    expect(f.free_supply_rate).toEqual({ numerator: 34, denominator: 40, value: 85, unit: '%' });
    expect(f.satisfaction_rate).toEqual({ numerator: 2, denominator: 3, value: 66.67, unit: '%' });
    expect(withRates(emptyCounts()).satisfaction_rate.value).toBeNull();
  });
});
