/**
 * Calendar days as integers (days since 1970-01-01) for the generator: a woman's life is a few dozen date
 * comparisons and additions, and 100,000 women make millions of them, so strings are made only when rows are
 * written. The conversions agree with src/domain/dates.ts (UTC calendar arithmetic, no zone involved).
 */
import { addMonths, type IsoDate } from '../../src/domain/dates.ts';

export type Day = number;

const MS = 86_400_000;
const isoCache = new Map<Day, IsoDate>();

export function dayOf(iso: IsoDate): Day {
  return Math.round(Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / MS);
}

export function isoOf(day: Day): IsoDate {
  let s = isoCache.get(day);
  if (s === undefined) {
    s = new Date(day * MS).toISOString().slice(0, 10);
    isoCache.set(day, s);
  }
  return s;
}

/**
 * The day someone born on `birth` turns `years` old. A 29 February birthday falls on 1 March in other years,
 * so ageOn() (src/domain/dates.ts) agrees: on the returned day the age is exactly `years`, never one less.
 */
export function birthday(birth: Day, years: number): Day {
  const d = new Date(birth * MS);
  const y = d.getUTCFullYear() + years;
  const m = d.getUTCMonth();
  const dd = d.getUTCDate();
  const t = Date.UTC(y, m, dd);
  const back = new Date(t);
  // Date.UTC rolls 29 Feb into 1 Mar by itself in a non-leap year: exactly the day we want.
  return back.getUTCMonth() === m ? Math.round(t / MS) : Math.round(Date.UTC(y, m + 1, 1) / MS);
}

/** Whole years completed on `on` (the same answer as ageOn in src/domain/dates.ts). */
export function ageAt(birth: Day, on: Day): number {
  const b = new Date(birth * MS);
  const o = new Date(on * MS);
  let age = o.getUTCFullYear() - b.getUTCFullYear();
  if (o.getUTCMonth() < b.getUTCMonth() || (o.getUTCMonth() === b.getUTCMonth() && o.getUTCDate() < b.getUTCDate())) age -= 1;
  return age;
}

/** Calendar months (clamped to the month's last day), as the follow-up schedules count them. */
export function plusMonths(day: Day, months: number): Day {
  return dayOf(addMonths(isoOf(day), months));
}

export function yearOf(day: Day): number {
  return new Date(day * MS).getUTCFullYear();
}

/** First day of the month containing `day`. */
export function monthStartOf(day: Day): Day {
  const d = new Date(day * MS);
  return Math.round(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1) / MS);
}

/** 'YYYY-MM' → index counted in months since 1970-01, and back: population figures are kept per month. */
export function monthIndex(day: Day): number {
  const d = new Date(day * MS);
  return d.getUTCFullYear() * 12 + d.getUTCMonth();
}

export function monthIndexStart(index: number): Day {
  return Math.round(Date.UTC(Math.floor(index / 12), index % 12, 1) / MS);
}

/** A timestamp for created_at: the day, at a working hour in China time. */
export function stamp(day: Day, hour = 10): string {
  return `${isoOf(day)}T${String(hour).padStart(2, '0')}:00:00+08:00`;
}

/**
 * A moment in China time, as minutes since 1970-01-01 00:00 +08:00: when a row was entered (created_at,
 * updated_at) and the steps of month close. Numbers compare and add cheaply; text is made when rows are written.
 */
export type Instant = number;

export const DAY_MINUTES = 1440;

export function at(day: Day, hour: number, minute = 0): Instant {
  return day * DAY_MINUTES + hour * 60 + minute;
}

export function dayOfInstant(i: Instant): Day {
  return Math.floor(i / DAY_MINUTES);
}

/** '2026-03-15T09:41:00+08:00' */
export function stampOf(i: Instant): string {
  const day = dayOfInstant(i);
  const m = i - day * DAY_MINUTES;
  return `${isoOf(day)}T${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}:00+08:00`;
}

/** The same moment as a Date (for services that take `now`). */
export function dateOfInstant(i: Instant): Date {
  return new Date((i - 8 * 60) * 60_000);
}

export const YEAR = 365;
