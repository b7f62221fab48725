/**
 * Report periods and month close, as pure rules: which dates a month, a statistical year (1 Oct – 30 Sep) or
 * half-year (1 Oct – 31 Mar) covers, how the period is named in words, the submission deadline (the 5th of the
 * next month) and which month-close action is allowed from which status.
 */
import type { ReportStatus } from './codes.ts';
import { addMonthsToMonth, dateLabel, monthEnd, monthOf, monthStart, type IsoDate } from './dates.ts';

export interface Period {
  from: IsoDate;
  to: IsoDate;
}

export function monthPeriod(month: string): Period {
  return { from: monthStart(month), to: monthEnd(month) };
}

/** Statistical year `year` runs 1 Oct (year − 1) to 30 Sep (year); its half-year ends 31 Mar (year). */
export function statisticalPeriod(year: number, half: boolean): Period {
  return { from: `${year - 1}-10-01`, to: half ? `${year}-03-31` : `${year}-09-30` };
}

/** The statistical year a date belongs to (October starts the next one). */
export function statisticalYearOf(d: IsoDate): number {
  const y = Number(d.slice(0, 4));
  return Number(d.slice(5, 7)) >= 10 ? y + 1 : y;
}

/** The month before the one `today` falls in: the default month of the monthly report. */
export function lastMonth(today: IsoDate): string {
  return addMonthsToMonth(monthOf(today), -1);
}

/** "2026年1月1日至2026年5月31日" */
export function periodWords(p: Period): string {
  return p.from === p.to ? dateLabel(p.from) : `${dateLabel(p.from)}至${dateLabel(p.to)}`;
}

/** Months (YYYY-MM) from the month of `from` to the month of `to`, inclusive. */
export function monthsBetween(from: IsoDate, to: IsoDate): string[] {
  const out: string[] = [];
  for (let m = monthOf(from); m <= monthOf(to); m = addMonthsToMonth(m, 1)) out.push(m);
  return out;
}

/** A month's report is due by the 5th of the next month (the banner of every official form). */
export function submissionDeadline(month: string): IsoDate {
  return `${addMonthsToMonth(month, 1)}-05`;
}

export type Timeliness = 'on_time' | 'late' | 'missing' | 'pending';

export const TIMELINESS_LABEL: Record<Timeliness, string> = {
  on_time: '按时上报',
  late: '逾期上报',
  missing: '逾期未报',
  pending: '待上报',
};

/**
 * On time / late for a month that was submitted (judged by the first submission), missing when nothing was
 * submitted by the deadline, pending before the deadline.
 */
export function timeliness(month: string, firstSubmittedOn: IsoDate | null, today: IsoDate): Timeliness {
  const deadline = submissionDeadline(month);
  if (firstSubmittedOn) return firstSubmittedOn <= deadline ? 'on_time' : 'late';
  return today > deadline ? 'missing' : 'pending';
}

export type CloseAction = 'submit' | 'accept' | 'return' | 'unlock';

const ALLOWED_FROM: Record<CloseAction, readonly ReportStatus[]> = {
  submit: ['open', 'returned'],
  accept: ['submitted'],
  return: ['submitted'],
  unlock: ['accepted'],
};

const TARGET: Record<CloseAction, ReportStatus> = {
  submit: 'submitted',
  accept: 'accepted',
  return: 'returned',
  // Unlocking hands the month back to the township with the reason, like a return: it fixes and resubmits.
  unlock: 'returned',
};

export function canTransition(status: ReportStatus, action: CloseAction): boolean {
  return ALLOWED_FROM[action].includes(status);
}

export function nextStatus(action: CloseAction): ReportStatus {
  return TARGET[action];
}

/** Why an action is refused from a status, in Chinese. */
export function transitionRefusal(status: ReportStatus, action: CloseAction): string {
  const label: Record<ReportStatus, string> = { open: '未上报', submitted: '已上报', accepted: '已审核(锁定)', returned: '已退回' };
  const what: Record<CloseAction, string> = { submit: '上报', accept: '审核通过', return: '退回', unlock: '解锁' };
  return `本月报表当前状态为“${label[status]}”，不能${what[action]}。`;
}

/** A month can be submitted only once it is over. */
export function monthIsOver(month: string, today: IsoDate): boolean {
  return monthEnd(month) < today;
}
