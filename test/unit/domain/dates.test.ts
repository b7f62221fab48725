import { describe, expect, it } from 'vitest';
import { addMonths, ageOn, chinaDate, daysBetween, isIsoDate, monthEnd, monthLabel } from '../../../src/domain/dates.ts';

describe('dates in China time', () => {
  it('takes the calendar date in Asia/Shanghai, whatever the server zone', () => {
    expect(chinaDate(new Date('2026-03-31T16:30:00Z'))).toBe('2026-04-01');
    expect(chinaDate(new Date('2026-03-31T15:59:59Z'))).toBe('2026-03-31');
  });
  it('computes whole years of age', () => {
    expect(ageOn('1976-11-23', '2026-11-22')).toBe(49);
    expect(ageOn('1976-11-23', '2026-11-23')).toBe(50);
    expect(ageOn('2000-02-29', '2001-02-28')).toBe(0);
  });
  it('adds months clamping to the end of the month', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2026-11-15', 3)).toBe('2027-02-15');
    expect(addMonths('2026-03-31', -1)).toBe('2026-02-28');
  });
  it('validates real dates only', () => {
    expect(isIsoDate('2026-02-29')).toBe(false);
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2026-2-1')).toBe(false);
  });
  it('labels months and knows their last day', () => {
    expect(monthLabel('2026-03')).toBe('2026年3月');
    expect(monthEnd('2026-02')).toBe('2026-02-28');
    expect(daysBetween('2026-01-01', '2026-03-01')).toBe(59);
  });
});
