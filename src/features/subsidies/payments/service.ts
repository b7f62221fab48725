/**
 * Payments (county supervisor): a batch per program and period from the approved applications at the standard
 * in force for that period; each payment stores its own amount_fen, so a later standard never changes it.
 * Never twice for the same application and period: the query leaves paid/pending ones out, and a partial
 * unique index refuses a race. The payee must be the beneficiary on record (the "wrong parent" problem).
 */
import type { Knex } from 'knex';
import type { Actor } from '../../../auth/actor.ts';
import { PAYMENT_STATUS, SUBSIDY_PROGRAM, type SubsidyProgram } from '../../../domain/codes.ts';
import { amountInForce, periodLabel, periodProblem, periodStart } from '../../../domain/subsidy-money.ts';
import { can } from '../../../domain/permissions.ts';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../../errors.ts';
import { recordAudit } from '../../audit/service.ts';
import { bankCsv } from './bank-file.ts';
import { getProgram, standardsFor } from '../programs/service.ts';
import * as qp from './queries.ts';

import type { BatchInput, PaymentMarkInput } from './schemas.ts';

export type { BatchSummary, PaymentRow, SkippedRow } from './queries.ts';

/** Why a payable application cannot be put in the batch, or undefined when it can. */
export function payeeProblem(a: qp.PayableRow): string | undefined {
  const onRecord = a.beneficiary === 'woman' ? a.card_name : a.card_spouse_name;
  if (a.beneficiary === 'woman' && a.card_exit_reason === 'deceased') return '享受对象已死亡（信息卡记录），请办理终止享受';
  if (a.beneficiary === 'spouse' && a.card_marital_status === 'widowed') return '配偶已故（信息卡记录为丧偶），请办理终止享受';
  if (!onRecord) return '信息卡上没有该享受对象的姓名';
  if (a.beneficiary_name !== onRecord) return `申请中的享受对象“${a.beneficiary_name}”与信息卡现记录“${onRecord}”不一致`;
  if (!a.account_holder || a.account_holder !== onRecord) return `收款人“${a.account_holder ?? ''}”不是享受对象“${onRecord}”本人`;
  if (!a.bank_name || !a.bank_account) return '缺少开户银行或账号';
  return undefined;
}

const ALREADY = (program: SubsidyProgram, period: string) => `${SUBSIDY_PROGRAM[program]} ${periodLabel(period)}的对象均已生成发放记录，不会重复发放。`;

export async function generateBatch(db: Knex, actor: Actor, input: BatchInput, today: string) {
  const program = await getProgram(db, input.program);
  const problem = periodProblem(program.unit, input.period);
  if (problem) throw ValidationError.field('period', problem);
  const start = periodStart(input.period);
  if (start > today) throw ValidationError.field('period', `${periodLabel(input.period)}尚未开始，不能生成发放批次`);
  const perUnit = program.unit === 'once' ? undefined : amountInForce(await standardsFor(db, program.code), start);
  if (program.unit !== 'once' && perUnit === undefined) throw ValidationError.field('period', `${periodLabel(input.period)}没有适用的补助标准，请先在“项目与标准”中设置`);

  return db
    .transaction(async (trx) => {
      const payable = await qp.payableApplications(trx, actor.scope, program.code, input.period, program.unit === 'once');
      const skipped: qp.SkippedRow[] = [];
      const ok: qp.PayableRow[] = [];
      for (const a of payable) {
        const why = payeeProblem(a);
        if (why) skipped.push({ application_id: a.id, name: a.beneficiary_name, reason: why });
        else ok.push(a);
      }
      if (ok.length === 0) {
        // Nothing to pay: say why — already generated for this period, and/or payee problems to fix first.
        const already = await qp.countLivePayments(trx, actor.scope, program.code, input.period);
        const lines = already > 0 || skipped.length === 0 ? [ALREADY(program.code, input.period)] : [];
        if (skipped.length) lines.push('以下对象收款信息有问题，未列入：', ...skipped.map((x) => `${x.name}（申请 ${x.application_id}）：${x.reason}`));
        throw new ValidationError({}, lines);
      }
      const batch = await qp.insertBatch(trx, { program: program.code, period: input.period, period_start: start, skipped, created_by: actor.userId > 0 ? actor.userId : null });
      await qp.insertPayments(
        trx,
        ok.map((a) => ({
          batch_id: batch.id,
          application_id: a.id,
          program: program.code,
          period: input.period,
          region_id: a.region_id,
          payee_name: a.account_holder!,
          payee_id_number: a.beneficiary_id_number,
          bank_name: a.bank_name!,
          bank_account: a.bank_account!,
          amount_fen: program.unit === 'once' ? a.amount_requested_fen! : perUnit!,
        })),
      );
      await recordAudit(trx, actor, {
        action: 'subsidy_batch.create',
        entity: 'subsidy_payment_batch',
        entityId: batch.id,
        regionId: actor.regionId,
        after: { program: program.code, period: input.period, payments: ok.length, skipped: skipped.length, per_unit_fen: perUnit ?? null },
      });
      return { batch, created: ok.length, skipped };
    })
    .catch((err) => {
      // Two generations at once: the unique index (application, period) refuses the second.
      if ((err as { code?: string })?.code === '23505') throw ValidationError.form(ALREADY(program.code, input.period));
      throw err;
    });
}

