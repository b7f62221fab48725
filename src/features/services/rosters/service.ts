/**
 * Rosters (花名册, DESIGN §6; domain-notes §2.6), each printable per village:
 *   应措花名册     who should adopt a measure, with the month's 增补 and 核减 against the previous month-end;
 *   双查名单       the due list of this quarter's double-check round(s);
 *   随访名单       follow-ups due by the end of the month, overdue ones included;
 *   到期取环名单   IUDs and implants due for removal by the end of the month (?due=month: due in the month;
 *                  ?due=overdue: due before it and not taken out, 未按期取出).
 * (The exception list, /rosters/exceptions, belongs to the register.)
 */
import type { Knex } from 'knex';
import type { Scope } from '../../../auth/actor.ts';
import { addDays, addMonthsToMonth, minDate, monthEnd, monthOf, monthStart, type IsoDate } from '../../../domain/dates.ts';
import { adoptReason, leaveReason, rosterChanges } from '../../../domain/rosters.ts';
import * as q from './queries.ts';
import type { RosterPerson } from './queries.ts';

export type { RemovalDueRow } from './queries.ts';

export interface RosterMonth {
  month: string;
  /** The previous month-end: the roster the month is compared with. */
  before: IsoDate;
  /** The day the roster is drawn up for: the month's end, or today in the current month. */
  on: IsoDate;
  start: IsoDate;
  end: IsoDate;
}

export function rosterMonth(month: string | undefined, today: IsoDate): RosterMonth {
  const m = month ?? monthOf(today);
  const end = monthEnd(m);
  return { month: m, before: monthEnd(addMonthsToMonth(m, -1)), on: minDate(end, today), start: monthStart(m), end };
}

export type RosterEntry = RosterPerson & { reason: string };

export interface ShouldAdoptRoster extends RosterMonth {
  total: number;
  /** Members on `on` (a page of them, or all when no page is asked for). */
  members: RosterEntry[];
  added: RosterEntry[];
  removed: RosterEntry[];
}

/** The 应措花名册 of a month: members on the day, and 增补 / 核减 since the previous month-end. */
export async function shouldAdoptRoster(db: Knex, scope: Scope, f: { month?: string; village?: string }, today: IsoDate, page?: { limit: number; offset: number }): Promise<ShouldAdoptRoster> {
  const m = rosterMonth(f.month, today);
  const now = await q.shouldAdoptMembers(db, scope, m.on, f.village);
  const before = await q.shouldAdoptMembers(db, scope, m.before, f.village);
  const { added, removed } = rosterChanges(
    before.map((x) => x.id),
    now.map((x) => x.id),
  );
  const all = await q.personsOf(db, now);
  const shown = page ? all.slice(page.offset, page.offset + page.limit) : all;
  const addedSet = new Set(added);
  const removedSet = new Set(removed);
  const removedPersons = await q.personsOf(
    db,
    before.filter((x) => removedSet.has(x.id)),
  );
  const facts = await q.rosterFacts(db, [...new Set([...shown.map((p) => p.id), ...added, ...removed])]);
  const villageOn = await q.villagesOn(db, removed, m.on);
  return {
    ...m,
    total: all.length,
    members: shown.map((p) => ({ ...p, reason: adoptReason(facts.get(p.id)!, m.on) })),
    added: all.filter((p) => addedSet.has(p.id)).map((p) => ({ ...p, reason: adoptReason(facts.get(p.id)!, m.on) })),
    removed: removedPersons.map((p) => ({ ...p, reason: leaveReason(facts.get(p.id)!, m.on, villageOn.get(p.id) !== p.village_id) })),
  };
}

/** Just the counts (home panel): members now, 增补 and 核减 this month. */
export async function shouldAdoptCounts(db: Knex, scope: Scope, today: IsoDate): Promise<{ total: number; added: number; removed: number; month: string }> {
  const m = rosterMonth(undefined, today);
  // Side by side: this is on every township home page, and each is a pass over the township's married women.
  const [now, before] = await Promise.all([q.shouldAdoptMembers(db, scope, m.on), q.shouldAdoptMembers(db, scope, m.before)]);
  const { added, removed } = rosterChanges(
    before.map((x) => x.id),
    now.map((x) => x.id),
  );
  return { total: now.length, added: added.length, removed: removed.length, month: m.month };
}

/**
 * The numbers on the home page: open removals due this month, and overdue ones (due before this month, not
 * taken out, she is still on the register) — two numbers, since a device overdue for years is not "due this
 * month" and a clerk plans the two differently.
 */
export async function removalsDueCount(db: Knex, scope: Scope, today: IsoDate): Promise<{ dueInMonth: number; overdue: number }> {
  const m = rosterMonth(undefined, today);
  return q.countRemovalsDue(db, scope, m.end, m.start);
}

/** Which removals the roster lists: `month` due in the month, `overdue` due before it, none: both. */
export type RemovalsDueFilter = 'month' | 'overdue';

export async function removalsRoster(db: Knex, scope: Scope, f: { month?: string; village?: string; due?: RemovalsDueFilter }, today: IsoDate) {
  const m = rosterMonth(f.month, today);
  const by = f.due === 'overdue' ? addDays(m.start, -1) : m.end;
  const from = f.due === 'month' ? m.start : undefined;
  return { ...m, due: f.due, rows: await q.removalsDue(db, scope, by, f.village, undefined, from) };
}
