/**
 * Recording a service on a woman's card (POST /women/:id/services; imports call the same function), and the
 * lookups of the service form and the services list. In ONE
 * transaction: lock her card, plan the state change (src/domain/service-effects.ts), insert the service with
 * the village she lives in now (where it happened; a later move does not rewrite it), change her state through
 * the register's state API (which enforces the E rules, audits and refreshes her findings), generate the
 * follow-ups from the schedules, tick her double-check round, and write the audit row. Any refusal rolls it all
 * back: nothing is left behind.
 *
 * A termination with no pregnancy on the card records one on the service date and closes it in the same step
 * (the register then shows the pregnancy and its outcome, and the new-pregnancy figures count it), rather than
 * refusing: the procedure happened, and refusing would only push the clerk to invent a 孕情 by hand.
 */
import type { Knex } from 'knex';
import type { Actor, Scope } from '../../../auth/actor.ts';
import { METHOD, SERVICE_KIND, label } from '../../../domain/codes.ts';
import { chinaDate, type IsoDate } from '../../../domain/dates.ts';
import { planFollowUps } from '../../../domain/follow-up-schedule.ts';
import { inRoundWindow, quarterStart } from '../../../domain/check-rounds.ts';
import { can } from '../../../domain/permissions.ts';
import { planService, type Step } from '../../../domain/service-effects.ts';
import { ForbiddenError, NotFoundError, ValidationError } from '../../../errors.ts';
import { parseForm } from '../../../parse.ts';
import { recordAudit } from '../../audit/service.ts';
import { closeEpisode, closePregnancy, openEpisode, openPregnancy } from '../../women/service.ts';
import { createEventFollowUps } from '../follow-ups/events.ts';
import type { FollowUpRow } from '../follow-ups/queries.ts';
import { RECORD_MESSAGES as M } from './messages.ts';
import * as q from './queries.ts';
import type { ServiceListQuery, ServiceListRow, ServiceRow } from './queries.ts';
import { ServiceForm, type ServiceInput, type ServiceValues } from './schemas.ts';

export type { ServiceListQuery } from './queries.ts';

export interface RecordOptions {
  /** The business date (China); routes pass the app clock's date. */
  today?: IsoDate;
  /** Recorded from a double-check round's page: the result belongs to this round. */
  roundId?: number;
}

export interface RecordedService {
  service: ServiceRow;
  followUps: FollowUpRow[];
  woman: { id: number; name: string };
  /** Chinese lines saying what changed on the card ("开始宫内节育器（到期 2034-03-01）"). */
  changes: string[];
}

/** Field names of the state API's forms → the field of the service form that caused them. */
const FIELD_OF: Record<string, string> = {
  method: 'kind',
  outcome: 'kind',
  end_reason: 'kind',
  started_on: 'performed_on',
  ended_on: 'performed_on',
  found_on: 'performed_on',
  outcome_date: 'performed_on',
  birth_date: 'performed_on',
  contraceptive_failure: 'contraceptive_failure',
  lmp_date: 'lmp_date',
  due_on: 'due_on',
};

/** Run a state API call; its refusals are shown at the service form's fields. */
async function viaState<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (!(err instanceof ValidationError)) throw err;
    const fields: Record<string, string> = {};
    const form = [...err.formErrors];
    for (const [k, m] of Object.entries(err.fieldErrors)) {
      const f = FIELD_OF[k];
      if (f && !fields[f]) fields[f] = m;
      else form.push(m);
    }
    throw new ValidationError(fields, form);
  }
}

export function canRecordServices(actor: Actor): boolean {
  return actor.userId === 0 || can(actor, 'services.write');
}

function assertCanRecord(actor: Actor, v?: ServiceValues, opts: RecordOptions = {}) {
  if (canRecordServices(actor)) return;
  // A village worker records the 双查 results of her village's women on a round's list (network.visit), nothing else.
  if (can(actor, 'network.visit') && opts.roundId && v?.kind === 'ring_pregnancy_check') return;
  throw new ForbiddenError('您的角色不能登记技术服务。');
}

/**
 * Record a service from raw values (strings as a form or a file holds them, or typed values from code): for
 * the callers that have not parsed them — imports, the CLI, seeds, tests. They are checked with ServiceForm
 * (a refusal is a ValidationError at the fields), then recorded as recordParsedService does.
 */
