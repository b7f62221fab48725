/**
 * A village worker's reported events (issue 16 §1): she reports what happened in her village — 孕情, 出生, 迁入/流入,
 * 迁出/流出, 结婚, 死亡 — about a woman of her village's register (an arrival: a newcomer by name and ID number);
 * the township confirms it into the register (confirm-queue) or returns it. Each report is one row and its audit
 * row, in one transaction.
 */
import type { Knex } from 'knex';
import type { Actor, Scope } from '../../../auth/actor.ts';
import type { ReportedEventStatus } from '../../../domain/codes.ts';
import type { IsoDate } from '../../../domain/dates.ts';
import { normalizeIdNumber } from '../../../domain/id-number.ts';
import { can } from '../../../domain/permissions.ts';
import { reportProblems } from '../../../domain/reported-events.ts';
import { ForbiddenError, NotFoundError, ValidationError } from '../../../errors.ts';
import { recordAudit } from '../../audit/service.ts';
import * as q from './queries.ts';
import type { ReportValues } from './schemas.ts';

export type { PickableWoman, ReportRow } from './queries.ts';

export const NOT_FOUND_REPORT = '未找到该上报，或不在您的管辖范围内。';

/** Women of the caller's villages to pick from (at most 50; a name narrows them). */
export async function pickableWomen(db: Knex, scope: Scope, name: string | undefined) {
  return q.pickableWomen(db, scope, name, 50);
}

export async function reportEvent(db: Knex, actor: Actor, v: ReportValues, opts: { today: IsoDate }): Promise<{ id: number }> {
  if (!can(actor, 'network.report')) throw new ForbiddenError('只有村计生专干可以上报。');
  const problems = reportProblems(v, opts.today);
  if (Object.keys(problems).length > 0) throw new ValidationError(problems);
  return db.transaction(async (trx) => {
    let regionId = actor.regionId;
    let womanId: number | null = null;
    if (v.kind !== 'arrival') {
      const woman = await q.womanInScope(trx, actor.scope, v.woman_id!);
      if (!woman) throw ValidationError.field('woman_id', '请从本村花名册中选择妇女（在册的）');
      regionId = woman.region_id;
      womanId = woman.id;
    }
    const row = await q.insertReport(trx, {
      kind: v.kind,
      region_id: regionId,
      woman_id: womanId,
      person_name: v.kind === 'arrival' ? v.person_name! : null,
      id_number: v.kind === 'arrival' ? normalizeIdNumber(v.id_number!) : null,
      event_date: v.event_date,
      lmp_date: v.kind === 'pregnancy' ? (v.lmp_date ?? null) : null,
      child_sex: v.kind === 'birth' ? v.child_sex! : null,
      destination: v.kind === 'departure' ? v.destination! : null,
      note: v.note ?? null,
      reported_by: actor.userId,
    });
    await recordAudit(trx, actor, {
      action: 'reported_event.create',
      entity: womanId ? 'woman' : 'reported_event',
      entityId: womanId ?? row.id,
      regionId,
      after: { report_id: row.id, kind: v.kind, event_date: v.event_date },
    });
    return row;
  });
}

export async function getReport(db: Knex, scope: Scope, id: number): Promise<q.ReportRow> {
  const row = await q.reportById(db, scope, id);
  if (!row) throw new NotFoundError(NOT_FOUND_REPORT);
  return row;
}

/** The village's own reports, newest first (the monthly feedback: 待确认 / 已确认 / 已退回). */
export async function villageReports(db: Knex, scope: Scope, f: { status?: ReportedEventStatus }, page: { limit: number; offset: number }) {
  return q.listReports(db, scope, { status: f.status, order: 'newest' }, page);
}

export async function reportCounts(db: Knex, scope: Scope) {
  return q.countByStatus(db, scope);
}
