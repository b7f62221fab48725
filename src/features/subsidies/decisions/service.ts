/**
 * The decisions on an application: submit (township clerk or supervisor), township review (approve / return /
 * reject), county approval (approve / reject), and termination of an approved one. Each step locks the row,
 * checks the transition and the version, writes the status, a decision row (user, time, opinion) and the
 * audit row in one transaction. Submission stores the eligibility snapshot computed from the records.
 */
import type { Knex } from 'knex';
import type { Actor, Scope } from '../../../auth/actor.ts';
import { APPLICATION_STATUS, REVOKE_REASON, type ApplicationStatus, type SubsidyAction } from '../../../domain/codes.ts';
import { blockingReasons, type Eligibility } from '../../../domain/eligibility.ts';
import { can } from '../../../domain/permissions.ts';
import { missingForSubmission, transition, type ApprovalLevel } from '../../../domain/subsidy-workflow.ts';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../../errors.ts';
import { recordAudit } from '../../audit/service.ts';
import { beneficiaryFromCard, evaluate, getWoman } from '../eligibility/service.ts';
import { getProgram } from '../programs/service.ts';
import * as qa from '../applications/queries.ts';
import type { DecisionInput, RevokeInput } from './schemas.ts';

export type { DecisionInput, RevokeInput } from './schemas.ts';

function levelOf(actor: Actor): ApprovalLevel {
  return actor.level === 'county' ? 'county' : 'township';
}

function requireDecider(actor: Actor, level: ApprovalLevel) {
  const permission = level === 'county' ? 'subsidies.county_approve' : 'subsidies.township_review';
  if (!can(actor, permission)) throw new ForbiddenError('您的角色无权审批补助申请。');
}

async function load(trx: Knex, actor: Actor, id: number) {
  const app = await qa.lockApplication(trx, actor.scope, id);
  if (!app) throw new NotFoundError('未找到该申请，或不在您的管辖范围内。');
  const program = await getProgram(trx, app.program);
  return { app, program };
}

function moveOrRefuse(status: ApplicationStatus, action: SubsidyAction, level: ApprovalLevel, levels: readonly ApprovalLevel[]) {
  const t = transition(status, action, level, levels);
  if ('error' in t) throw ValidationError.form(t.error);
  return t.to;
}

async function record(
  trx: Knex,
  actor: Actor,
  app: qa.ApplicationRow,
  step: { action: SubsidyAction; level: ApprovalLevel; to: ApplicationStatus; opinion: string | null; now: Date; version: number; patch?: Record<string, unknown> },
) {
  const updated = await qa.updateApplication(trx, app.id, step.version, {
    status: step.to,
    updated_by: actor.userId > 0 ? actor.userId : null,
    ...(step.action === 'submit' ? { submitted_at: step.now } : { decided_at: step.now }),
    ...step.patch,
  });
  if (!updated) throw new ConflictError('该申请已被他人处理或修改，您的操作未保存。请查看最新状态后重试。', { status: APPLICATION_STATUS[app.status] });
  await qa.insertDecision(trx, {
    application_id: app.id,
    action: step.action,
    level: step.level,
    from_status: app.status,
    to_status: step.to,
    opinion: step.opinion,
    user_id: actor.userId > 0 ? actor.userId : null,
    user_name: actor.displayName,
    decided_at: step.now,
  });
  await recordAudit(trx, actor, {
    action: `subsidy_application.${step.action}`,
    entity: 'subsidy_application',
    entityId: app.id,
    regionId: app.region_id,
    before: { status: app.status },
    after: { status: step.to, opinion: step.opinion, ...(step.patch ?? {}) },
  });
  return updated;
}

/**
 * Submit (E-level, DESIGN §5): refused with the full list while a required field or evidence item is missing or
 * a condition is not met. The beneficiary is copied again from the card, and the eligibility result is stored.
 */
