/**
 * Follow-ups (随访): the due and overdue lists by level and village, and marking one done (date, result and who).
 * A follow-up belongs to the woman's current village for the lists and for scope.
 */
import type { Knex } from 'knex';
import type { Actor, Scope } from '../../../auth/actor.ts';
import { chinaDate, type IsoDate } from '../../../domain/dates.ts';
import { doneDateProblem, followUpStatus, type FollowUpStatus } from '../../../domain/follow-up-schedule.ts';
import { can } from '../../../domain/permissions.ts';
import { ForbiddenError, NotFoundError, ValidationError } from '../../../errors.ts';
import { recordAudit } from '../../audit/service.ts';
import { canRecordServices } from '../record/service.ts';
import { FOLLOW_UP_MESSAGES as M } from './messages.ts';
import * as q from './queries.ts';
import type { FollowUpListRow, FollowUpRow } from './queries.ts';
import type { FollowUpDoneValues } from './schemas.ts';

export type { FollowUpQuery, FollowUpStatusFilter } from './queries.ts';

export type FollowUpView = FollowUpListRow & { state: FollowUpStatus };

const withState =
  (today: IsoDate) =>
  (r: FollowUpListRow): FollowUpView => ({ ...r, state: followUpStatus(r, today) });

export async function searchFollowUps(
  db: Knex,
  scope: Scope,
  f: q.FollowUpQuery,
  today: IsoDate,
  page?: { limit: number; offset: number; sort?: string; dir?: 'asc' | 'desc' },
): Promise<{ rows: FollowUpView[]; total: number }> {
  const { rows, total } = await q.listFollowUps(db, scope, f, today, page);
  return { rows: rows.map(withState(today)), total };
}

export interface FollowUpSummary {
  byLevel: { level: string; overdue: number; due: number }[];
  overdue: number;
  due: number;
}

export async function followUpSummary(db: Knex, scope: Scope, today: IsoDate, village?: string): Promise<FollowUpSummary> {
  const byLevel = await q.pendingCounts(db, scope, today, village);
  const order = ['village', 'township', 'county'];
  byLevel.sort((a, b) => order.indexOf(a.level) - order.indexOf(b.level));
  return { byLevel, overdue: byLevel.reduce((s, r) => s + r.overdue, 0), due: byLevel.reduce((s, r) => s + r.due, 0) };
}

export async function getFollowUp(db: Knex, scope: Scope, id: number, today: IsoDate): Promise<FollowUpView> {
  const row = await q.followUpInScope(db, scope, id);
  if (!row) throw new NotFoundError(M.notFoundFollowUp);
  return withState(today)(row);
}

/** POST /follow-ups/:id/done — the visit happened on done_on with this result (parsed with FollowUpDoneForm); done_by is the actor. */
export async function completeFollowUp(
  db: Knex,
  actor: Actor,
  id: number,
  v: FollowUpDoneValues,
  opts: { today?: IsoDate } = {},
): Promise<{ followUp: FollowUpRow; womanName: string; womanId: number }> {
  // A village worker records the visits of her village (network.visit), nothing else of services.write.
  if (!canRecordServices(actor) && !can(actor, 'network.visit')) throw new ForbiddenError('您的角色不能登记随访。');
  const today = opts.today ?? chinaDate(new Date());
  return db.transaction(async (trx) => {
    const row = await q.followUpInScope(trx, actor.scope, id, true);
    if (!row) throw new NotFoundError(M.notFoundFollowUp);
    if (row.done_on) throw ValidationError.form(`该随访已于 ${row.done_on} 登记完成（${row.done_by_name ?? '—'}）`);
    if (row.woman_status !== 'active') throw ValidationError.form(`${row.woman_name} 已出队，信息卡只读，不能登记随访。`);
    const problem = doneDateProblem(v.done_on, row.performed_on, today);
    if (problem) throw ValidationError.field('done_on', problem);
    const updated = await q.markFollowUpDone(trx, id, {
      done_on: v.done_on,
      result: v.result,
      note: v.note ?? null,
      satisfaction: v.satisfaction ?? null,
      satisfaction_note: v.satisfaction_note ?? null,
      done_by: actor.userId || null,
    });
    await recordAudit(trx, actor, {
      action: 'follow_up.done',
      entity: 'woman',
      entityId: row.woman_id,
      regionId: row.village_id,
      after: { follow_up_id: id, level: row.level, due_on: row.due_on, done_on: v.done_on, result: v.result, satisfaction: v.satisfaction ?? null },
    });
    return { followUp: updated, womanName: row.woman_name, womanId: row.woman_id };
  });
}
