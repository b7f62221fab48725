/**
 * Work orders (服务信息单).
 *   GET /work-orders?village=&month=&print=1   one village's sheet for a month (A4 portrait when printed);
 *                                              without a village: pick one
 *   GET /work-orders?month=&print=1            every village of the caller's area that has something due, in
 *                                              one print job: a sheet per village, its pages numbered within it
 */
import { Router } from 'express';
import type { Knex } from 'knex';
import type { Scope } from '../../../auth/actor.ts';
import { actorOf } from '../../../auth/principal.ts';
import { monthLabel, type IsoDate } from '../../../domain/dates.ts';
import { guard, todayOf } from '../../../http/route-kit.ts';
import { parseQuery } from '../../../parse.ts';
import { villageOptions } from '../../regions/service.ts';
import type { FeatureContext } from '../../feature.ts';
import { ROW_LINES, SHEET_COLUMNS } from '../print/columns.ts';
import { paginateSheet, type SheetSection } from '../print/sheets.ts';
import { RosterQuery } from '../rosters/schemas.ts';
import { rosterMonth } from '../rosters/service.ts';
import { workOrder, type WorkOrder } from './service.ts';

/** A work order cut into pages: its four sections in order, each row at most two lines (../print/sheets.ts). */
function printedSheet(order: WorkOrder) {
  const sections = [
    { key: 'followUps', rows: order.followUps, lines: ROW_LINES.woFollowUps, heading: true },
    { key: 'checks', rows: order.checks, heading: true },
    { key: 'shouldAdopt', rows: order.shouldAdopt, lines: ROW_LINES.woShouldAdopt, heading: true },
    { key: 'removals', rows: order.removals, lines: ROW_LINES.woRemovals, heading: true },
  ] as SheetSection<unknown>[];
  // No 合计 lines; the summary line on the first page takes two.
  const pages = paginateSheet(sections, { totals: false, firstPage: 2 });
  return { order, pages, village_code: order.village.code, village_name: order.village.name, township_name: order.village.township_name };
}

/** Every village's work order with something on it (a village with nothing due gets no page). */
async function allWorkOrders(db: Knex, scope: Scope, villages: { code: string }[], month: string | undefined, today: IsoDate) {
  const sheets = [];
  for (const v of villages) {
    const order = await workOrder(db, scope, { village: v.code, month }, today);
    if (order.open + order.closed > 0) sheets.push(printedSheet(order));
  }
  return sheets;
}

export function workOrderRoutes(ctx: FeatureContext): Router {
  const router = Router();
  const db = ctx.db;

  router.get('/work-orders', ...guard('rosters.read'), async (req, res) => {
    const actor = actorOf(req);
    const f = parseQuery(RosterQuery, req.query);
    const today = todayOf(ctx);
    const villages = await villageOptions(db, actor.scope, true);
    const backUrl = req.originalUrl.replace(/[?&]print=1/, '');
    if (!f.village) {
      const m = rosterMonth(f.month, today);
      if (f.print) {
        const sheets = await allWorkOrders(db, actor.scope, villages, m.month, today);
        return res.render('services/work-order-print', { layout: 'print', landscape: true, cols: SHEET_COLUMNS, sheets, periodLabel: monthLabel(m.month), on: m.on, today, backUrl });
      }
      return res.render('services/work-orders', { villages, filters: f, month: m.month, periodLabel: monthLabel(m.month) });
    }
    const order = await workOrder(db, actor.scope, { village: f.village, month: f.month }, today);
    if (f.print)
      return res.render('services/work-order-print', {
        layout: 'print',
        landscape: true,
        cols: SHEET_COLUMNS,
        sheets: [printedSheet(order)],
        periodLabel: monthLabel(order.month),
        on: order.on,
        today,
        backUrl,
      });
    res.render('services/work-order', { order, villages, filters: f, periodLabel: monthLabel(order.month), today });
  });

  return router;
}