export async function submitApplication(db: Knex, actor: Actor, id: number, input: { version: number }, now: Date) {
  if (!can(actor, 'subsidies.draft')) throw new ForbiddenError();
  return db.transaction(async (trx) => {
    const { app, program } = await load(trx, actor, id);
    const to = moveOrRefuse(app.status, 'submit', levelOf(actor), program.approval_levels);
    if (!program.active) throw ValidationError.form('该补助项目已停用，不能提交。');
    const woman = await getWoman(trx, actor.scope, app.woman_id);
    const beneficiary = beneficiaryFromCard(woman, app.beneficiary);
    const missing = missingForSubmission({ ...app, ...beneficiary }, program.evidence);
    const eligibility = await evaluate(trx, { program, woman, beneficiary: app.beneficiary, year: app.year, requestedFen: app.amount_requested_fen, applicationId: app.id });
    const problems = [...missing.map((m) => m.message), ...blockingReasons(eligibility)];
    if (problems.length > 0) throw new ValidationError({}, problems);
    return record(trx, actor, app, {
      action: 'submit',
      level: 'township',
      to,
      opinion: null,
      now,
      version: input.version,
      patch: { ...beneficiary, eligibility },
    });
  });
}

/** The opinion typed, else the usual one clicked (both arrive parsed: trimmed, empty is undefined). */
function opinionOf(input: DecisionInput): string {
  const opinion = input.opinion || input.preset;
  if (!opinion) throw ValidationError.field('opinion', '请填写审核意见，或点选一条常用意见');
  return opinion;
}

/**
 * Approve, return or reject at the actor's level. Approving re-reads the records: an application whose
 * beneficiary no longer meets the conditions cannot be approved (return or reject it instead).
 */
export async function decideApplication(db: Knex, actor: Actor, id: number, action: 'approve' | 'return' | 'reject', input: DecisionInput, now: Date) {
  const level = levelOf(actor);
  requireDecider(actor, level);
  return db.transaction(async (trx) => {
    const { app, program } = await load(trx, actor, id);
    const to = moveOrRefuse(app.status, action, level, program.approval_levels);
    const opinion = opinionOf(input);
    let eligibility: Eligibility | undefined;
    if (action === 'approve') {
      const woman = await getWoman(trx, actor.scope, app.woman_id);
      eligibility = await evaluate(trx, { program, woman, beneficiary: app.beneficiary, year: app.year, requestedFen: app.amount_requested_fen, applicationId: app.id });
      const reasons = blockingReasons(eligibility);
      if (reasons.length > 0) throw new ValidationError({}, ['信息卡记录已变化，当前不符合条件，不能批准（请退回或不予批准）：', ...reasons]);
    }
    return record(trx, actor, app, { action, level, to, opinion, now, version: input.version });
  });
}

/** End an approved beneficiary's entitlement (death, no longer eligible, moved out): the roster's 退出. */
export async function revokeApplication(db: Knex, actor: Actor, id: number, input: RevokeInput, now: Date) {
  const level = levelOf(actor);
  requireDecider(actor, level);
  return db.transaction(async (trx) => {
    const { app, program } = await load(trx, actor, id);
    const to = moveOrRefuse(app.status, 'revoke', level, program.approval_levels);
    const opinion = input.opinion || input.preset || `终止享受：${REVOKE_REASON[input.reason]}`;
    if (input.revoked_on < `${app.year}-01-01`) throw ValidationError.field('revoked_on', `终止日期不能早于开始享受的年度（${app.year}年）`);
    return record(trx, actor, app, {
      action: 'revoke',
      level,
      to,
      opinion,
      now,
      version: input.version,
      patch: { revoked_on: input.revoked_on, revoke_reason: input.reason },
    });
  });
}

/** Applications waiting at a step of the workflow, in scope (the home panels: 待乡镇审核, 待县级审批, 退回补充材料). */
export async function applicationsWaiting(db: Knex, scope: Scope, status: ApplicationStatus) {
  return qa.waitingApplications(db, scope, status);
}
