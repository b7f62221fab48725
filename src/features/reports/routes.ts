/**
 * Statistical reports (统计报表). Every page takes `format=csv|xlsx|json` and `print=1`:
 *   GET /reports/monthly?region=CODE&month=YYYY-MM          monthly report with month close
 *   GET /reports/summary?region=CODE&from=&to=              any date range
 *   GET /reports/table1 · /reports/table2 ?region=&year=&half=1   国人口统1表 / 2表 (statistical year)
 *   GET /reports/people?figure=KEY&region=CODE&from=&to=    the records behind a count (drill-down)
 * Region defaults to the user's, month to last month. A region outside the user's scope is 404.
 */
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { requireLogin, requirePermission } from '../../auth/guards.ts';
import { actorOf } from '../../auth/principal.ts';
import { chinaDate, isIsoDate, isMonth } from '../../domain/dates.ts';
import { FIGURE_LABEL, FIGURE_MEANING } from '../../domain/figure-labels.ts';
import { monthPeriod, periodWords, statisticalPeriod, statisticalYearOf, type Period } from '../../domain/report-periods.ts';
import { BadRequestError } from '../../errors.ts';
import { pageInfo } from '../../pagination.ts';
import { field, parseQuery } from '../../parse.ts';
import type { Feature } from '../feature.ts';
import { closeRoutes } from './close-routes.ts';
import { attachment, reportCsv, reportJson, reportXlsx } from './exports.ts';
import { defaultMonth, monthlyPage, reportPage, type ReportPage } from './pages.ts';
import { describeRecord } from './people.ts';
import { drillDown } from './service.ts';

const Formats = { format: z.enum(['csv', 'xlsx', 'json']).optional(), print: field.checkbox() };
const MonthlyQuery = z.object({ region: field.optionalText('地区', 12), month: field.optionalText('月份', 7), ...Formats });
const SummaryQuery = z.object({ region: field.optionalText('地区', 12), from: field.optionalDate('开始日期'), to: field.optionalDate('结束日期'), ...Formats });
const TableQuery = z.object({ region: field.optionalText('地区', 12), year: field.optionalInt('统计年度', 2000, 2100), half: field.checkbox(), ...Formats });
const PeopleQuery = z.object({
  figure: field.text('统计项', 60),
  region: field.optionalText('地区', 12),
  from: field.date('开始日期'),
  to: field.date('结束日期'),
  page: field.optionalInt('页码', 1),
});

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
  const ascii = `report-${page.kind}-${page.report.region.code}-${page.report.period.from}`;
  if (format === 'json') return res.json(reportJson(page.report));
  if (format === 'csv') {
    res.set('Content-Disposition', attachment(`${base}.csv`, `${ascii}.csv`));
    return res.type('text/csv; charset=utf-8').send(reportCsv(page.report, page.layout));
  }
  if (format === 'xlsx') {
    const buf = await reportXlsx(page.report, page.layout, { heading: page.officialHeading, unitName: page.report.region.name });
    res.set('Content-Disposition', attachment(`${base}.xlsx`, `${ascii}.xlsx`));
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

export const reportsRoutes: Feature = (ctx) => {
  const router = Router();
  const guard = [requireLogin, requirePermission('reports.read')];
  const db = ctx.reportsDb;

  router.get('/reports/monthly', ...guard, async (req, res) => {
    const f = parseQuery(MonthlyQuery, req.query);
    const month = f.month ?? defaultMonth(ctx.now());
    if (!isMonth(month)) throw new BadRequestError('月份格式应为 2026-03');
    const page = await monthlyPage(db, actorOf(req), { region: f.region, month, now: ctx.now(), extras: !f.format });
    await respond(req, res, page, { format: f.format, print: f.print, now: ctx.now() });
  });

  router.get('/reports/summary', ...guard, async (req, res) => {
    const f = parseQuery(SummaryQuery, req.query);
    const last = monthPeriod(defaultMonth(ctx.now()));
    const period: Period = { from: f.from ?? `${last.from.slice(0, 4)}-01-01`, to: f.to ?? last.to };
    if (period.from > period.to) throw new BadRequestError('开始日期不能晚于结束日期。');
    const page = await reportPage(db, actorOf(req), { kind: 'summary', region: f.region, period, query: { from: period.from, to: period.to }, chartMonth: f.format ? undefined : period.to.slice(0, 7) });
    await respond(req, res, page, { format: f.format, print: f.print, now: ctx.now() });
  });

  for (const kind of ['table1', 'table2'] as const) {
    router.get(`/reports/${kind}`, ...guard, async (req, res) => {
      const f = parseQuery(TableQuery, req.query);
      const year = f.year ?? statisticalYearOf(monthPeriod(defaultMonth(ctx.now())).to);
      const period = statisticalPeriod(year, f.half);
      const base = kind === 'table1' ? '人口与出生情况' : '节育情况';
      const officialHeading = `${f.half ? '半年度' : '年度'}${base}`;
      const heading = `${officialHeading}（${year}统计年度：${periodWords(period)}）`;
      const query: Record<string, string> = { year: String(year), ...(f.half ? { half: '1' } : {}) };
      const page = await reportPage(db, actorOf(req), { kind, region: f.region, period, query, heading, officialHeading });
      await respond(req, res, page, { format: f.format, print: f.print, now: ctx.now() });
    });
  }

  router.get('/reports/people', ...guard, async (req, res) => {
    const f = parseQuery(PeopleQuery, req.query);
    if (!isIsoDate(f.from) || !isIsoDate(f.to) || f.from > f.to) throw new BadRequestError('报告期有误。');
    const size = 50;
    const pageNo = Math.max(1, f.page ?? 1);
    const d = await drillDown(db, actorOf(req), { figure: f.figure, region: f.region, period: { from: f.from, to: f.to }, page: { limit: size, offset: (pageNo - 1) * size } });
    res.render('reports/people', {
      d,
      rows: d.rows.map((r) => ({ ...r, detail: describeRecord(d.source, r) })),
      periodText: periodWords(d.period),
      meaning: FIGURE_MEANING[d.key] ?? '',
      label: FIGURE_LABEL[d.key],
      filters: { figure: f.figure, region: d.region.code, from: f.from, to: f.to },
      pageInfo: pageInfo(d.total, pageNo, size),
    });
  });

  closeRoutes(router, ctx);

  return { router, nav: [{ key: 'reports', label: '统计报表', href: '/reports/monthly', permissions: ['reports.read'], order: 80 }] };
};
