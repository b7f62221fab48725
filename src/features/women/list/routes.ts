/**
 * The list of cards (DESIGN §11):
 *   GET /women?q=&village=&status=&marital=&method=&migrant=&problems=&sort=&dir=&page=
 */
import type { Router } from 'express';
import { actorOf } from '../../../auth/principal.ts';
import { guard, todayOf } from '../../../http/route-kit.ts';
import { parseQuery } from '../../../parse.ts';
import type { FeatureContext } from '../../feature.ts';
import { assertFilterInScope, villageOptions } from '../../regions/service.ts';
import { listWomen } from './service.ts';
import { WomenFilters } from './schemas.ts';

export function mountListRoutes(router: Router, ctx: FeatureContext) {
  const db = ctx.db;
  const today = () => todayOf(ctx);

  router.get('/women', ...guard('cards.read'), async (req, res) => {
    const filters = parseQuery(WomenFilters, req.query);
    const actor = actorOf(req);
    await assertFilterInScope(db, actor.scope, filters.village, 'village');
    const [{ rows, pageInfo }, villages] = await Promise.all([listWomen(db, actor.scope, filters, filters.page), villageOptions(db, actor.scope, true)]);
    res.render('women/index', { rows, pageInfo, filters, villages, today: today() });
  });
}
