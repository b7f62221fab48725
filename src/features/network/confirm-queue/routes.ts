/**
 * The township's confirm queue of the villages' reports.
 *   GET  /confirm-queue?page=            pending reports, oldest first
 *   GET  /confirm-queue/:id              one report and its confirm form, pre-filled from the report
 *   POST /confirm-queue/:id/confirm      write it into the register through the register's own services
 *   POST /confirm-queue/:id/return (return_reason)   send it back to the village with a reason
 */
import { Router, type Request } from 'express';
import { actorOf } from '../../../auth/principal.ts';
import { SEX, options } from '../../../domain/codes.ts';
import { flash } from '../../../http/flash.ts';
import { formPage } from '../../../http/forms.ts';
import { fetchPage, guard, idParam, todayOf } from '../../../http/route-kit.ts';
import { parseForm, parseQuery } from '../../../parse.ts';
import type { FeatureContext } from '../../feature.ts';
import { NOT_FOUND_REPORT, getReport } from '../event-reports/service.ts';
import { ConfirmForm, QueueFilters, ReturnForm } from './schemas.ts';
import { confirmDefaults, confirmQueue, confirmReport, returnReport } from './service.ts';

export function confirmQueueRoutes(ctx: FeatureContext): Router {
  const router = Router();
  const db = ctx.db;
  const confirmer = guard('network.confirm');
  const reportId = (req: Request) => idParam(req, 'id', NOT_FOUND_REPORT);

  router.get('/confirm-queue', ...confirmer, async (req, res) => {
    const f = parseQuery(QueueFilters, req.query);
    const { rows, pageInfo } = await fetchPage(f.page, (w) => confirmQueue(db, actorOf(req).scope, w));
    res.render('network/queue', { rows, pageInfo });
  });

  const loadReport = async (req: Request) => ({ report: await getReport(db, actorOf(req).scope, reportId(req)), sexes: options(SEX), today: todayOf(ctx) });
  const confirmPage = formPage('network/confirm', loadReport);

  router.get('/confirm-queue/:id', ...confirmer, confirmPage, async (req, res) => {
    const data = await loadReport(req);
    res.render('network/confirm', { ...data, values: confirmDefaults(data.report) });
  });

  router.post('/confirm-queue/:id/confirm', ...confirmer, confirmPage, async (req, res) => {
    const r = await confirmReport(db, actorOf(req), reportId(req), parseForm(ConfirmForm, req.body), { today: todayOf(ctx), now: ctx.now() });
    flash(req, 'success', `已确认 ${r.report.woman_name ?? r.report.person_name ?? ''} 的${r.label}，已记入信息卡`);
    res.redirect(303, '/confirm-queue');
  });

  router.post('/confirm-queue/:id/return', ...confirmer, confirmPage, async (req, res) => {
    const r = await returnReport(db, actorOf(req), reportId(req), parseForm(ReturnForm, req.body), { now: ctx.now() });
    flash(req, 'success', `已退回 ${r.woman_name ?? r.person_name ?? ''} 的上报`);
    res.redirect(303, '/confirm-queue');
  });

  return router;
}
