/**
 * Village population figures (人口数据).
 *   GET  /population?month=YYYY-MM&township=CODE   one month's grid, the previous month beside it
 *   POST /population                               the whole grid at once
 * The form posts parallel arrays with the DESIGN §11 names: `month`, then for each row `village` (code),
 * `population_end`, `deaths` and `version` (the row's version when the page was opened, empty for a new row).
 * A row left entirely blank is skipped; a half-filled row is an error at its field.
 */
import { Router, type Request } from 'express';
import { z } from 'zod';
import { requireLogin, requirePermission } from '../../auth/guards.ts';
import { actorOf } from '../../auth/principal.ts';
import { chinaDate, isMonth, monthLabel } from '../../domain/dates.ts';
import { lastMonth } from '../../domain/report-periods.ts';
import { BadRequestError, ValidationError, type FieldErrors } from '../../errors.ts';
import { flash } from '../../http/flash.ts';
import { formPage } from '../../http/forms.ts';
import { field, parseForm, parseQuery } from '../../parse.ts';
import { assertFilterInScope } from '../regions/service.ts';
import { townshipOptions } from '../regions/service.ts';
import type { Feature } from '../feature.ts';
import { populationGrid, saveGrid, type FigureInput } from './service.ts';

const toArray = (v: unknown) => (v === undefined ? [] : Array.isArray(v) ? v : [v]).map((x) => String(x ?? ''));
const GridForm = z.object({
  month: field.month(),
  village: z.preprocess(toArray, z.array(z.string())),
  population_end: z.preprocess(toArray, z.array(z.string())),
  deaths: z.preprocess(toArray, z.array(z.string())),
  version: z.preprocess(toArray, z.array(z.string())),
});
const GridQuery = z.object({ month: field.optionalText('月份', 7), township: field.optionalText('乡镇', 12) });

/** A whole number typed in a cell ("1,010" is accepted), or the Chinese message for the field. */
function count(raw: string, label: string, max: number): number | string {
  const t = raw.replace(/[,，\s]/g, '');
  if (t === '') return `请填写${label}`;
  if (!/^\d+$/.test(t)) return `${label}应为不小于 0 的整数`;
  const n = Number(t);
  return n > max ? `${label}不能大于 ${max.toLocaleString('en-US')}` : n;
}

/** The grid's rows, each cell checked like a form field; messages keyed `population_end-<village code>`. */
function gridRows(form: z.output<typeof GridForm>): Omit<FigureInput, 'month'>[] {
  const errors: FieldErrors = {};
  const rows: Omit<FigureInput, 'month'>[] = [];
  form.village.forEach((code, i) => {
    const pop = form.population_end[i] ?? '';
    const deaths = form.deaths[i] ?? '';
    if (pop.trim() === '' && deaths.trim() === '') return;
    const p = count(pop, '期末总人口', 10_000_000);
    const d = count(deaths, '死亡人数', 1_000_000);
    if (typeof p === 'string') errors[`population_end-${code}`] = p;
    if (typeof d === 'string') errors[`deaths-${code}`] = d;
    const version = Number(form.version[i]);
    if (typeof p === 'number' && typeof d === 'number') rows.push({ village: code, populationEnd: p, deaths: d, version: version > 0 ? version : undefined });
  });
  if (Object.keys(errors).length) throw new ValidationError(errors);
  return rows;
}

export const populationRoutes: Feature = (ctx) => {
  const router = Router();
  const db = ctx.db;
  const today = () => chinaDate(ctx.now());

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

  const gridForm = formPage('population/index', async (req) => page(req, isMonth(String(req.body?.month)) ? req.body.month : lastMonth(today())));

  router.get('/population', requireLogin, requirePermission('population.write', 'reports.read'), async (req, res) => {
    const f = parseQuery(GridQuery, req.query);
    const month = f.month ?? lastMonth(today());
    if (!isMonth(month)) throw new BadRequestError('月份格式应为 2026-03');
    res.render('population/index', await page(req, month, f.township));
  });

  router.post('/population', requireLogin, requirePermission('population.write'), gridForm, async (req, res) => {
    const form = parseForm(GridForm, req.body);
    const result = await saveGrid(db, actorOf(req), form.month, gridRows(form), ctx.now());
    flash(req, 'success', result.written > 0 ? `已保存${monthLabel(form.month)} ${result.written} 个村(社区)的人口数据` : `${monthLabel(form.month)}人口数据没有变化`);
    res.redirect(303, `/population?month=${form.month}`);
  });

  return {
    router,
    nav: [{ key: 'population', label: '人口数据', href: '/population', permissions: ['population.write', 'reports.read'], order: 60 }],
  };
};
