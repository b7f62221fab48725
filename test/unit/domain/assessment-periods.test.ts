import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { boardPeriod, boardPeriodChoices, defaultBoardPeriodKey } from '../../../src/domain/assessment-periods.ts';

const TODAY = '2026-05-20';

describe('考核 board periods', () => {
  it('a statistical year, a calendar quarter and a month; a running one ends today', () => {
    expect(boardPeriod('2026', TODAY)).toEqual({ key: '2026', kind: 'year', label: '2026统计年度（2025年10月—2026年9月）', period: { from: '2025-10-01', to: TODAY } });
    expect(boardPeriod('2025', TODAY)?.period).toEqual({ from: '2024-10-01', to: '2025-09-30' });
    expect(boardPeriod('2026-Q1', TODAY)).toMatchObject({ kind: 'quarter', label: '2026年第一季度', period: { from: '2026-01-01', to: '2026-03-31' } });
    expect(boardPeriod('2026-Q2', TODAY)?.period).toEqual({ from: '2026-04-01', to: TODAY });
    expect(boardPeriod('2026-02', TODAY)).toMatchObject({ kind: 'month', label: '2026年2月', period: { from: '2026-02-01', to: '2026-02-28' } });
    expect(defaultBoardPeriodKey(TODAY)).toBe('2026');
    expect(defaultBoardPeriodKey('2026-10-01')).toBe('2027');
  });

  it('refuses what is malformed or has not begun', () => {
    for (const bad of ['', '26', '2026-Q5', '2026-13', '2026-3', '2026Q1', '1999', '2026-06', '2026-Q3', '2027']) expect([bad, boardPeriod(bad, TODAY)]).toEqual([bad, undefined]);
  });

  it('every choice offered parses, ends no later than today, and starts on or before its end', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('2001-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }), (d) => {
        const today = d.toISOString().slice(0, 10);
        const choices = boardPeriodChoices(today);
        expect(choices).toHaveLength(2 + 4 + 12);
        for (const c of choices) {
          const p = boardPeriod(c.key, today);
          expect(p, c.key).toBeDefined();
          expect(p!.period.to <= today && p!.period.from <= p!.period.to).toBe(true);
        }
      }),
    );
  });
});
