/**
 * Statistical reports (统计报表). Every page takes `format=csv|xlsx|json` and `print=1`:
 *   GET /reports/monthly?region=CODE&month=YYYY-MM          monthly report with month close
 *   GET /reports/summary?region=CODE&from=&to=              any date range
 *   GET /reports/table1 · /reports/table2 ?region=&year=&half=1   国人口统1表 / 2表 (statistical year)
 * Region defaults to the user's, month to last month. A region outside the user's scope is 404.
 */
import type { Request, Response, Router } from 'express';
import { actorOf } from '../../../auth/principal.ts';
import type { AppContext } from '../../../context.ts';
import { chinaDate, isMonth } from '../../../domain/dates.ts';
import { monthPeriod, periodWords, statisticalPeriod, statisticalYearOf, type Period } from '../../../domain/report-periods.ts';
import { BadRequestError } from '../../../errors.ts';
import { withReportsDb } from '../../../http/reports-db.ts';
import { guard } from '../../../http/route-kit.ts';
import { parseQuery } from '../../../parse.ts';
import { reportCsv, reportJson, reportXlsx } from './export.ts';
import { MonthlyQuery, SummaryQuery, TableQuery } from './schemas.ts';
import { defaultMonth, monthlyPage, officialTablePage, reportPage, type ReportPage } from './service.ts';

/** The same page without print=1 (the print view's 返回 link). */
function withoutPrint(originalUrl: string): string {
  const u = new URL(originalUrl, 'http://x');
  u.searchParams.delete('print');
  return `${u.pathname}${u.search}`;
}

/** Render a report page in the format asked for. */
async function respond(req: Request, res: Response, page: ReportPage, opts: { format?: string; print: boolean; now: Date }) {
  const { format, print } = opts;
  const base = `${page.officialHeading}_${page.report.region.name}_${page.report.period.from}_${page.report.period.to}`;
  if (format === 'json') return res.json(reportJson(page.report));
  if (format === 'csv') {
    res.attachment(`${base}.csv`);
    return res.type('text/csv; charset=utf-8').send(reportCsv(page.report, page.layout, page.split));
  }
  if (format === 'xlsx') {
    const buf = await reportXlsx(page.report, page.layout, { heading: page.officialHeading, unitName: page.report.region.name }, page.split);
    res.attachment(`${base}.xlsx`);
    return res.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').send(buf);
  }
  const actor = actorOf(req);
  res.render('reports/report', {
    page,
    printMode: print,
    reportDate: chinaDate(opts.now),
    filledBy: actor.displayName,
    ...(print ? { layout: 'print', landscape: true, backUrl: withoutPrint(req.originalUrl) } : {}),
  });
}

/** The report pages, on the reports router (read from the replica when there is one). */
export function monthlyRoutes(router: Router, ctx: AppContext) {
  const read = guard('reports.read');
  router.get('/reports/monthly', ...read, async (req, res) => {
    const f = parseQuery(MonthlyQuery, req.query);
    const month = f.month ?? defaultMonth(ctx.now());
    if (!isMonth(month)) throw new BadRequestError('月份格式应为 2026-03');
    const page = await withReportsDb(ctx, res, (db) => monthlyPage(db, actorOf(req), { region: f.region, month, now: ctx.now(), extras: !f.format }));
    await respond(req, res, page, { format: f.format, print: f.print, now: ctx.now() });
  });

  router.get('/reports/summary', ...read, async (req, res) => {
    const f = parseQuery(SummaryQuery, req.query);
    const last = monthPeriod(defaultMonth(ctx.now()));
    const period: Period = { from: f.from ?? `${last.from.slice(0, 4)}-01-01`, to: f.to ?? last.to };
    if (period.from > period.to) throw new BadRequestError('开始日期不能晚于结束日期。');
    const page = await withReportsDb(ctx, res, (db) =>
      reportPage(db, actorOf(req), {
        kind: 'summary',
        region: f.region,
        period,
        query: { from: period.from, to: period.to },
        chartMonth: f.format ? undefined : period.to.slice(0, 7),
      }),
    );
    await respond(req, res, page, { format: f.format, print: f.print, now: ctx.now() });
  });

  for (const kind of ['table1', 'table2'] as const) {
    router.get(`/reports/${kind}`, ...read, async (req, res) => {
      const f = parseQuery(TableQuery, req.query);
      const year = f.year ?? statisticalYearOf(monthPeriod(defaultMonth(ctx.now())).to);
      const period = statisticalPeriod(year, f.half);
      const base = kind === 'table1' ? '人口与出生情况' : '节育情况';
      const officialHeading = `${f.half ? '半年度' : '年度'}${base}`;
      const heading = `${officialHeading}（${year}统计年度：${periodWords(period)}）`;
      const query: Record<string, string> = { year: String(year), ...(f.half ? { half: '1' } : {}) };
      const page = await withReportsDb(ctx, res, (db) => officialTablePage(db, actorOf(req), { kind, region: f.region, period, query, heading, officialHeading, extras: !f.format && !f.print }));
      await respond(req, res, page, { format: f.format, print: f.print, now: ctx.now() });
    });
  }
}
