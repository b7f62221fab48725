/**
 * Applications: a clerk drafts one from the card (program, year, beneficiary = the woman or her spouse as on
 * the card, the beneficiary's bank account, evidence). A draft may be incomplete; submission (../decisions)
 * is where completeness and eligibility are enforced. Eligibility is always computed from the records
 * (../eligibility).
 */
import type { Knex } from 'knex';
import type { Actor, Scope } from '../../../auth/actor.ts';
import { SUBSIDY_PROGRAM, APPLICATION_STATUS, type SubsidyBeneficiary, type SubsidyProgram } from '../../../domain/codes.ts';
import { missingForSubmission, accountProblem, normalizeAccount, type Missing } from '../../../domain/subsidy-workflow.ts';
import { can } from '../../../domain/permissions.ts';
import { maskAccount } from '../../../domain/redact.ts';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../../errors.ts';
import { recordAudit } from '../../audit/service.ts';
import { beneficiaryFromCard, evaluate, getWoman, type WomanRow } from '../eligibility/service.ts';
import { getProgram, type ProgramRow } from '../programs/service.ts';
import * as qa from './queries.ts';

export type { ApplicationListRow, ApplicationRow, DecisionRow } from './queries.ts';

/**
 * The fields of an application as the service takes them: what NewApplicationForm / EditApplicationForm
 * (./schemas.ts) parse to, and what the seeds and tests pass directly.
 */
export interface ApplicationFields {
  program: SubsidyProgram;
  year: number;
  beneficiary: SubsidyBeneficiary;
  bank_name?: string;
  bank_account?: string;
  account_holder?: string;
  amount_requested?: number;
  evidence: string[];
  note?: string;
}

async function checkFields(db: Knex, woman: WomanRow, input: ApplicationFields, exceptId?: number) {
  const program = await getProgram(db, input.program);
  if (!program.active) throw ValidationError.field('program', `${SUBSIDY_PROGRAM[program.code]}已停用，不能新建申请`);
  if (input.beneficiary === 'spouse' && !woman.spouse_name) {
    throw ValidationError.field('beneficiary', '信息卡未登记配偶姓名：请先在信息卡中补充配偶信息');
  }
  if (input.bank_account && accountProblem(input.bank_account)) throw ValidationError.field('bank_account', accountProblem(input.bank_account)!);
  if (program.code !== 'assisted_reproduction') {
    const dup = await qa.findLiveDuplicate(db, program.code, woman.id, input.beneficiary, exceptId);
    if (dup) {
      throw ValidationError.form(
        `该享受对象已有一份${SUBSIDY_PROGRAM[program.code]}申请（${dup.year}年，${APPLICATION_STATUS[dup.status as keyof typeof APPLICATION_STATUS]}，编号 ${dup.id}），不能重复申请。`,
      );
    }
  }
  return program;
}

function columns(woman: WomanRow, program: ProgramRow, input: ApplicationFields) {
  return {
    program: program.code,
    year: input.year,
    beneficiary: input.beneficiary,
    ...beneficiaryFromCard(woman, input.beneficiary),
    bank_name: input.bank_name ?? null,
    bank_account: input.bank_account ? normalizeAccount(input.bank_account) : null,
    account_holder: input.account_holder ?? null,
    amount_requested_fen: program.code === 'assisted_reproduction' ? (input.amount_requested ?? null) : null,
    evidence: [...new Set(input.evidence)],
    note: input.note ?? null,
  };
}

function uniqueViolation(err: unknown): boolean {
  return (err as { code?: string })?.code === '23505';
}

export async function createApplication(db: Knex, actor: Actor, input: ApplicationFields & { woman: number }) {
  return db.transaction(async (trx) => {
    const woman = await getWoman(trx, actor.scope, input.woman);
    const program = await checkFields(trx, woman, input);
    const row = { ...columns(woman, program, input), woman_id: woman.id, region_id: woman.region_id, created_by: actor.userId > 0 ? actor.userId : null };
    const created = await qa.insertApplication(trx, row).catch((err) => {
      if (uniqueViolation(err)) throw ValidationError.form('该享受对象已有一份同项目的申请，不能重复申请。');
      throw err;
    });
    await recordAudit(trx, actor, {
      action: 'subsidy_application.create',
      entity: 'subsidy_application',
      entityId: created.id,
      regionId: created.region_id,
      after: { ...row, status: created.status },
    });
    return created;
  });
}

