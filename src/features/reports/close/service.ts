/**
 * Month close (DESIGN §6): the township supervisor submits a month (refused while the township has E-level
 * data problems, an active village lacks its population figure, or the validation rules find a blocking problem or
 * an unacknowledged warning, with the list of what is missing); the
 * county supervisor accepts it (the lock) or returns it with a comment, and may unlock an accepted month with
 * a reason. Submission stores a snapshot of every figure. Each step is one transaction with its audit row.
 */
import type { Knex } from 'knex';
import type { Actor } from '../../../auth/actor.ts';
import { REPORT_STATUS, type CountyPeriodStatus, type ReportStatus } from '../../../domain/codes.ts';
import { countyMonthHoldsTownships } from '../../../domain/county-month-workflow.ts';
import { chinaDate, monthLabel } from '../../../domain/dates.ts';
import { FIGURE_LABEL } from '../../../domain/figure-labels.ts';
import { countsOf, differences, storedCounts, type FigureDifference } from '../../../domain/indicators.ts';
import { canTransition, monthIsOver, monthPeriod, nextStatus, submissionDeadline, timeliness, transitionRefusal, type CloseAction, type Timeliness } from '../../../domain/report-periods.ts';
import { ValidationError } from '../../../errors.ts';
import { recordAudit } from '../../audit/service.ts';
import { regionInScope, type RegionRow } from '../../regions/service.ts';
import { computeReport, type Report } from '../engine/service.ts';
import { reportJson, type ReportJson } from '../engine/json.ts';
import { validationBlockers } from '../validation/service.ts';
import * as qp from './queries.ts';

/** Which of these township-months are accepted (locked), as "townshipId|YYYY-MM". */
export async function lockedTownshipMonths(db: Knex, pairs: { townshipId: number; month: string }[]): Promise<Set<string>> {
  return qp.acceptedPairs(db, pairs);
}

/**
 * What stops a township from submitting a month, in Chinese (empty: nothing): E-level data problems, villages
 * without their population figure, and the validation rules (blocking findings, unacknowledged warnings).
 */
export async function submissionBlockers(db: Knex, township: RegionRow, month: string): Promise<string[]> {
  const [errors, missing, validation] = await Promise.all([qp.errorFindings(db, township.code), qp.villagesMissingPopulation(db, township.code, month), validationBlockers(db, township, month)]);
  const out: string[] = [];
  if (errors.length) {
    const total = errors.reduce((s, e) => s + e.count, 0);
    out.push(`${township.name}有 ${total} 条数据错误（E级）未处理：${errors.map((e) => `${e.village} ${e.count} 条`).join('、')}。请先在数据质量清单中更正。`);
  }
  if (missing.length) out.push(`以下村(社区)缺少${monthLabel(month)}人口数据：${missing.map((v) => v.name).join('、')}。请先在人口数据页面填报。`);
  out.push(...validation);
  return out;
}

export interface MonthStatus {
  township: { id: number; code: string; name: string };
  month: string;
  status: ReportStatus;
  label: string;
  timeliness: Timeliness;
  deadline: string;
  period: qp.PeriodRow | null;
}

function statusOf(t: { id: number; code: string; name: string }, month: string, period: qp.PeriodRow | null, today: string): MonthStatus {
  const status = period?.status ?? 'open';
  const first = period?.first_submitted_at ? chinaDate(period.first_submitted_at) : null;
  return { township: t, month, status, label: REPORT_STATUS[status], timeliness: timeliness(month, first, today), deadline: submissionDeadline(month), period };
}

export async function townshipMonthStatus(db: Knex, township: RegionRow, month: string, now: Date): Promise<MonthStatus> {
  return statusOf(township, month, (await qp.findPeriod(db, township.id, month)) ?? null, chinaDate(now));
}

/** Every township's status for a month under a region (the county supervisor's overview). */
export async function townshipStatuses(db: Knex, region: RegionRow, month: string, now: Date): Promise<MonthStatus[]> {
  const rows = await qp.townshipStatuses(db, region.code, month);
  return rows.map((r) => statusOf({ id: r.township_id, code: r.code, name: r.name }, month, r.period, chinaDate(now)));
}

async function townshipOf(db: Knex, actor: Actor, code: string): Promise<RegionRow> {
  const region = await regionInScope(db, actor.scope, code);
  if (region.level !== 'township') throw ValidationError.form('月报按乡镇上报和审核：请选择一个乡镇。');
  return region;
}

async function transition(
  db: Knex,
  actor: Actor,
  code: string,
  month: string,
  action: CloseAction,
  now: Date,
  patch: (trx: Knex.Transaction, township: RegionRow) => Promise<Record<string, unknown>>,
  reason?: string,
): Promise<qp.PeriodRow> {
  const township = await townshipOf(db, actor, code);
  return db.transaction(async (trx) => {
    await qp.ensurePeriod(trx, township.id, month);
    const before = (await qp.findPeriod(trx, township.id, month, true))!;
    if (!canTransition(before.status, action)) throw ValidationError.form(transitionRefusal(before.status, action));
    const after = await qp.updatePeriod(trx, before.id, { status: nextStatus(action), ...(await patch(trx, township)) });
    await recordAudit(trx, actor, {
      action: `report.${action}`,
      entity: 'report_period',
      entityId: after.id,
      regionId: township.id,
      before: { township: township.code, month, status: before.status },
      after: { township: township.code, month, status: after.status, comment: after.comment ?? undefined },
      reason: reason ?? null,
    });
    return after;
  });
}

