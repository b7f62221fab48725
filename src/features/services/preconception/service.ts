/**
 * 孕前优生健康检查 (issue 15 §2): a couple's pregnancy plan (登记计划怀孕 / 结束), each spouse's check with its result
 * and referral, on the woman's card; and the township list of target couples (the report's rule, as of a day).
 * Every write: her card in the scope (else 404), active, dates not after today and not before she was 15, the audit
 * row in the same transaction.
 */
import type { Knex } from 'knex';
import type { Actor, Scope } from '../../../auth/actor.ts';
import { chinaDate, type IsoDate } from '../../../domain/dates.ts';
import { preconceptionDateProblem } from '../../../domain/preconception.ts';
import { NotFoundError, ValidationError } from '../../../errors.ts';
import { recordAudit } from '../../audit/service.ts';
import { preconceptionSource } from '../../reports/service.ts';
import * as q from './queries.ts';
import type { CheckValues, PlanEndValues, PlanValues } from './schemas.ts';

export type { CheckRow, PlanRow, TargetRow } from './queries.ts';

const NOT_FOUND = '未找到该妇女的信息卡，或不在您的管辖范围内。';

async function writableWoman(trx: Knex, actor: Actor, womanId: number): Promise<q.WomanRef> {
  const woman = await q.lockWomanInScope(trx, actor.scope, womanId);
  if (!woman) throw new NotFoundError(NOT_FOUND);
  if (woman.status !== 'active') throw ValidationError.form(`${woman.name} 已出队，信息卡只读，不能登记孕前优生信息。`);
  return woman;
}

function dateProblem(field: string, label: string, date: IsoDate, woman: q.WomanRef, today: IsoDate) {
  const problem = preconceptionDateProblem(label, date, woman.birth_date, today);
  if (problem) throw ValidationError.field(field, problem);
}

/** 登记计划怀孕: one open plan at a time. */
export async function registerPlan(db: Knex, actor: Actor, womanId: number, v: PlanValues, opts: { today?: IsoDate } = {}) {
  const today = opts.today ?? chinaDate(new Date());
  return db.transaction(async (trx) => {
    const woman = await writableWoman(trx, actor, womanId);
    dateProblem('planned_on', '登记日期', v.planned_on, woman, today);
    const open = (await q.plansOf(trx, womanId)).find((p) => p.ended_on === null);
    if (open) throw ValidationError.form(`${woman.name} 已有 ${open.planned_on} 登记的怀孕计划尚未结束，请先结束它。`);
    const plan = await q.insertPlan(trx, { woman_id: womanId, planned_on: v.planned_on, note: v.note ?? null, created_by: actor.userId || null });
    await recordAudit(trx, actor, {
      action: 'pregnancy_plan.create',
      entity: 'woman',
      entityId: womanId,
      regionId: woman.region_id,
      after: { plan_id: plan.id, planned_on: plan.planned_on, note: plan.note },
    });
    return { plan, woman };
  });
}

/** 结束怀孕计划 (a pregnancy found, the plan dropped): the end date not before the plan's own date. */
export async function endPlan(db: Knex, actor: Actor, womanId: number, planId: number, v: PlanEndValues, opts: { today?: IsoDate } = {}) {
  const today = opts.today ?? chinaDate(new Date());
  return db.transaction(async (trx) => {
    const woman = await writableWoman(trx, actor, womanId);
    const plan = (await q.plansOf(trx, womanId)).find((p) => p.id === planId);
    if (!plan) throw new NotFoundError('未找到该怀孕计划。');
    if (plan.ended_on) throw ValidationError.form(`该计划已于 ${plan.ended_on} 结束。`);
    dateProblem('ended_on', '结束日期', v.ended_on, woman, today);
    if (v.ended_on < plan.planned_on) throw ValidationError.field('ended_on', `结束日期不能早于登记日期（${plan.planned_on}）`);
    const note = v.note ?? plan.note;
    await q.endPlan(trx, planId, v.ended_on, note ?? null);
    await recordAudit(trx, actor, {
      action: 'pregnancy_plan.end',
      entity: 'woman',
      entityId: womanId,
      regionId: woman.region_id,
      before: { plan_id: planId, ended_on: null },
      after: { plan_id: planId, ended_on: v.ended_on, note },
    });
    return { woman };
  });
}

/** 登记孕前优生健康检查 of her or her spouse: a risk needs its note; a referral belongs to a risk and names where. */
export async function recordCheck(db: Knex, actor: Actor, womanId: number, v: CheckValues, opts: { today?: IsoDate } = {}) {
  const today = opts.today ?? chinaDate(new Date());
  const fields: Record<string, string> = {};
  if (v.result === 'risk' && !v.risk_note) fields.risk_note = '风险人群请填写风险因素';
  if (v.result !== 'risk' && v.referred) fields.referred = '只有风险人群需要转诊';
  if (v.referred && !v.referred_to) fields.referred_to = '请填写转诊机构';
  if (!v.referred && v.referred_to) fields.referred = '填写了转诊机构，请勾选“已转诊”';
  return db.transaction(async (trx) => {
    const woman = await writableWoman(trx, actor, womanId);
    const problem = preconceptionDateProblem('检查日期', v.checked_on, woman.birth_date, today);
    if (problem) fields.checked_on = problem;
    if (Object.keys(fields).length) throw new ValidationError(fields);
    const check = await q.insertCheck(trx, {
      woman_id: womanId,
      region_id: woman.region_id,
      whose: v.whose,
      checked_on: v.checked_on,
      result: v.result,
      risk_note: v.risk_note ?? null,
      referred: v.referred,
      referred_to: v.referred_to ?? null,
      created_by: actor.userId || null,
    });
    await recordAudit(trx, actor, {
      action: 'preconception_check.create',
      entity: 'woman',
      entityId: womanId,
      regionId: woman.region_id,
      after: { check_id: check.id, whose: check.whose, checked_on: check.checked_on, result: check.result, risk_note: check.risk_note, referred: check.referred, referred_to: check.referred_to },
    });
    return { check, woman };
  });
}

/** The card section: her plans and the couple's checks (the card page has already checked the scope). */
export async function preconceptionOf(db: Knex, womanId: number) {
  const [plans, checks] = await Promise.all([q.plansOf(db, womanId), q.checksOf(db, womanId)]);
  return { plans, checks, openPlan: plans.find((p) => p.ended_on === null) };
}

/** The target couples as of a day (newly married in the 12 months before it, or a plan open on it) under a code prefix in the scope. */
export async function targetCouples(db: Knex, scope: Scope, f: q.TargetFilter & { on: IsoDate }, window?: { limit: number; offset: number }) {
  if (!f.prefix.startsWith(scope.code)) throw new NotFoundError('该村不在您的管辖范围内。');
  return q.targetCouples(db, preconceptionSource({ from: f.on, to: f.on }), f, window);
}