const EDITABLE = new Set(['draft', 'returned']);

export async function updateApplication(db: Knex, actor: Actor, id: number, input: ApplicationFields & { version: number }) {
  return db.transaction(async (trx) => {
    const before = await qa.lockApplication(trx, actor.scope, id);
    if (!before) throw new NotFoundError('未找到该申请，或不在您的管辖范围内。');
    if (!EDITABLE.has(before.status)) throw ValidationError.form(`该申请${APPLICATION_STATUS[before.status]}，不能修改。`);
    const woman = await getWoman(trx, actor.scope, before.woman_id);
    // The edit form shows the stored account masked (last four digits): posted back unchanged, it is kept.
    if (input.bank_account && before.bank_account && input.bank_account.replace(/\s+/g, '') === maskAccount(before.bank_account)) {
      input = { ...input, bank_account: before.bank_account };
    }
    const program = await checkFields(trx, woman, input, id);
    const patch = { ...columns(woman, program, input), updated_by: actor.userId > 0 ? actor.userId : null };
    const updated = await qa.updateApplication(trx, id, input.version, patch);
    if (!updated) throw new ConflictError(undefined, { status: APPLICATION_STATUS[before.status], bank_account: maskAccount(before.bank_account), evidence: before.evidence.join('、') });
    await recordAudit(trx, actor, {
      action: 'subsidy_application.update',
      entity: 'subsidy_application',
      entityId: id,
      regionId: before.region_id,
      before: pick(before, Object.keys(patch)),
      after: patch,
    });
    return updated;
  });
}

function pick(row: object, keys: string[]): Record<string, unknown> {
  const r = row as Record<string, unknown>;
  return Object.fromEntries(keys.map((k) => [k, r[k]]));
}

export async function getApplication(db: Knex, scope: Scope, id: number) {
  const a = await qa.findApplication(db, scope, id);
  if (!a) throw new NotFoundError('未找到该申请，或不在您的管辖范围内。');
  return a;
}

/** Everything the application page shows: the record, the card, live eligibility, what blocks submission, history. */
export async function applicationView(db: Knex, scope: Scope, id: number) {
  const application = await getApplication(db, scope, id);
  const [program, woman, decisions] = await Promise.all([getProgram(db, application.program), getWoman(db, scope, application.woman_id), qa.decisionsOf(db, id)]);
  const live = await evaluate(db, { program, woman, beneficiary: application.beneficiary, year: application.year, requestedFen: application.amount_requested_fen, applicationId: id });
  // Completeness is judged on the card's current beneficiary data, as submission will copy it again.
  const missing: Missing[] = missingForSubmission({ ...application, ...beneficiaryFromCard(woman, application.beneficiary) }, program.evidence);
  return { application, program, woman, decisions, live, missing };
}

export async function listApplications(db: Knex, scope: Scope, filters: qa.ApplicationFilters, page: { limit: number; offset: number }, sort?: { by: qa.ApplicationSort; dir: 'asc' | 'desc' }) {
  return qa.listApplications(db, scope, filters, page, sort);
}

/** The card page's 补助 section (issue 3 includes views/subsidies/_card-section.ejs with these rows). */
export async function applicationsForWoman(db: Knex, scope: Scope, womanId: number) {
  return qa.applicationsOfWoman(db, scope, womanId);
}

/**
 * The full bank account of an application, asked for with a reason (issue 12 item 13): the page shows the last
 * four digits otherwise. Out of scope is a 404 like the application itself; the audit row keeps the reason.
 */
export async function revealAccount(db: Knex, actor: Actor, id: number, reason: string | undefined): Promise<string | null> {
  if (!can(actor, 'subsidies.reveal_account')) throw new ForbiddenError('您没有查看完整银行账号的权限。');
  const application = await getApplication(db, actor.scope, id);
  // The reason arrives parsed (RevealAccountForm: trimmed, empty is undefined); the rule is its length.
  const r = reason ?? '';
  if (r.length < 2) throw ValidationError.field('reveal_reason', '请填写查看完整银行账号的理由（如：与申请人核对账号）');
  await recordAudit(db, actor, {
    action: 'subsidy_application.reveal_account',
    entity: 'subsidy_application',
    entityId: application.id,
    regionId: application.region_id,
    after: { beneficiary_name: application.beneficiary_name },
    reason: r,
  });
  return application.bank_account;
}
