/** Payment batches and payments (county supervisor), always inside the caller's scope. */
import type { Knex } from 'knex';
import type { SkippedApplication, SubsidyPaymentBatchRow, SubsidyPaymentRow } from '../../../db/knex-tables.ts';
import type { Scope } from '../../../auth/actor.ts';
import { villagesInScope } from '../../../auth/scope.ts';
import type { SubsidyProgram } from '../../../domain/codes.ts';
import type { ApplicationRow } from '../applications/queries.ts';

export type SkippedRow = SkippedApplication;

export interface BatchRow extends SubsidyPaymentBatchRow {
  created_by_name: string | null;
}

export interface BatchSummary extends BatchRow {
  rows: number;
  total_fen: number;
  paid: number;
  failed: number;
  pending: number;
}

/** A payment with the name of her village (the batch's list). */
export interface PaymentRow extends SubsidyPaymentRow {
  village_name: string;
}

function batchesWithTotals(db: Knex, scope: Scope) {
  return db('subsidy_payment_batches as b')
    .leftJoin('users as u', 'u.id', 'b.created_by')
    .leftJoin(db('subsidy_payments').whereIn('region_id', villagesInScope(db, scope)).as('p'), 'p.batch_id', 'b.id')
    .groupBy('b.id', 'u.display_name')
    .select<BatchSummary[]>(
      'b.*',
      'u.display_name as created_by_name',
      db.raw('count(p.id)::int as rows'),
      db.raw('coalesce(sum(p.amount_fen) filter (where p.status <> ?), 0)::bigint as total_fen', ['failed']),
      db.raw(`count(p.id) filter (where p.status = 'paid')::int as paid`),
      db.raw(`count(p.id) filter (where p.status = 'failed')::int as failed`),
      db.raw(`count(p.id) filter (where p.status = 'pending')::int as pending`),
    );
}

export async function listBatches(db: Knex, scope: Scope, f: { program?: string }): Promise<BatchSummary[]> {
  const q = batchesWithTotals(db, scope).orderBy('b.id', 'desc').limit(200);
  if (f.program) q.where('b.program', f.program);
  return q;
}

export async function findBatch(db: Knex, scope: Scope, id: number): Promise<BatchSummary | undefined> {
  return batchesWithTotals(db, scope).where('b.id', id).first();
}

/** An approved application with the card fields a payment re-checks (spouse, exit, marriage). */
export type PayableRow = Pick<
  ApplicationRow,
  'id' | 'woman_id' | 'region_id' | 'year' | 'beneficiary' | 'beneficiary_name' | 'beneficiary_id_number' | 'bank_name' | 'bank_account' | 'account_holder' | 'amount_requested_fen'
> & {
  card_name: string;
  card_id_number: string;
  card_spouse_name: string | null;
  card_exit_reason: string | null;
  card_marital_status: string;
};

/**
 * Approved applications of a program due for a period, without a payment for that period that is pending or
 * paid (a failed one may be paid again). One-off programs pay in the application's own year only.
 */
export async function payableApplications(db: Knex, scope: Scope, program: string, period: string, once: boolean): Promise<PayableRow[]> {
  const year = Number(period.slice(0, 4));
  const q = db('subsidy_applications as a')
    .join('women as w', 'w.id', 'a.woman_id')
    .where({ 'a.program': program, 'a.status': 'approved' })
    .whereIn('a.region_id', villagesInScope(db, scope))
    .whereNotExists(db('subsidy_payments as p').whereRaw('p.application_id = a.id').where('p.period', period).whereNot('p.status', 'failed'))
    .select(
      'a.id',
      'a.woman_id',
      'a.region_id',
      'a.year',
      'a.beneficiary',
      'a.beneficiary_name',
      'a.beneficiary_id_number',
      'a.bank_name',
      'a.bank_account',
      'a.account_holder',
      'a.amount_requested_fen',
      'w.name as card_name',
      'w.id_number as card_id_number',
      'w.spouse_name as card_spouse_name',
      'w.exit_reason as card_exit_reason',
      'w.marital_status as card_marital_status',
    )
    .orderBy('a.region_id')
    .orderBy('a.id');
  if (once) q.where('a.year', year);
  else q.where('a.year', '<=', year);
  return q;
}

export async function insertBatch(db: Knex, row: { program: SubsidyProgram; period: string; period_start: string; skipped: SkippedRow[]; created_by: number | null }) {
  const [created] = await db('subsidy_payment_batches')
    .insert({ ...row, skipped: JSON.stringify(row.skipped) })
    .returning('*');
  return { ...created, skipped: row.skipped, created_by_name: null } as BatchRow;
}

export type PaymentInsert = Pick<PaymentRow, 'batch_id' | 'application_id' | 'program' | 'period' | 'region_id' | 'payee_name' | 'payee_id_number' | 'bank_name' | 'bank_account' | 'amount_fen'>;

export async function insertPayments(db: Knex, rows: PaymentInsert[]) {
  if (rows.length === 0) return;
  await db('subsidy_payments').insert(rows);
}

export async function paymentsOfBatch(db: Knex, scope: Scope, batchId: number): Promise<PaymentRow[]> {
  return db('subsidy_payments as p')
    .join('regions as v', 'v.id', 'p.region_id')
    .where('p.batch_id', batchId)
    .whereIn('p.region_id', villagesInScope(db, scope))
    .select('p.*', 'v.name as village_name')
    .orderBy([{ column: 'v.code' }, { column: 'p.id' }]);
}

export async function lockPayment(db: Knex, scope: Scope, batchId: number, id: number): Promise<SubsidyPaymentRow | undefined> {
  return db('subsidy_payments').where({ id, batch_id: batchId }).whereIn('region_id', villagesInScope(db, scope)).forUpdate().first();
}

export async function updatePayment(db: Knex, id: number, version: number, patch: Partial<PaymentRow> & { decided_by?: number | null }) {
  const [row] = await db('subsidy_payments')
    .where({ id, version })
    .update({ ...patch, version: db.raw('version + 1') })
    .returning('*');
  return row as SubsidyPaymentRow | undefined;
}

export async function markPendingPaid(db: Knex, scope: Scope, batchId: number, userId: number | null, now: Date): Promise<number> {
  const rows = await db('subsidy_payments')
    .where({ batch_id: batchId, status: 'pending' })
    .whereIn('region_id', villagesInScope(db, scope))
    .update({ status: 'paid', decided_by: userId, decided_at: now, version: db.raw('version + 1') })
    .returning('id');
  return rows.length;
}

export async function setExported(db: Knex, batchId: number, now: Date) {
  await db('subsidy_payment_batches').where({ id: batchId }).update({ exported_at: now });
}

/** Payments already generated (pending or paid) for a program and period, in scope. */
export async function countLivePayments(db: Knex, scope: Scope, program: SubsidyProgram, period: string): Promise<number> {
  const [{ n }] = await db('subsidy_payments').where({ program, period }).whereNot('status', 'failed').whereIn('region_id', villagesInScope(db, scope)).count<{ n: number }[]>({ n: '*' });
  return n;
}
