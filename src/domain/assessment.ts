/**
 * 考核 (issue 15): how an indicator's value is judged against its target and scored by its weight. Pure: the
 * catalogue and the targets are data (assessment_indicators, assessment_targets), the value comes from the
 * report engine. A missing value (no denominator, or records the portal does not hold yet) is 无数据 and scores 0.
 */

export const DIRECTIONS = ['higher', 'lower', 'band'] as const;
export type Direction = (typeof DIRECTIONS)[number];

export const SCORE_RULES = ['full_or_zero', 'proportional'] as const;
export type ScoreRule = (typeof SCORE_RULES)[number];

export const INDICATOR_SOURCES = ['report', 'check_rounds', 'records_pending'] as const;
export type IndicatorSource = (typeof INDICATOR_SOURCES)[number];

export type Judgement = '达标' | '接近' | '未达标' | '无数据';

export interface Band {
  low: number;
  high: number;
}

export const DIRECTION_LABEL: Record<Direction, string> = { higher: '越高越好（不低于目标）', lower: '越低越好（不高于目标）', band: '在正常范围内' };
export const SCORE_RULE_LABEL: Record<ScoreRule, string> = { full_or_zero: '达标得满分，否则不得分', proportional: '达标得满分，未达标按完成比例得分' };
export const SOURCE_LABEL: Record<IndicatorSource, string> = { report: '统计报表', check_rounds: '双查记录', records_pending: '数据待建' };
/** Shown in place of a value the portal cannot compute yet (never a made-up figure). */
export const PENDING_TEXT = '数据待建';

/** How far the value lies on the wrong side of the target (or outside the band); 0 when met. */
export function shortfall(value: number, target: number, direction: Direction, band?: Band | null): number {
  if (direction === 'higher') return Math.max(0, target - value);
  if (direction === 'lower') return Math.max(0, value - target);
  const b = band ?? { low: target, high: target };
  return value < b.low ? b.low - value : value > b.high ? value - b.high : 0;
}

/**
 * 达标 when the target is met (a band: inside it, bounds included), 接近 when the shortfall is at most `near`,
 * else 未达标; 无数据 without a value.
 */
export function judge(value: number | null, target: number, near: number | null, direction: Direction, band?: Band | null): Judgement {
  if (value === null || !Number.isFinite(value)) return '无数据';
  const gap = shortfall(value, target, direction, band);
  if (gap === 0) return '达标';
  if (near !== null && gap <= near + 1e-9) return '接近';
  return '未达标';
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/**
 * Points out of `weight`: full marks when the target is met; below it 0 under 'full_or_zero', and under
 * 'proportional' the weight times the share achieved — value ÷ target when higher is better, 1 − overshoot ÷
 * target when lower is better (twice the target scores 0), 1 − distance ÷ the nearer bound for a band — never
 * below 0 and rounded to two decimals. A target of 0 or less has no share: 0 below it.
 */
export function score(value: number | null, target: number, weight: number, rule: ScoreRule, direction: Direction, band?: Band | null): number {
  if (value === null || !Number.isFinite(value) || weight <= 0) return 0;
  const gap = shortfall(value, target, direction, band);
  if (gap === 0) return weight;
  if (rule === 'full_or_zero') return 0;
  const base = direction === 'band' ? (value < (band?.low ?? target) ? (band?.low ?? target) : (band?.high ?? target)) : target;
  if (base <= 0) return 0;
  const share = 1 - gap / base;
  return Math.min(weight, Math.max(0, round2(weight * share)));
}

/** The statistical year a target belongs to, from a report period's last day (October starts the next one). */
export { statisticalYearOf as targetYearOf } from './report-periods.ts';

/** A target as printed on the board, the score sheet and the 自查报告: ≥93.5%, ≤13.6‰, 103–107, or 未设目标. */
export function targetText(i: { direction: Direction; unit: string; band_low: number | null; band_high: number | null }, target: number | null | undefined): string {
  if (target === null || target === undefined) return '未设目标';
  if (i.direction === 'band') return `${i.band_low}–${i.band_high}`;
  return `${i.direction === 'lower' ? '≤' : '≥'}${target}${i.unit === 'ratio' ? '' : i.unit}`;
}