export async function listBatches(db: Knex, actor: Actor, filters: { program?: string }) {
  return qp.listBatches(db, actor.scope, filters);
}

export async function getBatch(db: Knex, actor: Actor, id: number) {
  const batch = await qp.findBatch(db, actor.scope, id);
  if (!batch) throw new NotFoundError('未找到该发放批次。');
  const payments = await qp.paymentsOfBatch(db, actor.scope, id);
  return { batch, payments };
}

/**
 * Why a full-account export was asked for: required, so the audit row says it (the form's message). The reason
 * arrives parsed (RevealReasonForm: trimmed, empty is undefined); the rule is its length.
 */
export function requireReason(reason: string | undefined, what: string): string {
  const r = reason ?? '';
  if (r.length < 2) throw ValidationError.field('reason', `请填写${what}的理由（如：送交银行代发、核对退回的账号）`);
  return r;
}

/**
 * The bank CSV, masked accounts; full ones only when the county has set BANK_EXPORT_FULL_ACCOUNT (then every
 * export is audited as a full one, with the flag named as the reason). Every export is audited.
 */
export async function exportBatch(db: Knex, actor: Actor, id: number, fullAccount: boolean, now: Date) {
  return writeExport(db, actor, id, fullAccount, fullAccount ? '导出完整银行账号（BANK_EXPORT_FULL_ACCOUNT）' : null, now);
}

/**
 * The file the bank can pay from: full account numbers, for the county supervisor only, on request with a
 * reason that goes into the audit row (issue 12 item 13).
 */
export async function exportBatchFullAccount(db: Knex, actor: Actor, id: number, reason: string | undefined, now: Date) {
  if (!can(actor, 'subsidies.export_full_account')) throw new ForbiddenError('只有县级主管可以导出完整银行账号。');
  const r = requireReason(reason, '导出完整银行账号');
  return writeExport(db, actor, id, true, r, now);
}

async function writeExport(db: Knex, actor: Actor, id: number, fullAccount: boolean, reason: string | null, now: Date) {
  return db.transaction(async (trx) => {
    const { batch, payments } = await getBatch(trx, actor, id);
    const rows = payments.filter((p) => p.status !== 'failed');
    const csv = bankCsv(batch, rows, fullAccount);
    await qp.setExported(trx, id, now);
    await recordAudit(trx, actor, {
      action: fullAccount ? 'subsidy_batch.export_full_account' : 'subsidy_batch.export',
      entity: 'subsidy_payment_batch',
      entityId: id,
      regionId: actor.regionId,
      after: { rows: rows.length, full_account: fullAccount, total_fen: rows.reduce((s, p) => s + p.amount_fen, 0) },
      reason,
    });
    const suffix = fullAccount ? '-full' : '';
    return { csv, filename: `subsidy-${batch.program}-${batch.period}-batch${batch.id}${suffix}.csv` };
  });
}

export async function markPayment(db: Knex, actor: Actor, batchId: number, paymentId: number, input: PaymentMarkInput, now: Date) {
  return db.transaction(async (trx) => {
    const p = await qp.lockPayment(trx, actor.scope, batchId, paymentId);
    if (!p) throw new NotFoundError('未找到该发放记录。');
    if (p.status !== 'pending') throw ValidationError.form(`该笔发放已标记为“${PAYMENT_STATUS[p.status]}”，不能再改。`);
    if (input.status === 'failed' && !input.note) throw ValidationError.field('note', '请说明发放失败的原因（如账号有误、账户已销户）');
    const updated = await qp.updatePayment(trx, p.id, input.version, {
      status: input.status,
      status_note: input.note ?? null,
      decided_by: actor.userId > 0 ? actor.userId : null,
      decided_at: now,
    });
    if (!updated) throw new ConflictError('该笔发放已被他人修改，请刷新后重试。', { status: PAYMENT_STATUS[p.status] });
    await recordAudit(trx, actor, {
      action: `subsidy_payment.${input.status}`,
      entity: 'subsidy_payment',
      entityId: p.id,
      regionId: p.region_id,
      before: { status: p.status },
      after: { status: input.status, note: input.note ?? null, payee_name: p.payee_name, bank_account: p.bank_account },
    });
    return updated;
  });
}

export async function markAllPaid(db: Knex, actor: Actor, batchId: number, now: Date) {
  return db.transaction(async (trx) => {
    const batch = await qp.findBatch(trx, actor.scope, batchId);
    if (!batch) throw new NotFoundError('未找到该发放批次。');
    const n = await qp.markPendingPaid(trx, actor.scope, batchId, actor.userId > 0 ? actor.userId : null, now);
    if (n === 0) throw ValidationError.form('本批没有待发放的记录。');
    await recordAudit(trx, actor, {
      action: 'subsidy_batch.mark_paid',
      entity: 'subsidy_payment_batch',
      entityId: batchId,
      regionId: actor.regionId,
      after: { paid: n },
    });
    return n;
  });
}
