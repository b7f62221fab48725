import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sparkline } from '../../../src/features/assessment/board/sparkline.ts';

const MONTHS = ['2026-01', '2026-02', '2026-03', '2026-04'];

describe('the board’s 12-month trend', () => {
  it('draws runs of known months, leaves gaps for months without a submitted figure, and names every month', () => {
    const svg = sparkline(MONTHS, [90, 95, null, 97.5], '%');
    expect(svg.match(/<polyline/g)).toHaveLength(1);
    expect(svg).toContain('aria-label="近12个月：1月 90%，2月 95%，3月 无，4月 97.5%"');
    expect(svg.match(/<circle/g)).toHaveLength(2); // the lone April point and the last-month dot
    expect(sparkline(MONTHS, [null, null, null, null], '%')).toContain('无已上报数据');
  });

  it('never breaks: any values give a well-formed SVG inside its box, no NaN', () => {
    fc.assert(
      fc.property(fc.array(fc.option(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { nil: null }), { minLength: 1, maxLength: 12 }), (values) => {
        const months = values.map((_v, i) => `2026-${String(i + 1).padStart(2, '0')}`);
        const svg = sparkline(months, values, '‰');
        expect(svg).not.toContain('NaN');
        expect(svg.startsWith('<svg') && svg.endsWith('</svg>')).toBe(true);
        for (const [, x, y] of svg.matchAll(/(-?\d+\.\d),(-?\d+\.\d)/g)) {
          expect(Number(x)).toBeGreaterThanOrEqual(0);
          expect(Number(x)).toBeLessThanOrEqual(64);
          expect(Number(y)).toBeGreaterThanOrEqual(0);
          expect(Number(y)).toBeLessThanOrEqual(16);
        }
      }),
    );
  });
});
