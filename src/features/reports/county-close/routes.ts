/**
 * The county's month up the chain (issue 19 §1):
 *   GET  /reports/county-months?month=        the county's own month, or every county of a city or province
 *   POST /reports/county-months/submit        county supervisor (every township's month accepted)
 *   POST /reports/county-months/accept        supervisor of the region above the county
 *   POST /reports/county-months/return        (comment) supervisor of the region above the county
 * A refusal re-renders the status page with 422 and the reasons.
 */
import type { Request, Router } from 'express';
import { actorOf } from '../../../auth/principal.ts';
import type { AppContext } from '../../../context.ts';
import { monthLabel } from '../../../domain/dates.ts';
import { BadRequestError } from '../../../errors.ts';
import { flash } from '../../../http/flash.ts';
import { formPage } from '../../../http/forms.ts';
import { guard } from '../../../http/route-kit.ts';
import { parseForm, parseQuery } from '../../../parse.ts';
import { defaultMonth } from '../monthly/service.ts';
import { CountyMonthForm, CountyMonthsQuery, CountyReturnForm } from './schemas.ts';
import { acceptCountyMonth, countyMonthsPage, returnCountyMonth, submitCountyMonth } from './service.ts';

export const COUNTY_MONTHS_PATH = '/reports/county-months';

export function countyCloseRoutes(router: Router, ctx: AppContext) {
  const db = ctx.db;
  const monthOf = (value: unknown) => (typeof value === 'string' && /^\d{4}-(0[1-9]|1[0-2])$/.test(value) ? value : defaultMonth(ctx.now()));
  const page = formPage('reports/county-months', async (req: Request) => ({
    page: await countyMonthsPage(db, actorOf(req), monthOf((req.body as Record<string, unknown> | undefined)?.month), ctx.now()),
  }));
  const back = (month: string) => `${COUNTY_MONTHS_PATH}?month=${month}`;

  router.get(COUNTY_MONTHS_PATH, ...guard('reports.county_months'), async (req, res) => {
    const f = parseQuery(CountyMonthsQuery, req.query);
    if (f.month !== undefined && monthOf(f.month) !== f.month) throw new BadRequestError('月份格式应为 2026-03');
    res.render('reports/county-months', { page: await countyMonthsPage(db, actorOf(req), monthOf(f.month), ctx.now(), f.page) });
  });

  router.post(`${COUNTY_MONTHS_PATH}/submit`, ...guard('reports.submit_county'), page, async (req, res) => {
    const f = parseForm(CountyMonthForm, req.body);
    await submitCountyMonth(db, actorOf(req), f.region, f.month, ctx.now());
    flash(req, 'success', `已上报本县${monthLabel(f.month)}月报，等待上级接收`);
    res.redirect(303, back(f.month));
  });

  router.post(`${COUNTY_MONTHS_PATH}/accept`, ...guard('reports.accept_county'), page, async (req, res) => {
    const f = parseForm(CountyMonthForm, req.body);
    await acceptCountyMonth(db, actorOf(req), f.region, f.month, ctx.now());
    flash(req, 'success', `已接收${monthLabel(f.month)}县级月报`);
    res.redirect(303, back(f.month));
  });

  router.post(`${COUNTY_MONTHS_PATH}/return`, ...guard('reports.accept_county'), page, async (req, res) => {
    const f = parseForm(CountyReturnForm, req.body);
    await returnCountyMonth(db, actorOf(req), f.region, f.month, f.comment, ctx.now());
    flash(req, 'success', `已退回${monthLabel(f.month)}县级月报`);
    res.redirect(303, back(f.month));
  });
}
