/**
 * 免费孕前优生健康检查 (issue 15 §2): which couples are its targets in a period, and when a target couple counts
 * as checked. Pure: the facts and the period are passed in; the report's SQL (src/features/reports/engine/sources.ts)
 * and the township list (src/features/services/preconception/queries.ts) implement exactly this rule.
 *
 * A couple (on the woman's card) is a target in a period [from, to] when, on `to`:
 *   - she is married by her marital history (her latest event dated by `to` is a first marriage or a remarriage;
 *     the card's marriage_date alone is never read),
 *   - she is aged 20–49,
 *   - no terminal method (sterilisation of either spouse) is in force,
 * and either (a) that marriage is dated within the 12 months before `to` (新婚), or (b) a pregnancy plan of hers is
 * open at some time in the period (计划怀孕). The target start is the marriage date (a) or the earliest such plan's
 * date (b), the earlier when both hold. The couple is checked when both she and her spouse have a preconception
 * check dated from 6 months before the target start up to `to`.
 */
import { TERMINAL_METHODS } from './codes.ts';
import { addDays, addMonths, addYears, ageOn, type IsoDate } from './dates.ts';
import { rate, type Rate } from './indicators.ts';

export const TARGET_MIN_AGE = 20;
export const TARGET_MAX_AGE = 49;
/** A marriage this many months before the period end or later makes the couple newly married. */
export const NEWLY_MARRIED_MONTHS = 12;
/** A check dated up to this many months before the target start counts for the couple. */
export const CHECK_LEAD_MONTHS = 6;

export interface MaritalFact {
  kind: 'first_marriage' | 'divorce' | 'remarriage' | 'widowed';
  effective_on: IsoDate;
}
export interface PlanFact {
  planned_on: IsoDate;
  ended_on: IsoDate | null;
}
export interface EpisodeFact {
  method: string;
  started_on: IsoDate;
  ended_on: IsoDate | null;
}
export interface CheckFact {
  whose: 'woman' | 'spouse';
  checked_on: IsoDate;
}

export interface CoupleFacts {
  birth_date: IsoDate;
  /** Her marital events in the order they were recorded (a later row wins on the same date). */
  marital: readonly MaritalFact[];
  plans: readonly PlanFact[];
  episodes: readonly EpisodeFact[];
  checks: readonly CheckFact[];
}

export interface Period {
  from: IsoDate;
  to: IsoDate;
}

/** The marriage in force on `on` (its date), or undefined when her latest event by then is not a marriage. */
export function marriedOn(marital: readonly MaritalFact[], on: IsoDate): IsoDate | undefined {
  let latest: MaritalFact | undefined;
  for (const e of marital) if (e.effective_on <= on && (!latest || e.effective_on >= latest.effective_on)) latest = e;
  return latest && (latest.kind === 'first_marriage' || latest.kind === 'remarriage') ? latest.effective_on : undefined;
}

function sterilisedOn(episodes: readonly EpisodeFact[], on: IsoDate): boolean {
  return episodes.some((e) => (TERMINAL_METHODS as readonly string[]).includes(e.method) && e.started_on <= on && (e.ended_on === null || e.ended_on > on));
}

/** The first day of the newly-married window ending on `to`: a marriage from this day to `to` is 新婚. */
export function newlyMarriedSince(to: IsoDate): IsoDate {
  return addDays(addYears(to, -NEWLY_MARRIED_MONTHS / 12), 1);
}

/** The target start of the couple in the period, or undefined when the couple is not a target. */
export function targetStart(f: CoupleFacts, p: Period): IsoDate | undefined {
  const married = marriedOn(f.marital, p.to);
  if (!married) return undefined;
  const age = ageOn(f.birth_date, p.to);
  if (age < TARGET_MIN_AGE || age > TARGET_MAX_AGE) return undefined;
  if (sterilisedOn(f.episodes, p.to)) return undefined;
  const starts: IsoDate[] = [];
  if (married >= newlyMarriedSince(p.to)) starts.push(married);
  for (const plan of f.plans) if (plan.planned_on <= p.to && (plan.ended_on === null || plan.ended_on >= p.from)) starts.push(plan.planned_on);
  return starts.length ? starts.reduce((a, b) => (b < a ? b : a)) : undefined;
}

/** The first day a check may be dated to count for a target starting on `start`. */
export function checkWindowStart(start: IsoDate): IsoDate {
  return addMonths(start, -CHECK_LEAD_MONTHS);
}

/** Both spouses checked inside the window [start − 6 months, to]. */
export function coupleChecked(checks: readonly CheckFact[], start: IsoDate, to: IsoDate): boolean {
  const from = checkWindowStart(start);
  const inWindow = (whose: CheckFact['whose']) => checks.some((c) => c.whose === whose && c.checked_on >= from && c.checked_on <= to);
  return inWindow('woman') && inWindow('spouse');
}

export type TargetStatus = 'not_target' | 'unchecked' | 'checked';

export function targetStatus(f: CoupleFacts, p: Period): TargetStatus {
  const start = targetStart(f, p);
  if (!start) return 'not_target';
  return coupleChecked(f.checks, start, p.to) ? 'checked' : 'unchecked';
}

/** 免费孕前优生健康检查目标人群覆盖率 = checked target couples / target couples (the one rate formula). */
export function coverageRate(checked: number, targets: number): Rate {
  return rate(checked, targets, '%');
}

/** A date on a preconception form: not after today, not before she was 15 (the message, or undefined). */
export function preconceptionDateProblem(label: string, date: IsoDate, birthDate: IsoDate, today: IsoDate): string | undefined {
  if (date > today) return `${label}不能晚于今天（${today}）`;
  if (date < addYears(birthDate, 15)) return `${label}不能早于她年满 15 周岁的日期（${addYears(birthDate, 15)}）`;
  return undefined;
}
