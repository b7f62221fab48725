/**
 * The workflow's steps (issue 17 §1.2–1.5): the clerk submits; the township supervisor approves, returns with a
 * reason (the applicant fixes and resubmits) or refuses with a reason; approval takes the number from the
 * township's sequence and issues the certificate on the card (issued_on = the decision date) in the same
 * transaction; then hand-over and revocation. Each step locks the row, checks the transition (a pure table in
 * src/domain/certificate-workflow.ts), the role and the version, and writes its audit row in the transaction.
 */
import type { Knex } from 'knex';
import type { Actor } from '../../../auth/actor.ts';
import { certTransition, decisionDueOn, missingEvidence, missingEvidenceMessage, roleMayAct } from '../../../domain/certificate-workflow.ts';
import { CERT_ACTION, CERT_APPLICATION_STATUS, type CertAction, type CertApplicationStatus } from '../../../domain/codes.ts';
import type { IsoDate } from '../../../domain/dates.ts';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../../errors.ts';
import { recordAudit } from '../../audit/service.ts';
import { issueCertificate, revokeCertificate } from '../../women/service.ts';
import * as q from '../applications/queries.ts';
import { NOT_FOUND } from '../applications/service.ts';
import { issueNumber } from '../numbering/service.ts';
import type { CertRevokeInput, DecisionInput, HandOverInput } from './schemas.ts';

function requireRole(actor: Actor, action: CertAction) {
  if (actor.level !== 'township' || !roleMayAct(actor.role, action)) throw new ForbiddenError(`您的角色不能${CERT_ACTION[action]}证件申请。`);
}

/** The row locked, with its effective status (an issued certificate revoked on the card reads as 已注销). */
async function load(trx: Knex, actor: Actor, id: number): Promise<{ app: q.CertApplicationRow; status: CertApplicationStatus }> {
  const app = await q.lockApplication(trx, actor.scope, id);
  if (!app) throw new NotFoundError(NOT_FOUND);
  let status = app.status;
  if (app.certificate_id && (status === 'approved' || status === 'handed_over')) {
    const cert = await q.certificateRevocation(trx, app.certificate_id);
    if (cert?.revoked_on) status = 'revoked';
  }
  return { app, status };
}

function move(status: CertApplicationStatus, action: CertAction): CertApplicationStatus {
  const t = certTransition(status, action);
  if ('error' in t) throw ValidationError.form(t.error);
  return t.to;
}

async function save(trx: Knex, actor: Actor, app: q.CertApplicationRow, action: CertAction, version: number, patch: Partial<q.CertApplicationRow>, reason?: string | null) {
  const updated = await q.updateApplication(trx, app.id, version, { ...patch, updated_by: actor.userId > 0 ? actor.userId : null });
  if (!updated) throw new ConflictError('该申请已被他人处理或修改，您的操作未保存。请查看最新状态后重试。', { status: CERT_APPLICATION_STATUS[app.status] });
  const entry = { entity: 'certificate_application', entityId: app.id, regionId: app.region_id, before: { status: app.status }, after: { status: updated.status, ...patch }, reason: reason ?? null };
  switch (action) {
    case 'submit':
      await recordAudit(trx, actor, { action: 'certificate_application.submit', ...entry });
      break;
    case 'approve':
      await recordAudit(trx, actor, { action: 'certificate_application.approve', ...entry });
      break;
    case 'return':
      await recordAudit(trx, actor, { action: 'certificate_application.return', ...entry });
      break;
    case 'refuse':
      await recordAudit(trx, actor, { action: 'certificate_application.refuse', ...entry });
      break;
    case 'hand_over':
      await recordAudit(trx, actor, { action: 'certificate_application.hand_over', ...entry });
      break;
    case 'revoke':
      await recordAudit(trx, actor, { action: 'certificate_application.revoke', ...entry });
      break;
  }
  return updated;
}

/** Submit (or resubmit after a return): the decision deadline of the kind starts today. */
export async function submitApplication(db: Knex, actor: Actor, id: number, input: { version: number }, today: IsoDate) {
  requireRole(actor, 'submit');
  return db.transaction(async (trx) => {
    const { app, status } = await load(trx, actor, id);
    const to = move(status, 'submit');
    return save(trx, actor, app, 'submit', input.version, {
      status: to,
      submitted_on: today,
      first_submitted_on: app.first_submitted_on ?? today,
      due_on: decisionDueOn(app.kind, today),
      decision_reason: null,
    });
  });
}

/**
 * The township's decision. Approval is refused while a required evidence item is missing; it takes the next
 * number of the township's sequence for the kind and year and issues the certificate on the card (the card's
 * own rules apply: a 光荣证 only to a couple with exactly one living child).
 */
export async function decideApplication(db: Knex, actor: Actor, id: number, action: 'approve' | 'return' | 'refuse', input: DecisionInput, today: IsoDate) {
  requireRole(actor, action);
  return db.transaction(async (trx) => {
    const { app, status } = await load(trx, actor, id);
    const to = move(status, action);
    const decided = { status: to, decided_on: today, decided_by: actor.userId > 0 ? actor.userId : null };
    if (action !== 'approve') {
      if (!input.reason) throw ValidationError.field('reason', action === 'return' ? '退回须填写理由（需补正的内容）' : '不予办理须填写理由');
      return save(trx, actor, app, action, input.version, { ...decided, decision_reason: input.reason }, input.reason);
    }
    const missing = missingEvidence(app.kind, app.evidence);
    if (missing.length > 0) throw ValidationError.form(missingEvidenceMessage(missing));
    const township = await q.townshipOfVillage(trx, app.region_id);
    const number = await issueNumber(trx, township, app.kind, Number(today.slice(0, 4)));
    const certificate = await issueCertificate(trx, actor, app.woman_id, { kind: app.kind, number, issued_on: today }, { today });
    return save(trx, actor, app, 'approve', input.version, { ...decided, decision_reason: input.reason ?? null, number, certificate_id: certificate.id });
  });
}

/** Who collected the certificate, and when. */
export async function handOver(db: Knex, actor: Actor, id: number, input: HandOverInput, today: IsoDate) {
  requireRole(actor, 'hand_over');
  if (input.handed_over_on > today) throw ValidationError.field('handed_over_on', '领取日期不能晚于今天');
  return db.transaction(async (trx) => {
    const { app, status } = await load(trx, actor, id);
    const to = move(status, 'hand_over');
    if (app.decided_on && input.handed_over_on < app.decided_on) throw ValidationError.field('handed_over_on', `领取日期不能早于批准日期 ${app.decided_on}`);
    return save(trx, actor, app, 'hand_over', input.version, {
      status: to,
      handed_over_on: input.handed_over_on,
      collector_name: input.collector_name,
      collector_relation: input.collector_relation,
      collector_id_last4: input.collector_id_last4 ?? null,
    });
  });
}

/** Revoke an issued certificate: the card's certificate is revoked with the same date and reason. */
export async function revokeApplication(db: Knex, actor: Actor, id: number, input: CertRevokeInput, today: IsoDate) {
  requireRole(actor, 'revoke');
  return db.transaction(async (trx) => {
    const { app, status } = await load(trx, actor, id);
    const to = move(status, 'revoke');
    await revokeCertificate(trx, actor, app.woman_id, app.certificate_id!, { revoked_on: input.revoked_on, revoke_reason: input.revoke_reason }, { today });
    return save(trx, actor, app, 'revoke', input.version, { status: to, revoked_on: input.revoked_on, revoke_reason: input.revoke_reason }, input.revoke_reason);
  });
}
