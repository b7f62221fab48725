/**
 * Follow-ups after a service or an event (GLOSSARY "follow-up level"; domain-notes §3.2; seed 002 L15–L17): the
 * schedules are data (follow_up_schedules: the service rows seeded in seeds/reference.ts, the event rows —
 * 新婚, 怀孕, 产后, 药具 — by migration 20261208000100), this file turns one service or event into its follow-ups
 * and says where a follow-up stands on a date. Pure: no I/O, "today" is passed in.
 */
import { addDays, addMonths, monthEnd, monthOf, type IsoDate } from './dates.ts';
import { quarterEnd, quarterOf, quarterStart } from './check-rounds.ts';
import type { FollowUpLevel, FollowUpTrigger } from './codes.ts';

export interface ScheduleEntry {
  id?: number;
  /** What the entry follows; 'service' (the default) with service_kind, else an event of her life. */
  trigger?: FollowUpTrigger;
  service_kind: string | null;
  months_after: number;
  /** Days added after the months (0 on the service rows; 42 for 产后). */
  days_after?: number;
  level: FollowUpLevel;
  /** Only after a service with a serious complication (the county station's visit). */
  serious_complication_only: boolean;
  active?: boolean;
}

/** An event of her life that schedules follow-ups: the marriage, the pregnancy's registration, the birth. */
export interface LifeEvent {
  trigger: Exclude<FollowUpTrigger, 'service' | 'supply_user'>;
  on: IsoDate;
}

export interface PlannedEventFollowUp {
  schedule_id: number | undefined;
  trigger: FollowUpTrigger;
  /** The event's date (for 药具: the quarter's first day): with the entry, what makes the follow-up once only. */
  trigger_on: IsoDate;
  level: FollowUpLevel;
  due_on: IsoDate;
}

export interface ServiceForSchedule {
  kind: string;
  performed_on: IsoDate;
  /** A serious complication (严重副作用/并发症) was recorded. */
  serious: boolean;
}

export interface PlannedFollowUp {
  schedule_id?: number;
  level: FollowUpLevel;
  months_after: number;
  due_on: IsoDate;
}

const LEVEL_ORDER: Record<string, number> = { village: 0, township: 1, county: 2 };

/**
 * The follow-ups one service calls for: every active schedule entry of its kind (the serious-complication ones
 * only when it had one), due `months_after` calendar months after the service, clamped to the month's last day
 * (an insertion on 01-31 is followed up on 02-28). Sorted by date, then level; duplicates collapse.
 */
