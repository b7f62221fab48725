/** The special-family care schedule (src/domain/special-families.ts): months, festival windows, the due list. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, type IsoDate } from '../../../src/domain/dates.ts';
import { dueItems, scheduleItems, scheduleMet, type CareFact, type CareRule } from '../../../src/domain/special-families.ts';

const RULES: CareRule[] = [
  { code: 'monthly_contact', label: '每月联系', kind: 'monthly', mode: 'any', from_date: null, to_date: null },
  { code: 'mid_autumn_2026', label: '2026年中秋走访', kind: 'window', mode: 'visit', from_date: '2026-09-11', to_date: '2026-10-02' },
  { code: 'spring_festival_2027', label: '2027年春节走访', kind: 'window', mode: 'visit', from_date: '2027-01-23', to_date: '2027-02-21' },
];
const Q4 = { from: '2026-10-01', to: '2026-12-31' };

describe('the special-family care schedule', () => {
  it('needs a contact in every month from the opening and a visit in each window ending in the period', () => {
    const care: CareFact[] = [
      { cared_on: '2026-09-30', mode: 'visit' },
      { cared_on: '2026-10-20', mode: 'phone' },
      { cared_on: '2026-11-02', mode: 'phone' },
      { cared_on: '2026-12-31', mode: 'phone' },
    ];
    expect(scheduleItems(RULES, care, '2026-01-01', Q4).map((i) => [i.code, i.from, i.met])).toEqual([
      ['mid_autumn_2026', '2026-09-11', true],
      ['monthly_contact', '2026-10-01', true],
      ['monthly_contact', '2026-11-01', true],
      ['monthly_contact', '2026-12-01', true],
    ]);
    expect(scheduleMet(RULES, care, '2026-01-01', Q4)).toBe(true);
    // A phone call in the window is not the festival visit.
    expect(scheduleMet(RULES, [{ cared_on: '2026-09-30', mode: 'phone' }, ...care.slice(1)], '2026-01-01', Q4)).toBe(false);
    // A month without contact.
    expect(
      scheduleMet(
        RULES,
        care.filter((c) => c.cared_on !== '2026-11-02'),
        '2026-01-01',
        Q4,
      ),
    ).toBe(false);
    // Opened after the window and in November: October and the window are not asked for.
    expect(scheduleItems(RULES, care.slice(2), '2026-11-02', Q4).map((i) => i.from)).toEqual(['2026-11-01', '2026-12-01']);
    expect(scheduleItems(RULES, [], '2027-01-05', Q4)).toEqual([]);
  });

  it('the due list: this month’s contact until made, a festival visit while its window is open', () => {
    expect(dueItems(RULES, [], '2027-01-25').map((i) => i.code)).toEqual(['monthly_contact', 'spring_festival_2027']);
    expect(dueItems(RULES, [{ cared_on: '2027-01-24', mode: 'phone' }], '2027-01-25').map((i) => i.code)).toEqual(['spring_festival_2027']);
    expect(dueItems(RULES, [{ cared_on: '2027-01-24', mode: 'visit' }], '2027-01-25')).toEqual([]);
    expect(dueItems(RULES, [{ cared_on: '2026-12-31', mode: 'visit' }], '2027-01-02').map((i) => i.code)).toEqual(['monthly_contact']);
  });

  it('property: met exactly when no item is unmet, and adding a visit on every item’s last day meets it', () => {
    const day = fc.integer({ min: 0, max: 500 }).map((n) => addDays('2026-01-01', n));
    fc.assert(
      fc.property(fc.array(fc.record({ cared_on: day, mode: fc.constantFrom<'visit' | 'phone'>('visit', 'phone') }), { maxLength: 20 }), day, day, day, (care, opened, a, b) => {
        const period = a <= b ? { from: a, to: b } : { from: b, to: a };
        const items = scheduleItems(RULES, care, opened, period);
        expect(scheduleMet(RULES, care, opened, period)).toBe(items.every((i) => i.met));
        const visits: CareFact[] = items.map((i) => ({ cared_on: i.to as IsoDate, mode: 'visit' }));
        expect(scheduleMet(RULES, [...care, ...visits], opened, period)).toBe(true);
      }),
      { seed: 20261208, numRuns: 300 },
    );
  });
});
