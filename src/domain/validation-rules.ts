/**
 * Aggregate validation rules (DHIS2 validation rules and min–max checks, peer-systems §1.3–1.4): the pure
 * formulas, their parameters with defaults and bounds, and the Chinese words of the findings. The rules
 * themselves are data (table validation_rules); the reports feature reads the figures and calls these.
 */
import { ageOn, type IsoDate } from './dates.ts';
import { ENTRY_AGE, EXIT_AGE } from './register-person.ts';

export const RULE_KINDS = ['population_balance', 'population_range', 'births_without_pregnancy', 'procedure_age', 'drop_vs_last_year'] as const;
export type RuleKind = (typeof RULE_KINDS)[number];
export const RULE_LEVELS = ['blocking', 'warning'] as const;
export type RuleLevel = (typeof RULE_LEVELS)[number];
export const RULE_LEVEL_LABEL: Record<RuleLevel, string> = { blocking: '阻止上报', warning: '警告' };
export type DropFigure = 'births' | 'first_marriages';
export const DROP_FIGURE_LABEL: Record<DropFigure, string> = { births: '出生人数', first_marriages: '初婚人数' };

/** The parameters a rule may carry (params jsonb), all with defaults. */
export interface RuleParams {
  /** population_balance: the difference (people) tolerated. */
  tolerance: number;
  /** drop_vs_last_year: the share of last year's count that may be lost (0.5 = down by more than half fires). */
  share: number;
  /** drop_vs_last_year: last year's count must be at least this for the rule to apply. */
  min_base: number;
  /** drop_vs_last_year: which count. */
  figure: DropFigure;
  /** population_range: the min–max is widened by this share of the history's largest value (0.02 = 2%). */
  margin: number;
}

export const DEFAULT_PARAMS: RuleParams = { tolerance: 5, share: 0.5, min_base: 5, figure: 'births', margin: 0.02 };
export const MAX_TOLERANCE = 100_000;
export const MAX_MIN_BASE = 100_000;

/** The stored params of a rule with defaults for what is missing or malformed. */
export function paramsOf(raw: unknown): RuleParams {
  const o = raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
  const num = (v: unknown, d: number, ok: (n: number) => boolean) => (typeof v === 'number' && Number.isFinite(v) && ok(v) ? v : d);
  return {
    tolerance: num(o.tolerance, DEFAULT_PARAMS.tolerance, (n) => n >= 0),
    share: num(o.share, DEFAULT_PARAMS.share, (n) => n > 0 && n <= 1),
    min_base: num(o.min_base, DEFAULT_PARAMS.min_base, (n) => n >= 0),
    figure: o.figure === 'first_marriages' ? 'first_marriages' : 'births',
    margin: num(o.margin, DEFAULT_PARAMS.margin, (n) => n >= 0 && n <= 1),
  };
}

export interface BalanceInput {
  /** 期初: the previous month's 期末总人口. */
  start: number;
  births: number;
  deaths: number;
  /** null: not entered (counted as 0, and the finding says so). */
  movedIn: number | null;
  movedOut: number | null;
  /** 期末总人口 entered for the month. */
  end: number;
}

export interface BalanceResult {
  expected: number;
  /** end − expected. */
  difference: number;
  /** True when 迁入 or 迁出 was not entered: the balance was computed without it. */
  movesMissing: boolean;
  fires: boolean;
}

/** 期初 + 出生 − 死亡 + 迁入 − 迁出 against 期末; fires when |期末 − expected| > tolerance. */
export function populationBalance(input: BalanceInput, tolerance: number): BalanceResult {
  const expected = input.start + input.births - input.deaths + (input.movedIn ?? 0) - (input.movedOut ?? 0);
  const difference = input.end - expected;
  return { expected, difference, movesMissing: input.movedIn === null || input.movedOut === null, fires: Math.abs(difference) > tolerance };
}

/** The min–max check needs at least this many months of the village's own previous entries. */
export const RANGE_MIN_HISTORY = 3;
/** …taken from this many months before the month checked. */
export const RANGE_HISTORY_MONTHS = 12;

/**
 * Outside the min–max of the history widened by `margin` × the history's largest value (rounded up, so at least 1
 * when the margin is above 0, and a steadily growing village is not flagged every month): the history's own
 * min–max, or null when within the widened range or the history is too short.
 */
export function outsideRange(history: readonly number[], value: number, margin = 0): { min: number; max: number } | null {
  if (history.length < RANGE_MIN_HISTORY) return null;
  const min = Math.min(...history);
  const max = Math.max(...history);
  const slack = margin > 0 ? Math.ceil(margin * Math.max(Math.abs(min), Math.abs(max), 1)) : 0;
  return value < min - slack || value > max + slack ? { min, max } : null;
}

/** A procedure on a woman aged outside the childbearing window (ENTRY_AGE … EXIT_AGE − 1) on the day. */
export function outsideFertileAge(birthDate: IsoDate, on: IsoDate): boolean {
  const age = ageOn(birthDate, on);
  return age < ENTRY_AGE || age >= EXIT_AGE;
}

/** A birth counts as having its pregnancy when a live_birth/stillbirth pregnancy of the mother ended this near it. */
export const PREGNANCY_NEAR_DAYS = 30;

/** Down by more than `share` of last year's count, when last year's count is at least `minBase`. */
export function dropVsLastYear(current: number, lastYear: number, share: number, minBase: number): { fires: boolean; drop: number } {
  const drop = lastYear > 0 ? (lastYear - current) / lastYear : 0;
  return { fires: lastYear >= minBase && lastYear > 0 && drop > share, drop };
}

/** A share as a Chinese percentage (0.5 → "50%"). */
export function percent(share: number): string {
  return `${Math.round(share * 1000) / 10}%`;
}
