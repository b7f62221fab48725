/**
 * 并发症统计:
 *   GET /reports/complications?region=CODE&from=YYYY-MM-DD&to=YYYY-MM-DD[&format=csv|xlsx][&print=1]
 *   GET /reports/complications/people?region=&from=&to=&kind=&complication=any|CODE&serious=1&page=
 * Region defaults to the user's; the period to the current statistical year (from 1 October) up to today.
 */
import type { Router } from 'express';
import { actorOf } from '../../../auth/principal.ts';
import type { AppContext } from '../../../context.ts';
import { chinaDate } from '../../../domain/dates.ts';
import { statisticalPeriod, statisticalYearOf, type Period } from '../../../domain/report-periods.ts';
import { withReportsDb } from '../../../http/reports-db.ts';
import { guard, todayOf } from '../../../http/route-kit.ts';
import { parseQuery } from '../../../parse.ts';
import { complicationsCsv, complicationsXlsx, KIND_COLUMNS, REGION_COLUMNS } from './export.ts';
import { ComplicationPeopleQuery, ComplicationsQuery } from './schemas.ts';
import { COMPLICATIONS_HEADING, complicationPeople, complicationsReport } from './service.ts';
import { COMPLICATION_KINDS } from './table.ts';

/** The same page without print=1 (the print view's 返回 link). */
function withoutPrint(originalUrl: string): string {
  const u = new URL(originalUrl, 'http://x');
  u.searchParams.delete('print');
  return `${u.pathname}${u.search}`;
}

export function complicationsRoutes(router: Router, ctx: AppContext) {
  const read = guard('reports.read');
  router.get('/reports/complications', ...read, async (req, res) => {
    const f = parseQuery(ComplicationsQuery, req.query);
    const today = todayOf(ctx);
    const period: Period = { from: f.from ?? statisticalPeriod(statisticalYearOf(today), false).from, to: f.to ?? today };
    const actor = actorOf(req);
    const report = await withReportsDb(ctx, res, (db) => complicationsReport(db, actor, { region: f.region, period }));
    const base = `${COMPLICATIONS_HEADING}_${report.region.name}_${period.from}_${period.to}`;
    if (f.format === 'csv') {
      res.attachment(`${base}.csv`);
      return res.type('text/csv; charset=utf-8').send(complicationsCsv(report));
    }
    if (f.format === 'xlsx') {
      res.attachment(`${base}.xlsx`);
      return res.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').send(await complicationsXlsx(report, COMPLICATIONS_HEADING));
    }
    res.render('reports/complications', {
      report,
      heading: COMPLICATIONS_HEADING,
      kindColumns: KIND_COLUMNS,
      regionColumns: REGION_COLUMNS,
      complicationKinds: COMPLICATION_KINDS,
      query: { region: report.region.code, from: period.from, to: period.to },
      printMode: f.print,
      reportDate: chinaDate(ctx.now()),
      filledBy: actor.displayName,
      ...(f.print ? { layout: 'print', landscape: true, backUrl: withoutPrint(req.originalUrl) } : {}),
    });
  });

  router.get('/reports/complications/people', ...read, async (req, res) => {
    const f = parseQuery(ComplicationPeopleQuery, req.query);
    const filter = { kind: f.kind, complication: f.complication, serious: f.serious };
    const list = await withReportsDb(ctx, res, (db) => complicationPeople(db, actorOf(req), { region: f.region, period: { from: f.from, to: f.to }, filter, page: f.page, today: todayOf(ctx) }));
    res.render('reports/complications-people', {
      list,
      query: { region: list.region.code, from: f.from, to: f.to, kind: f.kind, complication: f.complication, serious: f.serious ? '1' : undefined },
    });
  });
}
