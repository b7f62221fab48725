/**
 * 孕前优生健康检查 (issue 15 §2).
 *   GET|POST /women/:id/pregnancy-plans                 登记计划怀孕 (planned_on, note)
 *   GET|POST /women/:id/pregnancy-plans/:planId/end     结束怀孕计划 (ended_on, note)
 *   GET|POST /women/:id/preconception-checks            登记孕前优生健康检查 (whose, checked_on, result, risk_note, referred, referred_to)
 *   GET /preconception?village=&status=unchecked|checked|all&page=&format=csv   target couples as of today (the village worker's list)
 */
import { Router, type Request } from 'express';
import { actorOf } from '../../../auth/principal.ts';
import { PRECONCEPTION_RESULT, PRECONCEPTION_WHOSE, options } from '../../../domain/codes.ts';
import { NotFoundError } from '../../../errors.ts';
import { flash } from '../../../http/flash.ts';
import { formPage } from '../../../http/forms.ts';
import { fetchPage, guard, idParam, todayOf } from '../../../http/route-kit.ts';
import { parseForm, parseQuery } from '../../../parse.ts';
import { assertFilterInScope, villageOptions } from '../../regions/service.ts';
import { getCard } from '../../women/service.ts';
import type { FeatureContext } from '../../feature.ts';
import { targetCsv } from './export.ts';
import { CheckForm, PlanEndForm, PlanForm, TargetListQuery } from './schemas.ts';
import { endPlan, preconceptionOf, recordCheck, registerPlan, targetCouples } from './service.ts';

export function preconceptionRoutes(ctx: FeatureContext): Router {
  const router = Router();
  const db = ctx.db;
  const write = guard('services.write');
  const card = (req: Request) => getCard(db, actorOf(req).scope, idParam(req));

  const planLoad = async (req: Request) => ({ card: await card(req), today: todayOf(ctx) });
  const planPage = formPage('services/pregnancy-plan', planLoad);
  router.get('/women/:id/pregnancy-plans', ...write, planPage, async (req, res) => {
    const data = await planLoad(req);
    res.render('services/pregnancy-plan', { ...data, values: { planned_on: data.today } });
  });
  router.post('/women/:id/pregnancy-plans', ...write, planPage, async (req, res) => {
    const id = idParam(req);
    const r = await registerPlan(db, actorOf(req), id, parseForm(PlanForm, req.body), { today: todayOf(ctx) });
    flash(req, 'success', `已登记 ${r.woman.name} 计划怀孕（${r.plan.planned_on}）`);
    res.redirect(303, `/women/${id}#preconception`);
  });

  const endLoad = async (req: Request) => {
    const c = await card(req);
    const { plans } = await preconceptionOf(db, c.id);
    const plan = plans.find((p) => p.id === idParam(req, 'planId', '未找到该怀孕计划。'));
    if (!plan) throw new NotFoundError('未找到该怀孕计划。');
    return { card: c, plan, today: todayOf(ctx) };
  };
  const endPage = formPage('services/pregnancy-plan-end', endLoad);
  router.get('/women/:id/pregnancy-plans/:planId/end', ...write, endPage, async (req, res) => {
    const data = await endLoad(req);
    res.render('services/pregnancy-plan-end', { ...data, values: { ended_on: data.today } });
  });
  router.post('/women/:id/pregnancy-plans/:planId/end', ...write, endPage, async (req, res) => {
    const id = idParam(req);
    const r = await endPlan(db, actorOf(req), id, idParam(req, 'planId', '未找到该怀孕计划。'), parseForm(PlanEndForm, req.body), { today: todayOf(ctx) });
    flash(req, 'success', `已结束 ${r.woman.name} 的怀孕计划`);
    res.redirect(303, `/women/${id}#preconception`);
  });

  const checkLoad = async (req: Request) => ({
    card: await card(req),
    today: todayOf(ctx),
    whoseOptions: options(PRECONCEPTION_WHOSE),
    resultOptions: options(PRECONCEPTION_RESULT),
  });
  const checkPage = formPage('services/preconception-check', checkLoad);
  router.get('/women/:id/preconception-checks', ...write, checkPage, async (req, res) => {
    const data = await checkLoad(req);
    const whose = req.query.whose === 'spouse' ? 'spouse' : 'woman';
    res.render('services/preconception-check', { ...data, values: { checked_on: data.today, whose, result: 'general' } });
  });
  router.post('/women/:id/preconception-checks', ...write, checkPage, async (req, res) => {
    const id = idParam(req);
    const r = await recordCheck(db, actorOf(req), id, parseForm(CheckForm, req.body), { today: todayOf(ctx) });
    flash(req, 'success', `已登记 ${r.woman.name}（${PRECONCEPTION_WHOSE[r.check.whose]}）的孕前优生健康检查`);
    res.redirect(303, `/women/${id}#preconception`);
  });

  router.get('/preconception', ...guard('cards.read'), async (req, res) => {
    const actor = actorOf(req);
    const today = todayOf(ctx);
    const f = parseQuery(TargetListQuery, req.query);
    // A village outside the scope is a 404, like a record (DESIGN §1).
    const village = await assertFilterInScope(db, actor.scope, f.village, 'village');
    const filter = { prefix: village?.code ?? actor.scope.code, status: f.status, on: today };
    if (f.format === 'csv') {
      const { rows } = await targetCouples(db, actor.scope, filter);
      res.attachment(`孕前优生目标人群-${today}.csv`).send(targetCsv(rows));
      return;
    }
    const page = await fetchPage(f.page, (window) => targetCouples(db, actor.scope, filter, window));
    res.render('services/preconception', {
      ...page,
      today,
      filters: { village: f.village ?? '', status: f.status },
      villages: await villageOptions(db, actor.scope, true),
    });
  });

  return router;
}
