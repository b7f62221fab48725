/**
 * Programs and standards (admin @ county edits; everyone reads). A standard is never edited: a change is a new
 * row with its effective date, so the history stays and past payments (which store their own amount_fen) never
 * move. Approval levels and eligibility parameters are data on the program, audited like any write.
 */
import type { Knex } from 'knex';
import type { Actor } from '../../../auth/actor.ts';
import { SUBSIDY_TIER, type SubsidyProgram } from '../../../domain/codes.ts';
import { DEFAULT_PARAMS, type ProgramParams } from '../../../domain/eligibility.ts';
import { amountInForce, fenToYuan, standardsInForce } from '../../../domain/subsidy-money.ts';
import type { ApprovalLevel } from '../../../domain/subsidy-workflow.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../../errors.ts';
import { recordAudit } from '../../audit/service.ts';
import * as q from './queries.ts';
import type { ProgramSettings, StandardInput } from './schemas.ts';

export type { ProgramRow, StandardRow } from './queries.ts';

export interface ProgramOverview extends q.ProgramRow {
  standards: q.StandardRow[];
  inForce: q.StandardRow[];
  amountNow: number | undefined;
  effectiveParams: ProgramParams;
}

export async function programsOverview(db: Knex, today: string): Promise<ProgramOverview[]> {
  const [programs, standards] = await Promise.all([q.listPrograms(db), q.standardsOf(db)]);
  return programs.map((p) => {
    const own = standards.filter((s) => s.program === p.code);
    return {
      ...p,
      standards: own,
      inForce: standardsInForce(own, today),
      amountNow: amountInForce(own, today),
      effectiveParams: { ...DEFAULT_PARAMS[p.code], ...p.params },
    };
  });
}

/** A program by its code (typed: routes refuse an unknown code in the URL before they call). */
export async function getProgram(db: Knex, code: SubsidyProgram): Promise<q.ProgramRow> {
  const p = await q.findProgram(db, code);
  if (!p) throw new NotFoundError('未找到该补助项目。');
  return p;
}

export async function listPrograms(db: Knex) {
  return q.listPrograms(db);
}

/** The amount per unit in force on a date (sum of tiers), or undefined when no standard applies. */
export async function amountOn(db: Knex, program: string, on: string): Promise<number | undefined> {
  return amountInForce(await q.standardsOf(db, program), on);
}

export async function standardsFor(db: Knex, program: string) {
  return q.standardsOf(db, program);
}

export async function updateProgramSettings(db: Knex, actor: Actor, code: SubsidyProgram, input: ProgramSettings) {
  const levels: ApprovalLevel[] = input.approval === 'township_only' ? ['township'] : ['township', 'county'];
  if (input.evidence.length === 0) throw ValidationError.field('evidence', '请至少选择一项必备证明材料');
  return db.transaction(async (trx) => {
    const before = await getProgram(trx, code);
    const pending = await q.countAwaitingCounty(trx, code);
    if (!levels.includes('county') && pending > 0) {
      throw ValidationError.field('approval', `还有 ${pending} 份申请待县级审批，请审批完毕后再改为乡镇审批`);
    }
    const params = { ...before.params, ...input.params };
    const updated = await q.updateProgram(trx, code, input.version, {
      approval_levels: levels,
      params,
      evidence: input.evidence,
      active: input.active,
      updated_by: actor.userId > 0 ? actor.userId : null,
    });
    if (!updated) throw new ConflictError('该项目已被他人修改，您的更改未保存。请刷新后重试。', { approval_levels: before.approval_levels, params: before.params });
    await recordAudit(trx, actor, {
      action: 'subsidy_program.update',
      entity: 'subsidy_program',
      entityId: code,
      before: { approval_levels: before.approval_levels, params: before.params, evidence: before.evidence, active: before.active },
      after: { approval_levels: levels, params, evidence: input.evidence, active: input.active },
    });
    return updated;
  });
}

export async function addStandard(db: Knex, actor: Actor, code: SubsidyProgram, input: StandardInput) {
  return db.transaction(async (trx) => {
    const program = await getProgram(trx, code);
    if (await q.findStandard(trx, code, input.tier, input.effective_from)) {
      throw ValidationError.field('effective_from', `${SUBSIDY_TIER[input.tier]}在 ${input.effective_from} 已有标准；调整标准请另选生效日期`);
    }
    const created = await q.insertStandard(trx, {
      program: code,
      tier: input.tier,
      effective_from: input.effective_from,
      amount_fen: input.amount,
      note: input.note ?? null,
      created_by: actor.userId > 0 ? actor.userId : null,
    });
    await recordAudit(trx, actor, {
      action: 'subsidy_standard.create',
      entity: 'subsidy_standard',
      entityId: created.id,
      after: { program: program.code, tier: input.tier, effective_from: input.effective_from, amount_yuan: fenToYuan(input.amount), note: input.note ?? null },
    });
    return created;
  });
}
