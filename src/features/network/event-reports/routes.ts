/**
 * The village worker's reports (phone first).
 *   GET  /village/reports?status=&page=    her reports, newest first, each with its state (待确认 / 已确认 / 已退回)
 *   GET  /village/reports/new?kind=&q=     the report form; q searches her village's register for the woman
 *   POST /village/reports (kind, woman_id | person_name + id_number, event_date, lmp_date, child_sex,
 *        destination, note)               report it for the township to confirm
 *   GET  /village/reports/:id              one report and what became of it
 */
import { Router, type Request } from 'express';
import { actorOf } from '../../../auth/principal.ts';
import { REPORTED_EVENT_KIND, REPORTED_EVENT_STATUS, SEX, options } from '../../../domain/codes.ts';
import { EVENT_DATE_LABEL } from '../../../domain/reported-events.ts';
import { flash } from '../../../http/flash.ts';
import { formPage } from '../../../http/forms.ts';
import { bodyOf, fetchPage, guard, idParam, todayOf } from '../../../http/route-kit.ts';
import { parseForm, parseQuery } from '../../../parse.ts';
import type { FeatureContext } from '../../feature.ts';
import { ReportFilters, ReportForm, WomanSearch } from './schemas.ts';
import { NOT_FOUND_REPORT, getReport, pickableWomen, reportEvent, villageReports } from './service.ts';

export function eventReportRoutes(ctx: FeatureContext): Router {
  const router = Router();
  const db = ctx.db;
  const reporter = guard('network.report');

  async function formData(req: Request) {
    const actor = actorOf(req);
    // A re-rendered form (422) keeps the search it was posted with; a search the form cannot read is dropped.
    const posted = WomanSearch.safeParse({ q: bodyOf(req).q });
    const search = req.method === 'GET' ? parseQuery(WomanSearch, req.query) : posted.success ? posted.data : {};
    return {
      kinds: options(REPORTED_EVENT_KIND),
      sexes: options(SEX),
      dateLabels: EVENT_DATE_LABEL,
      women: await pickableWomen(db, actor.scope, search.q),
      q: search.q ?? '',
      kind: search.kind ?? '',
      today: todayOf(ctx),
    };
  }
  const newPage = formPage('network/report-new', formData);

  router.get('/village/reports/new', ...reporter, newPage, async (req, res) => {
    const data = await formData(req);
    res.render('network/report-new', { ...data, values: { kind: data.kind, event_date: '' } });
  });

  router.post('/village/reports', ...reporter, newPage, async (req, res) => {
    const values = parseForm(ReportForm, req.body);
    await reportEvent(db, actorOf(req), values, { today: todayOf(ctx) });
    flash(req, 'success', `已上报${REPORTED_EVENT_KIND[values.kind]}，等待乡镇确认`);
    res.redirect(303, '/village/reports');
  });

  router.get('/village/reports', ...reporter, async (req, res) => {
    const f = parseQuery(ReportFilters, req.query);
    const actor = actorOf(req);
    const { rows, pageInfo } = await fetchPage(f.page, (w) => villageReports(db, actor.scope, { status: f.status }, w));
    res.render('network/reports', { rows, pageInfo, filters: f, statuses: options(REPORTED_EVENT_STATUS) });
  });

  router.get('/village/reports/:id', ...reporter, async (req, res) => {
    const report = await getReport(db, actorOf(req).scope, idParam(req, 'id', NOT_FOUND_REPORT));
    res.render('network/report-show', { report });
  });

  return router;
}