export async function submitMonth(db: Knex, actor: Actor, code: string, month: string, now: Date): Promise<qp.PeriodRow> {
  if (!monthIsOver(month, chinaDate(now))) throw ValidationError.form(`${monthLabel(month)}尚未结束，月末之后才能上报。`);
  return transition(db, actor, code, month, 'submit', now, async (trx, township) => {
    const blockers = await submissionBlockers(trx, township, month);
    if (blockers.length) throw new ValidationError({}, [`${township.name}${monthLabel(month)}报表不能上报：`, ...blockers]);
    const snapshot = reportJson(await computeReport(trx, township, monthPeriod(month)));
    return {
      snapshot: JSON.stringify(snapshot),
      submitted_by: actor.userId || null,
      submitted_at: now,
      first_submitted_at: qp.firstSubmittedAt(trx, now),
      comment: null,
    };
  });
}

export async function acceptMonth(db: Knex, actor: Actor, code: string, month: string, now: Date): Promise<qp.PeriodRow> {
  return transition(db, actor, code, month, 'accept', now, async () => ({ accepted_by: actor.userId || null, accepted_at: now }));
}

export async function returnMonth(db: Knex, actor: Actor, code: string, month: string, comment: string, now: Date): Promise<qp.PeriodRow> {
  if (!comment.trim()) throw ValidationError.field('comment', '请填写退回意见');
  return transition(db, actor, code, month, 'return', now, async () => ({ returned_by: actor.userId || null, returned_at: now, comment: comment.trim() }), comment.trim());
}

export async function unlockMonth(db: Knex, actor: Actor, code: string, month: string, reason: string, now: Date): Promise<qp.PeriodRow> {
  if (!reason.trim()) throw ValidationError.field('reason', '请填写解锁原因');
  // The county's month went up the chain with this township's figures: the region above returns it first.
  const township = await townshipOf(db, actor, code);
  const above = await qp.countyMonthStatusAbove(db, township.id, month);
  if (above && countyMonthHoldsTownships(above as CountyPeriodStatus)) {
    throw ValidationError.form(`本县${monthLabel(month)}月报已${above === 'accepted' ? '被上级接收' : '上报上级'}，乡镇月报不能解锁；需先由上级退回县级月报。`);
  }
  return transition(
    db,
    actor,
    code,
    month,
    'unlock',
    now,
    async () => ({ unlocked_by: actor.userId || null, unlocked_at: now, unlock_reason: reason.trim(), accepted_at: null, comment: `已解锁：${reason.trim()}` }),
    reason.trim(),
  );
}

export interface SnapshotComparison {
  region: { code: string; name: string };
  differences: (FigureDifference & { label: string })[];
}

/**
 * Snapshot vs live for a submitted or accepted month: per row of the live report (villages of a township
 * report; townships of a county report, each against its own snapshot's total) and for the total.
 */
export function compareWithSnapshots(live: Report, snapshots: Map<string, ReportJson>): SnapshotComparison[] {
  const out: SnapshotComparison[] = [];
  const push = (code: string, name: string, snap: Record<string, unknown> | undefined, liveFigures: Report['total']) => {
    if (!snap) return;
    const d = differences(storedCounts(snap), countsOf(liveFigures));
    if (d.length) out.push({ region: { code, name }, differences: d.map((x) => ({ ...x, label: FIGURE_LABEL[x.key] })) });
  };
  if (live.rowLevel === 'village') {
    const snap = snapshots.get(live.region.code);
    if (!snap) return [];
    const byCode = new Map(snap.rows.map((r) => [r.region.code, r.figures]));
    for (const row of live.rows) push(row.region.code, row.region.name, byCode.get(row.region.code) ?? {}, row.figures);
    push(live.region.code, '合计', snap.total.figures, live.total);
  } else {
    for (const row of live.rows) push(row.region.code, row.region.name, snapshots.get(row.region.code)?.total.figures, row.figures);
  }
  return out;
}

/** The stored snapshots of submitted/accepted months among these statuses, by township code. */
export function snapshotsOf(statuses: MonthStatus[]): Map<string, ReportJson> {
  const out = new Map<string, ReportJson>();
  for (const s of statuses) {
    if ((s.status === 'submitted' || s.status === 'accepted') && s.period?.snapshot) out.set(s.township.code, s.period.snapshot as ReportJson);
  }
  return out;
}

/**
 * The stored figures of every submitted or accepted township-month under a region, months from..to (YYYY-MM):
 * what the month went up with (the 考核 board's 12-month trend reads these instead of recomputing 12 reports).
 */
export async function submittedMonthFigures(db: Knex, prefix: string, fromMonth: string, toMonth: string): Promise<{ code: string; month: string; figures: Record<string, unknown> }[]> {
  const rows = await qp.monthSnapshots(db, prefix, fromMonth, toMonth);
  return rows.filter((r) => (r.status === 'submitted' || r.status === 'accepted') && r.snapshot).map((r) => ({ code: r.code, month: r.month, figures: (r.snapshot as ReportJson).total.figures }));
}
