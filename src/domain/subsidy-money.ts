/**
 * Money, periods and standards for subsidies. Money is integer fen everywhere (DESIGN §13); yuan appear only
 * when typed in and in views/exports. A standard is a dated amount per tier (national, provincial, local
 * top-up); the amount in force on a date is the sum over tiers of each tier's latest standard on or before it.
 */
import type { SubsidyTier, SubsidyUnit } from './codes.ts';
import type { IsoDate } from './dates.ts';
import { rate, type Rate } from './indicators.ts';

/** '960' / '960.5' / '1,234.50' yuan → fen; undefined when it is not an amount (never NaN, never floats). */
export function parseYuanToFen(raw: string): number | undefined {
  const s = raw
    .trim()
    .replace(/[,，\s]/g, '')
    .replace(/元$/, '');
  const m = /^(\d{1,9})(?:\.(\d{1,2}))?$/.exec(s);
  if (!m) return undefined;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

/** Fen → '960.00' (no thousands separator: bank files). Views use h.fmtMoney. */
export function fenToYuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const a = Math.abs(fen);
  return `${sign}${Math.floor(a / 100)}.${String(a % 100).padStart(2, '0')}`;
}

export interface StandardLike {
  tier: SubsidyTier;
  effective_from: IsoDate;
  amount_fen: number;
}

/** Each tier's standard in force on `on` (a later row with amount 0 ends a local top-up). */
export function standardsInForce<S extends StandardLike>(rows: readonly S[], on: IsoDate): S[] {
  const latest = new Map<SubsidyTier, S>();
  for (const r of rows) {
    if (r.effective_from > on) continue;
    const cur = latest.get(r.tier);
    if (!cur || r.effective_from > cur.effective_from) latest.set(r.tier, r);
  }
  const order: SubsidyTier[] = ['national', 'provincial', 'local'];
  return [...latest.values()].filter((r) => r.amount_fen > 0).sort((a, b) => order.indexOf(a.tier) - order.indexOf(b.tier));
}

/** The amount per unit in force on a date, or undefined when no standard applies yet. */
export function amountInForce(rows: readonly StandardLike[], on: IsoDate): number | undefined {
  const inForce = standardsInForce(rows, on);
  return inForce.length ? inForce.reduce((s, r) => s + r.amount_fen, 0) : undefined;
}

/** A year's amount for the 公示 list: a monthly standard counts twelve months. */
export function annualAmount(unit: SubsidyUnit, amountFen: number): number {
  return unit === 'per_month' ? amountFen * 12 : amountFen;
}

/** Payment periods: a year ('2025') for yearly and one-off programs, a month ('2025-03') for monthly ones. */
export function periodProblem(unit: SubsidyUnit, period: string): string | undefined {
  if (unit === 'per_month') return /^\d{4}-(0[1-9]|1[0-2])$/.test(period) ? undefined : '按月发放的项目，期间应为月份（如 2026-03）';
  return /^\d{4}$/.test(period) ? undefined : '按年发放的项目，期间应为年份（如 2026）';
}

export function periodStart(period: string): IsoDate {
  return period.length === 4 ? `${period}-01-01` : `${period}-01`;
}

export function periodYear(period: string): number {
  return Number(period.slice(0, 4));
}

export function periodLabel(period: string): string {
  return period.length === 4 ? `${period}年` : `${Number(period.slice(0, 4))}年${Number(period.slice(5, 7))}月`;
}

export type { Rate } from './indicators.ts';

/**
 * 资格确认准确率 (GLOSSARY eligibility_accuracy): approved beneficiaries still eligible by the records / approved
 * × 100. A zero denominator is "—" (value null), never NaN; rounded to two decimals once, at the end.
 */
export function eligibilityAccuracy(stillEligible: number, approved: number): Rate {
  return rate(stillEligible, approved, '%');
}
