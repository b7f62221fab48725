/**
 * Calendar dates as 'YYYY-MM-DD' strings in China time (DESIGN §13). Pure: "now" is always passed in, so tests
 * and the nightly job control the clock.
 */
export type IsoDate = string;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The China calendar date of an instant (Asia/Shanghai has no DST: UTC+8 all year). */
export function chinaDate(now: Date): IsoDate {
  const shifted = new Date(now.getTime() + 8 * 60 * 60 * 1000);
  return shifted.toISOString().slice(0, 10);
}

/** Is s a real calendar date written YYYY-MM-DD (2026-02-30 is not)? */
export function isIsoDate(s: string): boolean {
  const m = ISO_DATE.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

/**
 * A date typed the way clerks copy it from paper (issue 14), the one parser behind every date field and import
 * column: 2021-05-01, 2021.5.1, 2021/5/1, 20210501 and 2021年5月1日 (日 optional). Full-width digits and
 * punctuation are folded (NFKC) and the ideographic full stop of a Chinese input method (2021。5。1) counts as a
 * dot; month and day take one or two digits; spaces around the separators are allowed. The zero-padded ISO
 * date comes back only for a real calendar date (2021-02-30 is refused); anything else is undefined, never a throw.
 */
const TYPED_SEPARATED = /^(\d{4})\s*([-./])\s*(\d{1,2})\s*\2\s*(\d{1,2})$/;
const TYPED_CHINESE = /^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?$/;
const TYPED_COMPACT = /^(\d{4})(\d{2})(\d{2})$/;

export function parseTypedDate(s: string): IsoDate | undefined {
  if (s.length > 40) return undefined;
  const t = s
    .normalize('NFKC')
    .replace(/\u3002/g, '.')
    .trim();
  const m = TYPED_SEPARATED.exec(t);
  const [y, mo, d] = m ? [m[1], m[3], m[4]] : ((TYPED_CHINESE.exec(t) ?? TYPED_COMPACT.exec(t))?.slice(1) ?? []);
  if (y === undefined || mo === undefined || d === undefined) return undefined;
  const iso = `${y}-${mo.padStart(2, '0')}-${d.padStart(2, '0')}`;
  // The same calendar check as strict ISO, so an ISO spelling is accepted or refused exactly as before.
  return isIsoDate(iso) ? iso : undefined;
}

function parts(d: IsoDate): [number, number, number] {
  return [Number(d.slice(0, 4)), Number(d.slice(5, 7)), Number(d.slice(8, 10))];
}

function fromUtc(ms: number): IsoDate {
  return new Date(ms).toISOString().slice(0, 10);
}

export function toUtcMs(d: IsoDate): number {
  const [y, m, day] = parts(d);
  return Date.UTC(y, m - 1, day);
}

/** Whole years completed on `on` by someone born on `birth`. */
export function ageOn(birth: IsoDate, on: IsoDate): number {
  const [by, bm, bd] = parts(birth);
  const [y, m, d] = parts(on);
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

export function addDays(d: IsoDate, days: number): IsoDate {
  return fromUtc(toUtcMs(d) + days * 86400000);
}

/** Add calendar months, clamping to the month's last day (2026-01-31 + 1 month = 2026-02-28). */
export function addMonths(d: IsoDate, months: number): IsoDate {
  const [y, m, day] = parts(d);
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  return fromUtc(Date.UTC(target.getUTCFullYear(), target.getUTCMonth(), Math.min(day, last)));
}

export function addYears(d: IsoDate, years: number): IsoDate {
  return addMonths(d, years * 12);
}

export function daysBetween(from: IsoDate, to: IsoDate): number {
  return Math.round((toUtcMs(to) - toUtcMs(from)) / 86400000);
}

/** 'YYYY-MM' of a date. */
export function monthOf(d: IsoDate): string {
  return d.slice(0, 7);
}

export function isMonth(s: string): boolean {
  return /^\d{4}-(0[1-9]|1[0-2])$/.test(s);
}

export function monthStart(month: string): IsoDate {
  return `${month}-01`;
}

export function monthEnd(month: string): IsoDate {
  return addDays(addMonths(monthStart(month), 1), -1);
}

export function addMonthsToMonth(month: string, n: number): string {
  return monthOf(addMonths(monthStart(month), n));
}

/** A range of days, both ends included. */
export interface DateRange {
  from: IsoDate;
  to: IsoDate;
}

/** The range is one calendar month, first day to last. */
export function isCalendarMonth(r: DateRange): boolean {
  return r.from === monthStart(monthOf(r.to)) && r.to === monthEnd(monthOf(r.to));
}

/** A range cut into its whole calendar months and the days at its ragged ends (none, one or two ranges). */
export function wholeMonthsOf(r: DateRange): { months?: DateRange; days: DateRange[] } {
  const first = r.from === monthStart(monthOf(r.from)) ? r.from : monthStart(addMonthsToMonth(monthOf(r.from), 1));
  const last = r.to === monthEnd(monthOf(r.to)) ? r.to : addDays(monthStart(monthOf(r.to)), -1);
  if (first > last) return { days: [r] };
  const days = [...(r.from < first ? [{ from: r.from, to: addDays(first, -1) }] : []), ...(last < r.to ? [{ from: addDays(last, 1), to: r.to }] : [])];
  return { months: { from: first, to: last }, days };
}

/** '2026年3月' */
export function monthLabel(month: string): string {
  return `${Number(month.slice(0, 4))}年${Number(month.slice(5, 7))}月`;
}

/** '2026年1月1日' */
export function dateLabel(d: IsoDate): string {
  const [y, m, day] = parts(d);
  return `${y}年${m}月${day}日`;
}

export function minDate(a: IsoDate, b: IsoDate): IsoDate {
  return a < b ? a : b;
}

export function maxDate(a: IsoDate, b: IsoDate): IsoDate {
  return a > b ? a : b;
}
