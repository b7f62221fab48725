/**
 * Village population figures (人口数据).
 *   GET  /population?month=YYYY-MM&township=CODE   one month's grid, the previous month beside it
 *   POST /population                               the whole grid at once (the form: schemas.ts)
 */
import { Router, type Request } from 'express';
import { actorOf } from '../../../auth/principal.ts';
import { isMonth, monthLabel } from '../../../domain/dates.ts';
import { lastMonth } from '../../../domain/report-periods.ts';
import { BadRequestError } from '../../../errors.ts';
import { flash } from '../../../http/flash.ts';
import { formPage } from '../../../http/forms.ts';
import { guard, todayOf } from '../../../http/route-kit.ts';
import { parseForm, parseQuery } from '../../../parse.ts';
import { assertFilterInScope, townshipOptions } from '../../regions/service.ts';
import type { FeatureContext } from '../../feature.ts';
import { GridForm, GridQuery, gridRows } from './schemas.ts';
import { populationGrid, saveGrid } from './service.ts';

export function figureRoutes(ctx: FeatureContext): Router {
  const router = Router();
  const db = ctx.db;

  async function page(req: Request, month: string, township?: string) {
    const actor = actorOf(req);
    await assertFilterInScope(db, actor.scope, township, 'township');
    const code = township && township.startsWith(actor.scope.code) ? township : undefined;
    return {
      grid: await populationGrid(db, actor, month, code),
      townships: actor.scope.level === 'county' ? await townshipOptions(db, actor.scope) : [],
      filters: { month, township: code ?? '' },
    };
  }

  /** The month a posted grid was for, when it is one (a failed save shows that month again). */
  const monthOf = (body: unknown): string | undefined => {
    const month = (body as { month?: unknown } | undefined)?.month;
    return typeof month === 'string' && isMonth(month) ? month : undefined;
  };

  const gridForm = formPage('population/index', async (req) => page(req, monthOf(req.body) ?? lastMonth(todayOf(ctx))));

  router.get('/population', ...guard('population.write', 'reports.read'), async (req, res) => {
    const f = parseQuery(GridQuery, req.query);
    const month = f.month ?? lastMonth(todayOf(ctx));
    if (!isMonth(month)) throw new BadRequestError('月份格式应为 2026-03');
    res.render('population/index', await page(req, month, f.township));
  });

  router.post('/population', ...guard('population.write'), gridForm, async (req, res) => {
    const form = parseForm(GridForm, req.body);
    const result = await saveGrid(db, actorOf(req), form.month, gridRows(form), ctx.now());
    flash(req, 'success', result.written > 0 ? `已保存${monthLabel(form.month)} ${result.written} 个村(社区)的人口数据` : `${monthLabel(form.month)}人口数据没有变化`);
    res.redirect(303, `/population?month=${form.month}`);
  });

  return router;
}
