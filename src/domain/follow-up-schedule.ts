/**
 * Follow-ups after a service (GLOSSARY "follow-up level"; domain-notes §3.2): the schedules are data
 * (follow_up_schedules, seeded in seeds/reference.ts), this file turns one service into its follow-ups and
 * says where a follow-up stands on a date. Pure: no I/O, "today" is passed in.
 */
import { addMonths, monthEnd, monthOf, type IsoDate } from './dates.ts';
import type { FollowUpLevel } from './codes.ts';

export interface ScheduleEntry {
  service_kind: string;
  months_after: number;
  level: FollowUpLevel;
  /** Only after a service with a serious complication (the county station's visit). */
  serious_complication_only: boolean;
  active?: boolean;
}

export interface ServiceForSchedule {
  kind: string;
  performed_on: IsoDate;
  /** A serious complication (严重副作用/并发症) was recorded. */
  serious: boolean;
}

export interface PlannedFollowUp {
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
    if (s.service_kind !== service.kind || s.active === false) continue;
    if (s.serious_complication_only && !service.serious) continue;
    const due_on = addMonths(service.performed_on, s.months_after);
    const key = `${s.level}|${due_on}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ level: s.level, months_after: s.months_after, due_on });
  }
  return out.sort((a, b) => (a.due_on < b.due_on ? -1 : a.due_on > b.due_on ? 1 : (LEVEL_ORDER[a.level] ?? 9) - (LEVEL_ORDER[b.level] ?? 9)));
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
