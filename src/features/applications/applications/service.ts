/**
 * Certificate applications from a card (issue 17 §1.1): a draft with the kind, the evidence checklist and who
 * applied (the woman herself or a 代办员), changed while a draft or returned; the list with the overdue filter and
 * each application's waiting time and deadline. Every write has its audit row in the same transaction.
 */
import type { Knex } from 'knex';
import type { Actor, Scope } from '../../../auth/actor.ts';
import { applicationProblems, DECISION_WORKING_DAYS, EDITABLE_STATUSES, isOverdue, missingEvidence, REQUIRED_EVIDENCE, waitingDays } from '../../../domain/certificate-workflow.ts';
import { CERT_APPLICATION_STATUS, type CertEvidence } from '../../../domain/codes.ts';
import type { IsoDate } from '../../../domain/dates.ts';
import { can } from '../../../domain/permissions.ts';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../../errors.ts';
import { recordAudit } from '../../audit/service.ts';
import * as q from './queries.ts';
import type { ApplicationInput, EditApplicationInput } from './schemas.ts';

export type { CertApplicationListRow, CertApplicationRow, WomanForApplication } from './queries.ts';

export const NOT_FOUND = '未找到该证件申请，或不在您的管辖范围内。';

export function requireApply(actor: Actor) {
  if (!can(actor, 'certificates.apply')) throw new ForbiddenError('您的角色不能办理证件申请。');
}

function checked(input: ApplicationInput) {
  const problems = applicationProblems(input);
  if (Object.keys(problems).length > 0) throw new ValidationError(problems);
  return {
    kind: input.kind,
    child_order: input.child_order ?? null,
    applicant: input.applicant,
    agent_name: input.applicant === 'agent' ? (input.agent_name ?? null) : null,
    evidence: [...new Set(input.evidence)],
    note: input.note ?? null,
  };
}

/** The card the application is for, in scope and on the register; 404 otherwise. */
export async function womanForApplication(db: Knex, scope: Scope, womanId: number): Promise<q.WomanForApplication> {
  const woman = await q.womanInScope(db, scope, womanId);
  if (!woman) throw new NotFoundError('未找到该育龄妇女信息卡，或不在您的管辖范围内。');
  return woman;
}

export async function createApplication(db: Knex, actor: Actor, womanId: number, input: ApplicationInput): Promise<q.CertApplicationRow> {
  requireApply(actor);
  const values = checked(input);
  return db.transaction(async (trx) => {
    const woman = await womanForApplication(trx, actor.scope, womanId);
    if (woman.status !== 'active') throw ValidationError.form('该信息卡已出队，不能申请证件。');
    const userId = actor.userId > 0 ? actor.userId : null;
    const created = await q.insertApplication(trx, { woman_id: woman.id, region_id: woman.region_id, ...values, created_by: userId, updated_by: userId });
    await recordAudit(trx, actor, {
      action: 'certificate_application.create',
      entity: 'certificate_application',
      entityId: created.id,
      regionId: created.region_id,
      after: { kind: created.kind, applicant: created.applicant, agent_name: created.agent_name, evidence: created.evidence },
    });
    return created;
  });
}

export async function updateApplication(db: Knex, actor: Actor, id: number, input: EditApplicationInput): Promise<q.CertApplicationRow> {
  requireApply(actor);
  const values = checked(input);
  return db.transaction(async (trx) => {
    const app = await q.lockApplication(trx, actor.scope, id);
    if (!app) throw new NotFoundError(NOT_FOUND);
    if (!EDITABLE_STATUSES.includes(app.status)) throw ValidationError.form(`该申请${CERT_APPLICATION_STATUS[app.status]}，不能修改。`);
    const updated = await q.updateApplication(trx, id, input.version, { ...values, updated_by: actor.userId > 0 ? actor.userId : null });
    if (!updated) throw new ConflictError('该申请已被他人修改，您的修改未保存。请查看最新内容后重试。', {});
    await recordAudit(trx, actor, {
      action: 'certificate_application.update',
      entity: 'certificate_application',
      entityId: id,
      regionId: app.region_id,
      before: { kind: app.kind, applicant: app.applicant, agent_name: app.agent_name, evidence: app.evidence },
      after: { kind: updated.kind, applicant: updated.applicant, agent_name: updated.agent_name, evidence: updated.evidence },
    });
    return updated;
  });
}

/** An application as its pages show it: the checklist with each item ticked or missing, the clock. */
export interface ApplicationView extends q.CertApplicationListRow {
  checklist: { item: CertEvidence; ticked: boolean }[];
  missing: CertEvidence[];
  deadlineDays: number;
  waitingDays: number | undefined;
  overdue: boolean;
}

export function viewOf(row: q.CertApplicationListRow, today: IsoDate): ApplicationView {
  return {
    ...row,
    checklist: REQUIRED_EVIDENCE[row.kind].map((item) => ({ item, ticked: row.evidence.includes(item) })),
    missing: missingEvidence(row.kind, row.evidence),
    deadlineDays: DECISION_WORKING_DAYS[row.kind],
    waitingDays: waitingDays(row.first_submitted_on, row.decided_on, today),
    overdue: isOverdue(row.status, row.due_on, today),
  };
}

export async function applicationView(db: Knex, scope: Scope, id: number, today: IsoDate): Promise<ApplicationView> {
  const row = await q.findApplication(db, scope, id);
  if (!row) throw new NotFoundError(NOT_FOUND);
  return viewOf(row, today);
}

export interface ListFilters {
  kind?: string;
  status?: string;
  village?: string;
  q?: string;
}

export async function listApplications(db: Knex, scope: Scope, f: ListFilters, today: IsoDate, page: { limit: number; offset: number }) {
  const overdue = f.status === 'overdue';
  const { rows, total } = await q.listApplications(db, scope, { kind: f.kind, status: overdue ? undefined : f.status, overdueOn: overdue ? today : undefined, villageCode: f.village, q: f.q }, page);
  return { rows: rows.map((r) => viewOf(r, today)), total };
}

export async function applicationsForWoman(db: Knex, scope: Scope, womanId: number, today: IsoDate): Promise<ApplicationView[]> {
  const { rows } = await q.listApplications(db, scope, { womanId }, { limit: 50, offset: 0 });
  return rows.map((r) => viewOf(r, today));
}
