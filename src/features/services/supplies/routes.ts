/**
 * 免费药具发放 (issue 15 §2).
 *   GET  /women/:id/supplies     her supplies (all of them) and the form
 *   POST /women/:id/supplies     record one (item, quantity, supplied_on, channel, note)
 *   GET  /supplies?village=&item=&from=&to=&page=&format=csv   the supplies handed out in my area (50 a page; CSV: all)
 */
import { Router, type Request } from 'express';
import { actorOf } from '../../../auth/principal.ts';
import { SUPPLY_CHANNEL, SUPPLY_ITEM, options } from '../../../domain/codes.ts';
import { flash } from '../../../http/flash.ts';
import { formPage } from '../../../http/forms.ts';
import { bodyOf, fetchPage, guard, idParam, safeBack, todayOf } from '../../../http/route-kit.ts';
import { parseForm, parseQuery } from '../../../parse.ts';
import { assertFilterInScope, villageOptions } from '../../regions/service.ts';
import type { FeatureContext } from '../../feature.ts';
import { suppliesCsv } from './export.ts';
import { SupplyForm, SupplyListFilters } from './schemas.ts';
import { SUPPLY_NOT_FOUND, listSupplies, recordSupply, suppliesForWoman, supplyRecorded, supplyWoman } from './service.ts';

export function supplyRoutes(ctx: FeatureContext): Router {
  const router = Router();
  const db = ctx.db;

  async function womanPage(req: Request) {
    const actor = actorOf(req);
    const woman = await supplyWoman(db, actor.scope, idParam(req, 'id', SUPPLY_NOT_FOUND));
    const { rows, total } = await suppliesForWoman(db, actor.scope, woman.id);
    return {
      woman,
      supplies: rows,
      total,
      items: options(SUPPLY_ITEM),
      channels: options(SUPPLY_CHANNEL),
      today: todayOf(ctx),
      back: safeBack(req.query.back ?? bodyOf(req).back),
    };
  }
  const supplyPage = formPage('services/woman-supplies', womanPage);

  router.get('/women/:id/supplies', ...guard('cards.read'), supplyPage, async (req, res) => {
    const data = await womanPage(req);
    res.render('services/woman-supplies', { ...data, values: { supplied_on: data.today, channel: 'village' } });
  });

  router.post('/women/:id/supplies', ...guard('services.write'), supplyPage, async (req, res) => {
    const id = idParam(req, 'id', SUPPLY_NOT_FOUND);
    const values = parseForm(SupplyForm, req.body);
    const r = await recordSupply(db, actorOf(req), id, values, { today: todayOf(ctx) });
    flash(req, 'success', supplyRecorded(r));
    res.redirect(303, safeBack(bodyOf(req).back) ?? `/women/${id}#supplies`);
  });

  router.get('/supplies', ...guard('cards.read'), async (req, res) => {
    const f = parseQuery(SupplyListFilters, req.query);
    const actor = actorOf(req);
    await assertFilterInScope(db, actor.scope, f.village, 'village');
    const query = { village: f.village, item: f.item, from: f.from, to: f.to };
    if (f.format === 'csv') {
      const list = await listSupplies(db, actor.scope, query);
      const span = [f.from, f.to].some(Boolean) ? `_${f.from ?? ''}至${f.to ?? ''}` : '';
      res.attachment(`免费药具发放_${actor.regionName}${span}.csv`);
      return res.type('text/csv; charset=utf-8').send(suppliesCsv(`免费药具发放登记（${actor.regionName}${span.replace('_', '，')}）`, list));
    }
    const list = await fetchPage(f.page, (w) => listSupplies(db, actor.scope, query, w));
    res.render('services/supplies', {
      rows: list.rows,
      totals: { total: list.total, women: list.women, quantity: list.quantity },
      filters: f,
      query,
      pageInfo: list.pageInfo,
      villages: await villageOptions(db, actor.scope, true),
      items: options(SUPPLY_ITEM),
    });
  });

  return router;
}
