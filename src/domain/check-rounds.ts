/**
 * Double-check rounds (双查 = 查环查孕; domain-notes §3.1, C10): one round per township and quarter, a due list of
 * married women 15–49 who are not sterilised, the rate of women checked, and the alert for women who missed two
 * rounds running. Pure: dates are passed in.
 */
import { addDays, addMonths, ageOn, type IsoDate } from './dates.ts';
import { MARRIED_STATUSES, TERMINAL_METHODS } from './codes.ts';
import { rate, type Rate } from './indicators.ts';
import { inChildbearingAge } from './register-person.ts';

export interface Quarter {
  year: number;
  quarter: number;
}

export function quarterOf(d: IsoDate): Quarter {
  return { year: Number(d.slice(0, 4)), quarter: Math.floor((Number(d.slice(5, 7)) - 1) / 3) + 1 };
}

export function quarterStart(q: Quarter): IsoDate {
  return `${q.year}-${String((q.quarter - 1) * 3 + 1).padStart(2, '0')}-01`;
}

export function quarterEnd(q: Quarter): IsoDate {
  return addDays(addMonths(quarterStart(q), 3), -1);
}

export function shiftQuarter(q: Quarter, n: number): Quarter {
  const index = q.year * 4 + (q.quarter - 1) + n;
  return { year: Math.floor(index / 4), quarter: (index % 4) + 1 };
}

/** A number that grows by one per quarter (consecutive rounds differ by exactly 1). */
export function quarterIndex(q: Quarter): number {
  return q.year * 4 + (q.quarter - 1);
}

export function quarterLabel(q: Quarter): string {
  return `${q.year}年第${'一二三四'[q.quarter - 1]}季度`;
}

/** Opening a round: the current quarter or the next one; a quarter that has ended cannot be opened. */
export function roundOpenProblem(q: Quarter, today: IsoDate): string | undefined {
  if (quarterEnd(q) < today) return `${quarterLabel(q)}已结束，不能再开启双查`;
  if (quarterIndex(q) > quarterIndex(quarterOf(today)) + 1) return '只能开启本季度或下一季度的双查';
  return undefined;
}

/** A round is finished once closed, or once its last day has passed. */
export function roundFinished(r: { status: string; closes_on: IsoDate }, today: IsoDate): boolean {
  return r.status === 'closed' || r.closes_on < today;
}

/** May a check done on `d` count for this round? (inside its quarter, up to its closing day) */
export function inRoundWindow(r: Quarter & { closes_on: IsoDate }, d: IsoDate): boolean {
  return d >= quarterStart(r) && d <= r.closes_on;
}

/** Who is due: married, 15–49 on the day, on the register, not sterilised (IUD, implant, other or no method). */
export function dueForDoubleCheck(w: { status: string; marital_status: string; birth_date: IsoDate }, currentMethod: string | null | undefined, on: IsoDate): boolean {
  if (w.status !== 'active') return false;
  if (!(MARRIED_STATUSES as readonly string[]).includes(w.marital_status)) return false;
  const age = ageOn(w.birth_date, on);
  if (!inChildbearingAge(age)) return false;
  return !(currentMethod && (TERMINAL_METHODS as readonly string[]).includes(currentMethod));
}

export interface RoundResult extends Quarter {
  /** due (not checked), done, excused */
  status: string;
  finished: boolean;
}

/**
 * How many rounds running she has missed, counting back from the latest finished round in `history` (her
 * results in her township's rounds). A round she was checked in or excused from ends the run, and so does a
 * quarter with no result for her (no round, or not on its list).
 */
export function consecutiveMisses(history: readonly RoundResult[]): number {
  const finished = history.filter((r) => r.finished).sort((a, b) => quarterIndex(b) - quarterIndex(a));
  let count = 0;
  let expected: number | undefined;
  for (const r of finished) {
    if (expected !== undefined && quarterIndex(r) !== expected) break;
    if (r.status !== 'due') break;
    count += 1;
    expected = quarterIndex(r) - 1;
  }
  return count;
}

export const MISSED_ALERT = 2;

/** 双查到位率: checked / due (excused women are not due) — the one rate formula of indicators.ts. */
export function checkRate(done: number, due: number): Rate {
  return rate(done, due, '%');
}
