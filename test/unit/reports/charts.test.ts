/**
 * The report page's bar charts (issue 14): count axes in whole numbers (never "0.5 births"), and month labels
 * that do not overlap — read back from the generated SVG.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { barChart, countTicks, textWidth } from '../../../src/features/reports/monthly/charts.ts';

interface Label {
  x: number;
  text: string;
}

function labels(svg: string, cls: string): Label[] {
  return [...svg.matchAll(new RegExp(`<text class="${cls}" x="([\\d.]+)"[^>]*>([^<]*)</text>`, 'g'))].map((m) => ({ x: Number(m[1]), text: m[2] }));
}

/** Consecutive labels (by x) at least half of each one's estimated width apart, plus nothing in between. */
function expectApart(ls: Label[], fontSize = 11) {
  const sorted = [...ls].sort((a, b) => a.x - b.x);
  for (let k = 1; k < sorted.length; k++) {
    const need = (textWidth(sorted[k - 1].text, fontSize) + textWidth(sorted[k].text, fontSize)) / 2;
    expect(sorted[k].x - sorted[k - 1].x, `${sorted[k - 1].text} / ${sorted[k].text}`).toBeGreaterThanOrEqual(need);
  }
}

function monthsFrom(year: number, month: number, n: number): string[] {
  return Array.from({ length: n }, (_, i) => {
    const m = month - 1 + i;
    return `${year + Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`;
  });
}

const chart = (months: string[], values: number[]) => barChart({ id: 'c', title: '出生', months, series: [{ label: '男', values, fill: 'solid' }] });

describe('bar charts that read', () => {
  it('count ticks are whole numbers at a 1/2/5 step: a largest value of 1 gives 0 and 1, never 0.5', () => {
    expect(countTicks(0)).toEqual([0, 1]);
    expect(countTicks(1)).toEqual([0, 1]);
    expect(countTicks(3)).toEqual([0, 1, 2, 3]);
    expect(countTicks(7)).toEqual([0, 2, 4, 6, 8]);
    expect(countTicks(94)).toEqual([0, 20, 40, 60, 80, 100]);
    expect(countTicks(338)).toEqual([0, 100, 200, 300, 400]);
    const svg = chart(monthsFrom(2025, 4, 12), [0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(labels(svg, 'tick-label').map((l) => l.text)).toEqual(['0', '1']);
    expect(svg).not.toContain('0.5');
  });

  it('twelve months in 640px: every month labelled 1–12月, the year under the first month and under January, none touching', () => {
    const svg = chart(monthsFrom(2025, 4, 12), Array(12).fill(2) as number[]);
    const month = labels(svg, 'month-label');
    expect(month.map((l) => l.text)).toEqual(['4月', '5月', '6月', '7月', '8月', '9月', '10月', '11月', '12月', '1月', '2月', '3月']);
    expectApart(month);
    const year = labels(svg, 'year-label');
    expect(year.map((l) => l.text)).toEqual(['2025年', '2026年']);
    expect(year[1].x).toBe(month[9].x);
    expectApart(year);
  });

  it('more months than fit: every other (or third) month is labelled, evenly, still not touching', () => {
    const svg = chart(monthsFrom(2024, 1, 36), Array(36).fill(1) as number[]);
    const month = labels(svg, 'month-label');
    expect(month.length).toBeLessThan(36);
    expect(month.length).toBeGreaterThanOrEqual(12);
    expectApart(month);
    expect(labels(svg, 'year-label').map((l) => l.text)).toEqual(['2024年', '2025年', '2026年']);
  });

  it('December then January: the first month’s year gives way when it would touch January’s', () => {
    const months = monthsFrom(2025, 12, 60).slice(0, 60);
    const svg = chart(months, Array(60).fill(0) as number[]);
    const year = labels(svg, 'year-label');
    expectApart(year);
    expect(year[0].text).toBe('2026年');
  });

  it('for any series (all zeros, a single 1, any counts) ticks are whole, strictly increasing from 0 and reach the largest value; labels never touch', () => {
    const series = fc.integer({ min: 1, max: 40 }).chain((n) =>
      fc.record({
        start: fc.record({ year: fc.integer({ min: 2015, max: 2035 }), month: fc.integer({ min: 1, max: 12 }) }),
        values: fc.oneof(
          fc.constant(Array(n).fill(0) as number[]),
          fc.nat(n - 1).map((k) => Array.from({ length: n }, (_, i) => (i === k ? 1 : 0))),
          fc.array(fc.nat(5000), { minLength: n, maxLength: n }),
          fc.array(fc.nat(3), { minLength: n, maxLength: n }),
        ),
      }),
    );
    fc.assert(
      fc.property(series, ({ start, values }) => {
        const svg = chart(monthsFrom(start.year, start.month, values.length), values);
        const ticks = labels(svg, 'tick-label').map((l) => l.text);
        expect(ticks.every((t) => /^\d+$/.test(t))).toBe(true);
        const n = ticks.map(Number);
        expect(n[0]).toBe(0);
        for (let k = 1; k < n.length; k++) expect(n[k]).toBeGreaterThan(n[k - 1]);
        expect(n[n.length - 1]).toBeGreaterThanOrEqual(Math.max(1, ...values));
        expect(n.length).toBeLessThanOrEqual(6);
        const month = labels(svg, 'month-label');
        expect(month.length).toBeGreaterThan(0);
        expectApart(month);
        expectApart(labels(svg, 'year-label'));
      }),
    );
  });
});
