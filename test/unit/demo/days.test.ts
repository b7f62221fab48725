/**
 * The demo generator's integer-day arithmetic agrees with src/domain/dates.ts (ages, birthdays across 29
 * February), and villages get exactly N women in proportion to their population.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ageAt, birthday, dayOf, isoOf, plusMonths } from '../../../seeds/demo/days.ts';
import { villageQuotas } from '../../../seeds/demo/people.ts';
import { addMonths, ageOn } from '../../../src/domain/dates.ts';

const anyDay = fc.integer({ min: dayOf('1940-01-01'), max: dayOf('2040-12-31') });

describe('demo day arithmetic', () => {
  it('round-trips days and ISO dates', () => {
    fc.assert(fc.property(anyDay, (d) => dayOf(isoOf(d)) === d));
    expect(isoOf(dayOf('2024-02-29'))).toBe('2024-02-29');
  });

  it('puts the n-th birthday on the first day the age is n, also for 29 February', () => {
    fc.assert(
      fc.property(anyDay, fc.integer({ min: -60, max: 60 }), (birth, years) => {
        const day = birthday(birth, years);
        if (years > 0) {
          expect(ageOn(isoOf(birth), isoOf(day))).toBe(years);
          expect(ageOn(isoOf(birth), isoOf(day - 1))).toBe(years - 1);
        }
      }),
    );
    expect(isoOf(birthday(dayOf('2004-02-29'), 20))).toBe('2024-02-29');
    expect(isoOf(birthday(dayOf('2004-02-29'), 21))).toBe('2025-03-01');
  });

  it('computes ages and calendar months like src/domain/dates.ts', () => {
    fc.assert(fc.property(anyDay, anyDay, (a, b) => ageAt(a, b) === ageOn(isoOf(a), isoOf(b))));
    fc.assert(fc.property(anyDay, fc.integer({ min: 0, max: 24 }), (d, m) => isoOf(plusMonths(d, m)) === addMonths(isoOf(d), m)));
  });
});

describe('women per village', () => {
  it('gives exactly n women, each village within one of its proportional share', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 800, max: 3500 }), { minLength: 1, maxLength: 200 }), fc.integer({ min: 0, max: 200_000 }), (pops, n) => {
        const quotas = villageQuotas(
          pops.map((population) => ({ population })),
          n,
        );
        const total = pops.reduce((s, p) => s + p, 0);
        expect(quotas.reduce((s, q) => s + q, 0)).toBe(n);
        quotas.forEach((q, i) => expect(Math.abs(q - (n * pops[i]) / total)).toBeLessThan(1));
      }),
    );
  });
});
