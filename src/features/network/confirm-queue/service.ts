/**
 * The township's confirm queue (issue 16 §1): the villages' reported events, oldest first. Confirming one calls
 * the register's own services — the pregnancy, birth, exit and card services the normal forms call — so every
 * rule applies, and marks the report confirmed with the record it became, in one transaction with its audit row;
 * a rule's refusal rolls everything back and shows on the confirm page. Returning one records the reason.
 */
import type { Knex } from 'knex';
import type { Actor, Scope } from '../../../auth/actor.ts';
import { MARITAL_STATUS, MARRIED_STATUSES, REPORTED_EVENT_KIND } from '../../../domain/codes.ts';
import type { IsoDate } from '../../../domain/dates.ts';
import { normalizeIdNumber } from '../../../domain/id-number.ts';
import { can } from '../../../domain/permissions.ts';
import { ForbiddenError, NotFoundError, ValidationError } from '../../../errors.ts';
import { recordAudit } from '../../audit/service.ts';
import { withEventFollowUps } from '../../services/service.ts';
import { exitCard, formValuesOf, getCard, openPregnancy, recordBirth, updateCard } from '../../women/service.ts';
import * as rq from '../event-reports/queries.ts';
import type { ReportRow } from '../event-reports/queries.ts';
import { NOT_FOUND_REPORT } from '../event-reports/service.ts';
import * as q from './queries.ts';
import type { ConfirmValues, ReturnValues } from './schemas.ts';

const STALE = '该上报已由他人处理（确认或退回），请返回待确认列表。';

function assertCanConfirm(actor: Actor) {
  if (!can(actor, 'network.confirm')) throw new ForbiddenError('只有乡镇录入员或审核员可以确认村级上报。');
}

/** The pending reports of the caller's villages, oldest first. */
export async function confirmQueue(db: Knex, scope: Scope, page: { limit: number; offset: number }) {
  return rq.listReports(db, scope, { status: 'pending', order: 'oldest' }, page);
}

export async function pendingCount(db: Knex, scope: Scope): Promise<number> {
  return (await rq.countByStatus(db, scope)).pending;
}

/** The confirm form's starting values, taken from the report (the clerk corrects what paper says otherwise). */
export function confirmDefaults(r: ReportRow): Record<string, string> {
  const base = { version: String(r.version), notes: r.note ?? '' };
  switch (r.kind) {
    case 'pregnancy':
      return { ...base, found_on: r.event_date, lmp_date: r.lmp_date ?? '' };
    case 'birth':
      return { ...base, birth_date: r.event_date, sex: r.child_sex ?? '' };
    case 'death':
    case 'departure':
      return { ...base, exit_date: r.event_date, exit_note: r.kind === 'departure' ? `迁往 ${r.destination ?? ''}`.trim() : (r.note ?? '') };
    case 'marriage':
      return { ...base, marital_changed_on: r.event_date };
    case 'arrival':
      // The full ID number stays off the page (masked everywhere): a blank field means the reported one.
      return base;
  }
}

async function pendingReport(trx: Knex, scope: Scope, id: number, version: number): Promise<ReportRow> {
  const r = await rq.reportById(trx, scope, id, true);
  if (!r) throw new NotFoundError(NOT_FOUND_REPORT);
  if (r.status !== 'pending' || r.version !== version) throw ValidationError.form(STALE);
  return r;
}

type Result = { entity: 'pregnancy' | 'child' | 'woman'; id: number; womanId: number };

