/**
 * Formatting for templates, in one place so dates, counts, rates, money and ID numbers look the same on every
 * page (UI.md): 2026-03-15, 2026年3月, 54,799, 97.01%, 2.88‰, 1,234.50, 110105***********X.
 */
import { ACCESS_REASONS } from '../domain/access-reasons.ts';
import * as codes from '../domain/codes.ts';
import { ageOn, chinaDate, dateLabel, monthLabel } from '../domain/dates.ts';
import { maskIdNumber } from '../domain/id-number.ts';
import { auditActionLabel } from '../domain/audit-actions.ts';
import { targetText } from '../domain/assessment.ts';
import { changeLine } from '../domain/audit-changes.ts';

export function fmtDate(v: unknown): string {
  if (v == null || v === '') return '';
  if (v instanceof Date) return chinaDate(v);
  return String(v).slice(0, 10);
}

export function fmtDateTime(v: unknown): string {
  if (!(v instanceof Date)) return v == null ? '' : String(v);
  const shifted = new Date(v.getTime() + 8 * 3600 * 1000).toISOString();
  return `${shifted.slice(0, 10)} ${shifted.slice(11, 16)}`;
}

// One formatter each, made once: Number#toLocaleString builds a new one on every call (it showed in profiles).
const INT = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const YUAN = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

export function fmtInt(n: unknown): string {
  if (n == null || n === '') return '';
  const v = Number(n);
  return Number.isFinite(v) ? INT.format(v) : '';
}

export interface RateLike {
  numerator: number;
  denominator: number;
  value: number | null;
  unit: string;
}

/** '97.01%' / '2.88‰' / '108.33'; a rate over zero is '—', never NaN. */
export function fmtRate(r: RateLike | null | undefined): string {
  if (!r || r.value == null || !Number.isFinite(r.value)) return '—';
  const unit = r.unit === '%' ? '%' : r.unit === '‰' ? '‰' : '';
  return `${r.value.toFixed(2)}${unit}`;
}

/** Fen to yuan with two decimals: 96000 → '960.00'. */
export function fmtMoney(fen: unknown): string {
  if (fen == null || fen === '') return '';
  return YUAN.format(Number(fen) / 100);
}

interface VillageLike {
  code: string;
  label: string;
  name?: string;
  township_name?: string;
}

/**
 * Villages as grouped select options (partials/select: `<optgroup label="乡镇">`, the village's own name inside,
 * so the select's native type-ahead finds it by its first character). `ownTownship` (a township code) marks that
 * township's villages （本乡镇）.
 */
export function villageChoices(villages: VillageLike[], ownTownship?: string): { value: string; label: string; group?: string }[] {
  return villages.map((v) => ({
    value: v.code,
    label: (v.name ?? v.label) + (ownTownship && v.code.startsWith(ownTownship) ? '（本乡镇）' : ''),
    group: v.township_name || undefined,
  }));
}

export const helpers = {
  ...codes,
  maskId: maskIdNumber,
  ACCESS_REASONS,
  auditActionLabel,
  targetText,
  auditChangeLine: changeLine,
  fmtDate,
  fmtDateTime,
  fmtInt,
  fmtRate,
  fmtMoney,
  monthLabel,
  dateLabel,
  ageOn,
  villageChoices,
  /** Build a link keeping the current filters: url('/women', {...query, page: 2}). Empty values are dropped. */
  url(path: string, query: Record<string, unknown> = {}): string {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) {
      if (v === undefined || v === null || v === '') continue;
      params.set(k, String(v));
    }
    const s = params.toString();
    return s ? `${path}?${s}` : path;
  },
};

export type Helpers = typeof helpers;
