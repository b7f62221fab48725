/**
 * Payment batches (county supervisor).
 *   GET  /subsidies/payments?program=               batches and the "generate" form
 *   POST /subsidies/payments                         generate a batch (program, period)
 *   GET  /subsidies/payments/:id                     one batch with its payments and refused rows
 *   GET  /subsidies/payments/:id/export              bank CSV, accounts masked unless BANK_EXPORT_FULL_ACCOUNT (audited)
 *   GET  /subsidies/payments/:id/export-full         the form asking why the full file is needed
 *   POST /subsidies/payments/:id/export-full         bank CSV with full accounts: county supervisor, reason required, audited
 *   POST /subsidies/payments/:id/mark-paid           every pending payment of the batch → paid
 *   POST /subsidies/payments/:id/payments/:pid       one payment → paid / failed
 */
import type { Request, Response, Router } from 'express';
import { can } from '../../../domain/permissions.ts';
import { actorOf } from '../../../auth/principal.ts';
import { SUBSIDY_PROGRAM } from '../../../domain/codes.ts';
import { periodLabel } from '../../../domain/subsidy-money.ts';
import { flash } from '../../../http/flash.ts';
import { formPage } from '../../../http/forms.ts';
import { guard, idParam, todayOf } from '../../../http/route-kit.ts';
import { parseForm, parseQuery } from '../../../parse.ts';
import type { FeatureContext } from '../../feature.ts';
import { listPrograms } from '../programs/service.ts';
import { exportBatch, exportBatchFullAccount, generateBatch, getBatch, listBatches, markAllPaid, markPayment } from './service.ts';
import { BatchFilters, BatchForm, PaymentMarkForm, RevealReasonForm } from './schemas.ts';

/** A batch or payment id in the URL that is not a positive integer is the same 404 as a missing batch. */
const NO_BATCH = '未找到该发放批次。';

export function paymentRoutes(router: Router, ctx: FeatureContext) {
  const db = ctx.db;
  const payments = guard('subsidies.payments');

  async function listData(req: Request) {
    const f = parseQuery(BatchFilters, req.query);
    return { batches: await listBatches(db, actorOf(req), { program: f.program }), programs: await listPrograms(db), filters: f };
  }

  const listPage = formPage('subsidies/payments', listData);
  router.get('/subsidies/payments', ...payments, listPage, async (req, res) => {
    const today = todayOf(ctx);
    res.render('subsidies/payments', { ...(await listData(req)), values: { period: today.slice(0, 4) } });
  });

  router.post('/subsidies/payments', ...payments, listPage, async (req, res) => {
    const input = parseForm(BatchForm, req.body);
    const { batch, created, skipped } = await generateBatch(db, actorOf(req), input, todayOf(ctx));
    const note = skipped.length ? `；${skipped.length} 人因收款信息问题未列入，详见批次页` : '';
    flash(req, 'success', `已生成 ${SUBSIDY_PROGRAM[batch.program]} ${periodLabel(batch.period)}发放批次：${created} 笔${note}。`);
    res.redirect(303, `/subsidies/payments/${batch.id}`);
  });

  const batchData = async (req: Request) => ({
    ...(await getBatch(db, actorOf(req), idParam(req, 'id', NO_BATCH))),
    fullAccount: ctx.config.bankExportFullAccount,
    mayExportFull: can(actorOf(req), 'subsidies.export_full_account'),
  });
  const batchPage = formPage('subsidies/batch', batchData);
  router.get('/subsidies/payments/:id', ...payments, batchPage, async (req, res) => {
    res.render('subsidies/batch', await batchData(req));
  });

  const sendCsv = (res: Response, file: { csv: string; filename: string }) => {
    // res.attachment names the file and sets the type from its extension (text/csv; charset=utf-8).
    res.attachment(file.filename).send(file.csv);
  };

  router.get('/subsidies/payments/:id/export', ...payments, async (req, res) => {
    sendCsv(res, await exportBatch(db, actorOf(req), idParam(req, 'id', NO_BATCH), ctx.config.bankExportFullAccount, ctx.now()));
  });

  // The full file is asked for with a reason (a POST, so the reason is never in a URL or a log line).
  const exportFull = guard('subsidies.export_full_account');
  const fullPage = formPage('subsidies/batch-export-full', async (req) => getBatch(db, actorOf(req), idParam(req, 'id', NO_BATCH)));
  router.get('/subsidies/payments/:id/export-full', ...exportFull, fullPage, async (req, res) => {
    res.render('subsidies/batch-export-full', { ...(await getBatch(db, actorOf(req), idParam(req, 'id', NO_BATCH))), values: {} });
  });
  router.post('/subsidies/payments/:id/export-full', ...exportFull, fullPage, async (req, res) => {
    const input = parseForm(RevealReasonForm, req.body);
    sendCsv(res, await exportBatchFullAccount(db, actorOf(req), idParam(req, 'id', NO_BATCH), input.reason, ctx.now()));
  });

  router.post('/subsidies/payments/:id/mark-paid', ...payments, batchPage, async (req, res) => {
    const id = idParam(req, 'id', NO_BATCH);
    const n = await markAllPaid(db, actorOf(req), id, ctx.now());
    flash(req, 'success', `已将 ${n} 笔待发放记录标记为已发放。`);
    res.redirect(303, `/subsidies/payments/${id}`);
  });

  router.post('/subsidies/payments/:id/payments/:pid', ...payments, batchPage, async (req, res) => {
    const id = idParam(req, 'id', NO_BATCH);
    const input = parseForm(PaymentMarkForm, req.body);
    const p = await markPayment(db, actorOf(req), id, idParam(req, 'pid', NO_BATCH), input, ctx.now());
    flash(req, 'success', `${p.payee_name}：${input.status === 'paid' ? '已发放' : '发放失败'}。`);
    res.redirect(303, `/subsidies/payments/${id}#pay-${p.id}`);
  });
}
