/**
 * 建档建议 (issue 17 §2).
 *   GET /special-families/proposals?village=&page=   couples the 特扶 rule accepts (end of this year) with no open file
 */
import type { Router } from 'express';
import { actorOf } from '../../../auth/principal.ts';
import { fetchPage, guard, todayOf } from '../../../http/route-kit.ts';
import { parseQuery } from '../../../parse.ts';
import { assertFilterInScope, villageOptions } from '../../regions/service.ts';
import type { FeatureContext } from '../../feature.ts';
import { ProposalQuery } from './schemas.ts';
import { proposals } from './service.ts';

export function proposalRoutes(router: Router, ctx: FeatureContext) {
  const db = ctx.db;
  router.get('/special-families/proposals', ...guard('special_families.read'), async (req, res) => {
    const actor = actorOf(req);
    const today = todayOf(ctx);
    const f = parseQuery(ProposalQuery, req.query);
    const village = await assertFilterInScope(db, actor.scope, f.village, 'village');
    const on = `${today.slice(0, 4)}-12-31`;
    const all = await proposals(db, actor.scope, village?.code ?? actor.scope.code, on);
    const page = await fetchPage(f.page, async (w) => ({ rows: all.slice(w.offset, w.offset + w.limit), total: all.length }));
    res.render('special-families/proposals', { ...page, on, filters: { village: f.village ?? '' }, villages: await villageOptions(db, actor.scope, true) });
  });
}
