/**
 * 计划生育特殊家庭 (issue 17 §2): the minimum care schedule and when a family's schedule is met. Pure: the rules
 * (special_family_care_rules, data) and the family's care records come in. The report's SQL
 * (src/features/reports/engine/special-families-sources.ts) implements exactly this rule.
 *
 * In a period [from, to], for a file opened on `opened_on` (only the part of the period from the opening counts):
 *   - 'monthly' rule: every calendar month of that part has a care record dated in it (up to `to`), any mode
 *     the rule allows ('any': a visit or a phone call);
 *   - 'window' rule (春节 / 中秋 of a year): a window that ends inside that part needs a care record of the
 *     rule's mode (a home visit) dated inside the window.
 * The schedule is met when every rule is. The due list (as of a day) is what is still open now: no contact yet
 * in the current month, or a festival window open today without its visit.
 */
import { addMonthsToMonth, maxDate, monthEnd, monthOf, monthStart, type IsoDate } from './dates.ts';

export interface CareRule {
  code: string;
  label: string;
  kind: 'monthly' | 'window';
  mode: 'any' | 'visit' | 'phone';
  from_date: IsoDate | null;
  to_date: IsoDate | null;
}

export interface CareFact {
  cared_on: IsoDate;
  mode: 'visit' | 'phone';
}

export interface ScheduleItem {
  code: string;
  label: string;
  from: IsoDate;
  to: IsoDate;
  met: boolean;
}

const fits = (rule: CareRule, c: CareFact) => rule.mode === 'any' || rule.mode === c.mode;
const within = (care: readonly CareFact[], rule: CareRule, from: IsoDate, to: IsoDate) => care.some((c) => c.cared_on >= from && c.cared_on <= to && fits(rule, c));

/** The items of the schedule in a period for a file opened on a date (none when it opened after the period). */
export function scheduleItems(rules: readonly CareRule[], care: readonly CareFact[], opened_on: IsoDate, period: { from: IsoDate; to: IsoDate }): ScheduleItem[] {
  const start = maxDate(period.from, opened_on);
  if (start > period.to) return [];
  const items: ScheduleItem[] = [];
  for (const rule of rules) {
    if (rule.kind === 'monthly') {
      for (let m = monthOf(start); m <= monthOf(period.to); m = addMonthsToMonth(m, 1)) {
        const from = monthStart(m);
        const to = monthEnd(m) < period.to ? monthEnd(m) : period.to;
        items.push({ code: rule.code, label: `${rule.label}（${m}）`, from, to, met: within(care, rule, from, to) });
      }
    } else if (rule.from_date && rule.to_date && rule.to_date >= start && rule.to_date <= period.to) {
      items.push({ code: rule.code, label: rule.label, from: rule.from_date, to: rule.to_date, met: within(care, rule, rule.from_date, rule.to_date) });
    }
  }
  return items.sort((a, b) => a.from.localeCompare(b.from) || a.code.localeCompare(b.code));
}

/** 落实: every item of the period's schedule met (a file opened after the period has nothing to meet). */
export function scheduleMet(rules: readonly CareRule[], care: readonly CareFact[], opened_on: IsoDate, period: { from: IsoDate; to: IsoDate }): boolean {
  return scheduleItems(rules, care, opened_on, period).every((i) => i.met);
}

/** What is due now and not done: this month's contact, a festival window open today without its visit. */
export function dueItems(rules: readonly CareRule[], care: readonly CareFact[], today: IsoDate): ScheduleItem[] {
  const out: ScheduleItem[] = [];
  for (const rule of rules) {
    if (rule.kind === 'monthly') {
      const from = monthStart(monthOf(today));
      if (!within(care, rule, from, today)) out.push({ code: rule.code, label: `${rule.label}（本月）`, from, to: monthEnd(monthOf(today)), met: false });
    } else if (rule.from_date && rule.to_date && rule.from_date <= today && today <= rule.to_date && !within(care, rule, rule.from_date, rule.to_date)) {
      out.push({ code: rule.code, label: rule.label, from: rule.from_date, to: rule.to_date, met: false });
    }
  }
  return out;
}
