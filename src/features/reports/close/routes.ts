/**
 * Month close actions, each a POST from the monthly report page (fields `region` = township code, `month`,
 * and `back` = the report region to return to):
 *   POST /reports/monthly/submit              township supervisor
 *   POST /reports/monthly/accept              county supervisor (locks the month)
 *   POST /reports/monthly/return  (comment)   county supervisor
 *   POST /reports/monthly/unlock  (reason)    county supervisor
 * A refusal (blockers, wrong status) re-renders the report page with 422 and the list of problems.
 */
import type { Router } from 'express';
import { actorOf } from '../../../auth/principal.ts';
import { monthLabel } from '../../../domain/dates.ts';
import { flash } from '../../../http/flash.ts';
import { formPage } from '../../../http/forms.ts';
import { guard } from '../../../http/route-kit.ts';
import { parseForm } from '../../../parse.ts';
import type { AppContext } from '../../../context.ts';
import { defaultMonth, monthlyPage } from '../monthly/service.ts';
import { CloseForm, ReturnForm, UnlockForm } from './schemas.ts';
import { acceptMonth, returnMonth, submitMonth, unlockMonth } from './service.ts';

export function closeRoutes(router: Router, ctx: AppContext) {
  const db = ctx.db;
  const page = formPage('reports/report', async (req) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const month = typeof body.month === 'string' && /^\d{4}-\d{2}$/.test(body.month) ? body.month : defaultMonth(ctx.now());
    const region = typeof body.back === 'string' && body.back ? body.back : typeof body.region === 'string' ? body.region : undefined;
    return { page: await monthlyPage(db, actorOf(req), { region, month, now: ctx.now() }), printMode: false, reportDate: '', filledBy: '' };
  });
  const back = (f: { region: string; back?: string; month: string }) => `/reports/monthly?region=${f.back ?? f.region}&month=${f.month}`;

  router.post('/reports/monthly/submit', ...guard('reports.submit'), page, async (req, res) => {
    const f = parseForm(CloseForm, req.body);
    await submitMonth(db, actorOf(req), f.region, f.month, ctx.now());
    flash(req, 'success', `已上报${monthLabel(f.month)}月报，等待县级审核`);
    res.redirect(303, back(f));
  });

  router.post('/reports/monthly/accept', ...guard('reports.close'), page, async (req, res) => {
    const f = parseForm(CloseForm, req.body);
    await acceptMonth(db, actorOf(req), f.region, f.month, ctx.now());
    flash(req, 'success', `已审核通过${monthLabel(f.month)}月报并锁定`);
    res.redirect(303, back(f));
  });

  router.post('/reports/monthly/return', ...guard('reports.close'), page, async (req, res) => {
    const f = parseForm(ReturnForm, req.body);
    await returnMonth(db, actorOf(req), f.region, f.month, f.comment, ctx.now());
    flash(req, 'success', `已退回${monthLabel(f.month)}月报`);
    res.redirect(303, back(f));
  });

  router.post('/reports/monthly/unlock', ...guard('reports.close'), page, async (req, res) => {
    const f = parseForm(UnlockForm, req.body);
    await unlockMonth(db, actorOf(req), f.region, f.month, f.reason, ctx.now());
    flash(req, 'success', `已解锁${monthLabel(f.month)}月报，乡镇可更正后重新上报`);
    res.redirect(303, back(f));
  });
}
