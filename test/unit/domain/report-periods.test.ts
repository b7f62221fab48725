import { describe, expect, it } from 'vitest';
import {
  canTransition,
  lastMonth,
  monthIsOver,
  monthPeriod,
  monthsBetween,
  nextStatus,
  periodWords,
  statisticalPeriod,
  statisticalYearOf,
  submissionDeadline,
  timeliness,
} from '../../../src/domain/report-periods.ts';

describe('report periods', () => {
  it('names a period in words', () => {
    expect(periodWords({ from: '2026-01-01', to: '2026-05-31' })).toBe('2026年1月1日至2026年5月31日');
    expect(periodWords(monthPeriod('2026-02'))).toBe('2026年2月1日至2026年2月28日');
  });
  it('statistical year runs 1 October to 30 September; the half-year to 31 March', () => {
    expect(statisticalPeriod(2026, false)).toEqual({ from: '2025-10-01', to: '2026-09-30' });
    expect(statisticalPeriod(2026, true)).toEqual({ from: '2025-10-01', to: '2026-03-31' });
    expect(statisticalYearOf('2025-10-01')).toBe(2026);
    expect(statisticalYearOf('2026-09-30')).toBe(2026);
  });
  it('defaults to last month and lists months of a range', () => {
    expect(lastMonth('2026-01-15')).toBe('2025-12');
    expect(monthsBetween('2025-11-20', '2026-02-01')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
  });
  it('a month is due by the 5th of the next; late after that', () => {
    expect(submissionDeadline('2026-12')).toBe('2027-01-05');
    expect(timeliness('2026-03', '2026-04-05', '2026-04-20')).toBe('on_time');
    expect(timeliness('2026-03', '2026-04-06', '2026-04-20')).toBe('late');
    expect(timeliness('2026-03', null, '2026-04-05')).toBe('pending');
    expect(timeliness('2026-03', null, '2026-04-06')).toBe('missing');
  });
  it('allows only the month-close transitions of DESIGN §6', () => {
    expect(canTransition('open', 'submit')).toBe(true);
    expect(canTransition('returned', 'submit')).toBe(true);
    expect(canTransition('submitted', 'submit')).toBe(false);
    expect(canTransition('accepted', 'submit')).toBe(false);
    expect(canTransition('submitted', 'accept')).toBe(true);
    expect(canTransition('open', 'accept')).toBe(false);
    expect(canTransition('submitted', 'return')).toBe(true);
    expect(canTransition('accepted', 'return')).toBe(false);
    expect(canTransition('accepted', 'unlock')).toBe(true);
    expect(canTransition('submitted', 'unlock')).toBe(false);
    expect(nextStatus('unlock')).toBe('returned');
  });
  it('a month can be submitted once it is over', () => {
    expect(monthIsOver('2026-03', '2026-03-31')).toBe(false);
    expect(monthIsOver('2026-03', '2026-04-01')).toBe(true);
  });
});
