/**
 * Work orders (服务信息单).
 *   GET /work-orders?village=&month=&print=1   one village's sheet for a month (A4 portrait when printed);
 *                                              without a village: pick one
 */
import { Router } from 'express';
import { requireLogin, requirePermission } from '../../auth/guards.ts';
import { actorOf } from '../../auth/principal.ts';
import { monthLabel } from '../../domain/dates.ts';
import { parseQuery } from '../../http/parse.ts';
import { villageOptions } from '../regions/options.ts';
import type { FeatureContext } from '../index.ts';
import { todayOf } from './route-helpers.ts';
import { rosterMonth } from './rosters.ts';
import { RosterQuery } from './schemas.ts';
import { workOrder } from './work-orders.ts';

export function workOrderRoutes(ctx: FeatureContext): Router {
  const router = Router();
  const db = ctx.db;

  router.get('/work-orders', requireLogin, requirePermission('rosters.read'), async (req, res) => {
    const actor = actorOf(req);
    const f = parseQuery(RosterQuery, req.query);
    const today = todayOf(ctx);
    const villages = await villageOptions(db, actor.scope, true);
    if (!f.village) {
      const m = rosterMonth(f.month, today);
      return res.render('services/work-orders', { villages, filters: f, month: m.month, periodLabel: monthLabel(m.month) });
    }
    const order = await workOrder(db, actor.scope, { village: f.village, month: f.month }, today);
    const view = { order, villages, filters: f, periodLabel: monthLabel(order.month), today, print: !!f.print, unitName: `${order.village.township_name} ${order.village.name}` };
    if (f.print) return res.render('services/work-order', { ...view, layout: 'print', backUrl: req.originalUrl.replace(/[?&]print=1/, '') });
    res.render('services/work-order', view);
  });

  return router;
}