export function planFollowUps(service: ServiceForSchedule, schedules: readonly ScheduleEntry[]): PlannedFollowUp[] {
  const seen = new Set<string>();
  const out: PlannedFollowUp[] = [];
  for (const s of schedules) {
    if ((s.trigger ?? 'service') !== 'service' || s.service_kind !== service.kind || s.active === false) continue;
    if (s.serious_complication_only && !service.serious) continue;
    const due_on = dueAfter(service.performed_on, s);
    const key = `${s.level}|${due_on}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ schedule_id: s.id, level: s.level, months_after: s.months_after, due_on });
  }
  return out.sort(byDateThenLevel);
}

/** The due date of an entry's follow-up after `on`: the months first (clamped to the month's end), then the days. */
export function dueAfter(on: IsoDate, s: Pick<ScheduleEntry, 'months_after' | 'days_after'>): IsoDate {
  return addDays(addMonths(on, s.months_after), s.days_after ?? 0);
}

const byDateThenLevel = (a: { due_on: IsoDate; level: string }, b: { due_on: IsoDate; level: string }) =>
  a.due_on < b.due_on ? -1 : a.due_on > b.due_on ? 1 : (LEVEL_ORDER[a.level] ?? 9) - (LEVEL_ORDER[b.level] ?? 9);

/** A visit due this many days before the event is entered is not made (a child of 2010 typed onto a card today). */
export const STALE_FOLLOW_UP_DAYS = 90;

/**
 * The follow-ups one event calls for (新婚 after a marriage, 怀孕 after a registered pregnancy, 产后 after a
 * birth — 42 days on the seeded row): every active entry of its trigger, due `months_after` months and
 * `days_after` days after the event, except those due more than STALE_FOLLOW_UP_DAYS before `today` (the day the
 * event is entered: an old event typed in late calls for no visit). Sorted by date, then level.
 */
export function planEventFollowUps(event: LifeEvent, schedules: readonly ScheduleEntry[], today: IsoDate): PlannedEventFollowUp[] {
  const oldest = addDays(today, -STALE_FOLLOW_UP_DAYS);
  return schedules
    .filter((s) => s.trigger === event.trigger && s.active !== false)
    .map((s) => ({ schedule_id: s.id, trigger: event.trigger, trigger_on: event.on, level: s.level, due_on: dueAfter(event.on, s) }))
    .filter((p) => p.due_on >= oldest)
    .sort(byDateThenLevel);
}

/**
 * The quarterly follow-ups of a woman using a short-acting method (药具, seed 002): one per active 'supply_user'
 * entry for the quarter holding `day`, due at the quarter's end (plus the entry's offset, 0 when seeded);
 * trigger_on is the quarter's first day, so a second run in the same quarter plans the same rows.
 */
export function planQuarterFollowUps(day: IsoDate, schedules: readonly ScheduleEntry[]): PlannedEventFollowUp[] {
  const q = quarterOf(day);
  return schedules
    .filter((s) => s.trigger === 'supply_user' && s.active !== false)
    .map((s) => ({ schedule_id: s.id, trigger: 'supply_user' as const, trigger_on: quarterStart(q), level: s.level, due_on: dueAfter(quarterEnd(q), s) }))
    .sort(byDateThenLevel);
}

/**
 * A schedule entry as the admin screen enters it: a service entry names its service (and may be for serious
 * complications only); an event entry names none; the offset is at most ten years. Field → message.
 */
export function scheduleEntryProblems(e: Pick<ScheduleEntry, 'trigger' | 'service_kind' | 'months_after' | 'days_after' | 'serious_complication_only'>): Record<string, string> {
  const out: Record<string, string> = {};
  const trigger = e.trigger ?? 'service';
  if (trigger === 'service' && !e.service_kind) out.service_kind = '触发为“手术”时请选择服务项目';
  if (trigger !== 'service' && e.service_kind) out.service_kind = '仅触发为“手术”时选择服务项目';
  if (trigger !== 'service' && e.serious_complication_only) out.serious_complication_only = '仅手术后的严重并发症随访可勾选此项';
  if (e.months_after < 0 || e.months_after > 120) out.months_after = '月数应在 0–120 之间';
  if ((e.days_after ?? 0) < 0 || (e.days_after ?? 0) > 3660) out.days_after = '天数应在 0–3660 之间';
  return out;
}

/**
 * The follow-up level an office does itself (seed 002): the county station the county's, the township office
 * the township's, a village (the village role) the village's — the count its home panel puts first.
 */
export function followUpLevelOf(scopeLevel: string): FollowUpLevel {
  return scopeLevel === 'county' ? 'county' : scopeLevel === 'township' ? 'township' : 'village';
}

export type FollowUpStatus = 'done' | 'overdue' | 'due' | 'upcoming';

/**
 * Where a follow-up stands on `today`: done once a date is recorded; overdue the day after its due date;
 * "due" when it falls between today and the end of this month (this month's work order); upcoming after that.
 */
export function followUpStatus(f: { due_on: IsoDate; done_on?: IsoDate | null }, today: IsoDate): FollowUpStatus {
  if (f.done_on) return 'done';
  if (f.due_on < today) return 'overdue';
  if (f.due_on <= monthEnd(monthOf(today))) return 'due';
  return 'upcoming';
}

/** Days past the due date (0 when not overdue). */
export function daysOverdue(f: { due_on: IsoDate; done_on?: IsoDate | null }, today: IsoDate): number {
  if (f.done_on || f.due_on >= today) return 0;
  return Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${f.due_on}T00:00:00Z`)) / 86400000);
}

/** A follow-up cannot be done before the service it follows, nor in the future. */
export function doneDateProblem(doneOn: IsoDate, serviceDate: IsoDate | null, today: IsoDate): string | undefined {
  if (doneOn > today) return '随访日期不能晚于今天';
  if (serviceDate && doneOn < serviceDate) return `随访日期不能早于服务日期 ${serviceDate}`;
  return undefined;
}
