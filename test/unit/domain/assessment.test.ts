/** 考核 rules: judging a value against its target and scoring it by the weight (src/domain/assessment.ts). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { judge, score, type Direction, type Judgement, type ScoreRule } from '../../../src/domain/assessment.ts';

const SEX_BAND = { low: 103, high: 107 };
const RANK: Record<Judgement, number> = { 无数据: -1, 未达标: 0, 接近: 1, 达标: 2 };

describe('judge', () => {
  it('higher is better: met at the target, 接近 within the margin, else 未达标', () => {
    expect(judge(93.5, 93.5, 1.5, 'higher')).toBe('达标');
    expect(judge(99, 93.5, 1.5, 'higher')).toBe('达标');
    expect(judge(92, 93.5, 1.5, 'higher')).toBe('接近');
    expect(judge(91.99, 93.5, 1.5, 'higher')).toBe('未达标');
    expect(judge(93.49, 93.5, null, 'higher')).toBe('未达标');
  });

  it('lower is better: 出生率 ≤ 13.6‰', () => {
    expect(judge(13.6, 13.6, 0.5, 'lower')).toBe('达标');
    expect(judge(-2, 6, 0.5, 'lower')).toBe('达标');
    expect(judge(14.1, 13.6, 0.5, 'lower')).toBe('接近');
    expect(judge(14.11, 13.6, 0.5, 'lower')).toBe('未达标');
  });

  it('a band: 性别比 103–107 inclusive, 接近 within the margin outside it', () => {
    expect(judge(103, 105, 2, 'band', SEX_BAND)).toBe('达标');
    expect(judge(107, 105, 2, 'band', SEX_BAND)).toBe('达标');
    expect(judge(108.5, 105, 2, 'band', SEX_BAND)).toBe('接近');
    expect(judge(101, 105, 2, 'band', SEX_BAND)).toBe('接近');
    expect(judge(100.99, 105, 2, 'band', SEX_BAND)).toBe('未达标');
    expect(judge(120, 105, 2, 'band', SEX_BAND)).toBe('未达标');
  });

  it('no value is 无数据, whatever the target', () => {
    expect(judge(null, 95, 2, 'higher')).toBe('无数据');
    expect(judge(null, 105, 2, 'band', SEX_BAND)).toBe('无数据');
  });
});

describe('score', () => {
  it('full marks at the target; 0 below it under full_or_zero; the share achieved under proportional', () => {
    expect(score(95, 95, 15, 'proportional', 'higher')).toBe(15);
    expect(score(94, 95, 15, 'full_or_zero', 'higher')).toBe(0);
    expect(score(76, 95, 15, 'proportional', 'higher')).toBe(12);
    expect(score(9, 6, 10, 'proportional', 'lower')).toBe(5);
    expect(score(12, 6, 10, 'proportional', 'lower')).toBe(0);
    expect(score(13.6, 13.6, 15, 'full_or_zero', 'lower')).toBe(15);
    expect(score(105, 105, 10, 'full_or_zero', 'band', SEX_BAND)).toBe(10);
    expect(score(110, 105, 10, 'full_or_zero', 'band', SEX_BAND)).toBe(0);
    expect(score(null, 95, 15, 'proportional', 'higher')).toBe(0);
  });
});

const direction = fc.constantFrom<Direction>('higher', 'lower', 'band');
const rule = fc.constantFrom<ScoreRule>('full_or_zero', 'proportional');
const num = fc.double({ min: -50, max: 200, noNaN: true, noDefaultInfinity: true });
const pos = fc.double({ min: 0, max: 200, noNaN: true, noDefaultInfinity: true });

/** Orders two values so that `better` is at least as good as `worse` in the direction. */
function ordered(a: number, b: number, d: Direction, center: number): [better: number, worse: number] {
  if (d === 'higher') return a >= b ? [a, b] : [b, a];
  if (d === 'lower') return a <= b ? [a, b] : [b, a];
  // A band: closer to its centre on the same side is better.
  const [x, y] = [center + Math.abs(a - center), center + Math.abs(b - center)];
  return x <= y ? [x, y] : [y, x];
}

describe('properties', () => {
  it('a better value never judges or scores lower; scores stay within [0, weight]', () => {
    fc.assert(
      fc.property(
        num,
        num,
        pos,
        fc.option(fc.double({ min: 0, max: 20, noNaN: true }), { nil: null }),
        fc.double({ min: 0, max: 100, noNaN: true }),
        direction,
        rule,
        (a, b, target, near, weight, d, r) => {
          const band = { low: target, high: target + 4 };
          const [better, worse] = ordered(a, b, d, target + 2);
          const sb = score(better, target, weight, r, d, band);
          const sw = score(worse, target, weight, r, d, band);
          expect(RANK[judge(better, target, near, d, band)]).toBeGreaterThanOrEqual(RANK[judge(worse, target, near, d, band)]);
          expect(sb).toBeGreaterThanOrEqual(sw);
          for (const s of [sb, sw]) {
            expect(s).toBeGreaterThanOrEqual(0);
            expect(s).toBeLessThanOrEqual(weight);
          }
        },
      ),
    );
  });

  it('a met target scores the full weight; no value is 无数据 and 0', () => {
    fc.assert(
      fc.property(pos, fc.double({ min: 0, max: 100, noNaN: true }), direction, rule, (target, weight, d, r) => {
        const band = { low: target, high: target + 4 };
        expect(score(target, target, weight, r, d, band)).toBe(weight);
        expect(judge(target, target, null, d, band)).toBe('达标');
        expect(judge(null, target, 1, d, band)).toBe('无数据');
        expect(score(null, target, weight, r, d, band)).toBe(0);
      }),
    );
  });
});