async function writeRecord(trx: Knex, actor: Actor, r: ReportRow, v: ConfirmValues, today: IsoDate): Promise<Result> {
  const opts = { today };
  const womanId = r.woman_id!;
  switch (r.kind) {
    case 'pregnancy': {
      const p = await openPregnancy(trx, actor, womanId, { found_on: v.found_on ?? '', lmp_date: v.lmp_date, contraceptive_failure: v.contraceptive_failure, notes: v.notes }, opts);
      return { entity: 'pregnancy', id: p.id, womanId };
    }
    case 'birth': {
      const b = await recordBirth(trx, actor, womanId, { birth_date: v.birth_date ?? '', children: [{ name: v.name, sex: v.sex ?? '' }] }, opts);
      return { entity: 'child', id: b.children[0]!.id, womanId };
    }
    case 'death':
    case 'departure': {
      const exitReason = r.kind === 'death' ? 'deceased' : 'moved_out';
      const w = await exitCard(trx, actor, womanId, { exit_reason: exitReason, exit_date: v.exit_date ?? '', exit_note: v.exit_note, version: r.woman_version! }, opts);
      return { entity: 'woman', id: w.id, womanId };
    }
    case 'marriage': {
      const card = await getCard(trx, actor.scope, womanId);
      if (MARRIED_STATUSES.includes(card.marital_status))
        throw ValidationError.field('marital_changed_on', `${card.name} 的信息卡已是${MARITAL_STATUS[card.marital_status]}，请核实后退回或到信息卡修改`);
      const on = v.marital_changed_on ?? '';
      const status = card.marital_status === 'unmarried' ? 'first_marriage' : 'remarried';
      const values = { ...formValuesOf(card), marital_status: status, marriage_date: on, marital_changed_on: on, spouse_name: v.spouse_name ?? card.spouse_name ?? '' };
      const w = await updateCard(trx, actor, womanId, values as unknown as Parameters<typeof updateCard>[3], opts);
      return { entity: 'woman', id: w.id, womanId };
    }
    case 'arrival': {
      const card = await q.activeCardByIdNumber(trx, actor.scope, normalizeIdNumber(v.id_number ?? r.id_number!));
      if (!card) throw ValidationError.field('id_number', '本乡镇没有该身份证号的在册信息卡：请先点“新增信息卡”建卡');
      return { entity: 'woman', id: card.id, womanId: card.id };
    }
  }
}

export async function confirmReport(db: Knex, actor: Actor, id: number, v: ConfirmValues, opts: { today: IsoDate; now: Date }) {
  assertCanConfirm(actor);
  return db.transaction(async (trx) => {
    const r = await pendingReport(trx, actor.scope, id, v.version);
    // A confirmed pregnancy, birth or marriage brings its 怀孕 / 产后 / 新婚 follow-ups, as the card's own forms do.
    const result =
      r.woman_id && (r.kind === 'pregnancy' || r.kind === 'birth' || r.kind === 'marriage')
        ? await withEventFollowUps(trx, actor, r.woman_id, opts.today, (t) => writeRecord(t, actor, r, v, opts.today))
        : await writeRecord(trx, actor, r, v, opts.today);
    await rq.markDecided(trx, r.id, { status: 'confirmed', decided_by: actor.userId || null, decided_at: opts.now, result_entity: result.entity, result_id: result.id });
    await recordAudit(trx, actor, {
      action: 'reported_event.confirm',
      entity: 'woman',
      entityId: result.womanId,
      regionId: r.region_id,
      after: { report_id: r.id, kind: r.kind, result: result.entity, result_id: result.id },
    });
    return { report: r, result, label: REPORTED_EVENT_KIND[r.kind] };
  });
}

export async function returnReport(db: Knex, actor: Actor, id: number, v: ReturnValues, opts: { now: Date }) {
  assertCanConfirm(actor);
  return db.transaction(async (trx) => {
    const r = await pendingReport(trx, actor.scope, id, v.version);
    await rq.markDecided(trx, r.id, { status: 'returned', decided_by: actor.userId || null, decided_at: opts.now, return_reason: v.return_reason });
    await recordAudit(trx, actor, {
      action: 'reported_event.return',
      entity: r.woman_id ? 'woman' : 'reported_event',
      entityId: r.woman_id ?? r.id,
      regionId: r.region_id,
      reason: v.return_reason,
      after: { report_id: r.id, kind: r.kind },
    });
    return r;
  });
}