export async function recordService(db: Knex, actor: Actor, womanId: number, input: ServiceInput, opts: RecordOptions = {}): Promise<RecordedService> {
  assertCanRecord(actor);
  return recordParsedService(db, actor, womanId, parseForm(ServiceForm, input), opts);
}

/** Record a service whose form the caller (a route) has already parsed with ServiceForm. */
export async function recordParsedService(db: Knex, actor: Actor, womanId: number, v: ServiceValues, opts: RecordOptions = {}): Promise<RecordedService> {
  assertCanRecord(actor, v, opts);
  const today = opts.today ?? chinaDate(new Date());
  const stateOpts = { today };

  return db.transaction(async (trx) => {
    const woman = await q.lockWomanInScope(trx, actor.scope, womanId);
    if (!woman) throw new NotFoundError(M.notFoundWoman);
    if (woman.status !== 'active') throw ValidationError.form(`${woman.name} 已出队，信息卡只读，不能登记技术服务。`);

    const state = await q.stateFacts(trx, womanId);
    const { plan, fieldErrors, formErrors } = planService(v, state, today, await q.deviceLifetimes(trx));
    const roundResult = v.kind === 'ring_pregnancy_check' ? await q.roundResultFor(trx, womanId, v.performed_on, opts.roundId) : undefined;
    if (opts.roundId) {
      if (v.kind !== 'ring_pregnancy_check') fieldErrors.kind ??= '双查结果请选择“查环查孕(双查)”';
      else if (!roundResult) formErrors.push(`${woman.name} 不在本轮双查名单中，请先将她加入名单`);
      else if (roundResult.status === 'done') formErrors.push(`${woman.name} 本轮双查已于 ${roundResult.checked_on} 登记结果`);
      else if (!inRoundWindow(roundResult.round, v.performed_on)) {
        fieldErrors.performed_on ??= `检查日期不在本轮双查时间内（${quarterStart(roundResult.round)} 至 ${roundResult.round.closes_on}）`;
      }
    }
    if ((v.gyn_result || v.gyn_note) && !roundResult?.round.includes_gyn_exam) fieldErrors.gyn_result ??= '本轮双查不含查病，不能登记查病结果';
    if (Object.keys(fieldErrors).length > 0 || formErrors.length > 0) throw new ValidationError(fieldErrors, formErrors);

    const changes: string[] = [];
    let pregnancyId = state.ongoingPregnancy?.id ?? null;
    if (plan.createPregnancy) {
      const p = await viaState(() =>
        openPregnancy(
          trx,
          actor,
          womanId,
          { found_on: v.performed_on, lmp_date: plan.createPregnancy!.lmp_date ?? undefined, contraceptive_failure: plan.createPregnancy!.contraceptive_failure },
          stateOpts,
        ),
      );
      pregnancyId = p.id;
      changes.push(`同时登记孕情（${v.performed_on}）`);
    }

    const service = await q.insertService(trx, {
      woman_id: womanId,
      region_id: woman.region_id,
      kind: v.kind,
      performed_on: v.performed_on,
      facility: v.facility ?? null,
      provider: v.provider ?? null,
      findings: v.findings ?? null,
      complication: v.complication,
      complication_serious: v.complication_serious,
      notes: v.notes ?? null,
      iud_result: v.kind === 'ring_pregnancy_check' ? (v.iud_result ?? null) : null,
      pregnancy_result: v.kind === 'ring_pregnancy_check' ? (v.pregnancy_result ?? null) : null,
      pregnancy_id: plan.steps.some((s) => s.op === 'close_pregnancy') ? pregnancyId : null,
      satisfaction: v.satisfaction ?? null,
      satisfaction_note: v.satisfaction_note ?? null,
      created_by: actor.userId || null,
    });

    for (const step of plan.steps) changes.push(await carryOut(trx, actor, womanId, service, step, v.notes, stateOpts));

    const planned = planFollowUps({ kind: v.kind, performed_on: v.performed_on, serious: v.complication_serious }, await q.followUpSchedules(trx));
    const followUps = await q.insertFollowUps(
      trx,
      planned.map((p) => ({
        woman_id: womanId,
        service_id: service.id,
        region_id: woman.region_id,
        level: p.level,
        due_on: p.due_on,
        trigger: 'service' as const,
        trigger_on: null,
        schedule_id: p.schedule_id ?? null,
        created_by: actor.userId || null,
      })),
    );

    if (roundResult && (opts.roundId || inRoundWindow(roundResult.round, v.performed_on))) {
      await q.markChecked(trx, roundResult.id, {
        service_id: service.id,
        checked_on: v.performed_on,
        iud_result: v.iud_result ?? 'not_applicable',
        pregnancy_result: v.pregnancy_result ?? null,
        gyn_result: v.gyn_result ?? null,
        gyn_note: v.gyn_note ?? null,
      });
      changes.push(v.gyn_result ? '本轮三查已到位' : '本轮双查已到位');
    }

    await recordAudit(trx, actor, {
      action: 'service.record',
      entity: 'woman',
      entityId: womanId,
      regionId: woman.region_id,
      after: {
        service_id: service.id,
        kind: service.kind,
        performed_on: service.performed_on,
        facility: service.facility,
        provider: service.provider,
        complication: service.complication,
        complication_serious: service.complication_serious,
        iud_result: service.iud_result,
        pregnancy_result: service.pregnancy_result,
        satisfaction: service.satisfaction,
        gyn_result: v.gyn_result ?? null,
        follow_ups: followUps.map((f) => ({ level: f.level, due_on: f.due_on })),
        check_round_result_id: roundResult?.id ?? null,
      },
    });
    // Written above in this transaction: it is there.
    const fresh = (await q.serviceById(trx, service.id))!;
    return { service: fresh, followUps, woman: { id: woman.id, name: woman.name }, changes };
  });
}

async function carryOut(trx: Knex, actor: Actor, womanId: number, service: ServiceRow, step: Step, notes: string | undefined, opts: { today: IsoDate }): Promise<string> {
  const on = service.performed_on;
  const kind = label(SERVICE_KIND, service.kind);
  switch (step.op) {
    case 'open_episode': {
      const e = await viaState(() => openEpisode(trx, actor, womanId, { method: step.method, started_on: on, due_on: step.due_on ?? undefined, service_id: service.id }, opts));
      return `开始使用${label(METHOD, step.method)}${e.due_on ? `（${e.due_on} 到期）` : ''}`;
    }
    case 'close_episode': {
      await viaState(() => closeEpisode(trx, actor, womanId, { ended_on: on, end_reason: step.end_reason, method: step.method, end_service_id: service.id, notes }, opts));
      const what = label(METHOD, step.method);
      return step.end_reason === 'expelled' ? `${what}以“脱落”结束` : step.end_reason === 'reversal' ? `${what}以“复通”结束` : `${what}已取出`;
    }
    case 'open_pregnancy': {
      const p = await viaState(() => openPregnancy(trx, actor, womanId, { found_on: on, lmp_date: step.lmp_date ?? undefined, contraceptive_failure: step.contraceptive_failure }, opts));
      await q.setServicePregnancy(trx, service.id, p.id);
      // A pregnancy found by a check (not one a termination opens and closes at once) calls for the 怀孕 visit.
      await createEventFollowUps(trx, actor, womanId, [{ trigger: 'pregnancy', on: p.found_on }], opts.today);
      return p.contraceptive_failure ? '登记孕情（避孕失败）' : '登记孕情';
    }
    case 'close_pregnancy': {
      await viaState(() => closePregnancy(trx, actor, womanId, { outcome: step.outcome, outcome_date: on }, opts));
      return `孕情结局：${kind}`;
    }
  }
}

/** The woman a service form is for, in scope, with her current state (method, pregnancy) the form explains. */
export async function serviceFormSubject(db: Knex, scope: Scope, womanId: number | undefined) {
  const woman = womanId ? await q.womanInScope(db, scope, womanId) : undefined;
  if (!woman) throw new NotFoundError(M.notFoundWoman);
  return { woman, state: await q.stateFacts(db, woman.id) };
}

/** GET /services: services recorded in the scope, by the village where they happened. */
export async function listServices(
  db: Knex,
  scope: Scope,
  f: ServiceListQuery,
  page: { limit: number; offset: number; sort?: string; dir?: 'asc' | 'desc' },
): Promise<{ rows: ServiceListRow[]; total: number }> {
  return q.listServices(db, scope, f, page);
}

/** An active card in scope by its (normalised) ID number: "record a service for …". */
export async function activeCardByIdNumber(db: Knex, scope: Scope, idNumber: string): Promise<{ id: number; name: string } | undefined> {
  return q.activeCardByIdNumber(db, scope, idNumber);
}
