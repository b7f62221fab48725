/**
 * GET /rosters/exceptions?village=&level=&rule=&township=&page=&print=1 — the township's data-quality list (数据质量):
 * every E and W finding on its active cards, per village, each with a link to the place to fix it. The county
 * sees a count per township and opens one township at a time; 50 findings a page. `print=1` renders the whole
 * list as the A4 roster.
 */
import type { Router } from 'express';
import type { Scope } from '../../../auth/actor.ts';
import { actorOf } from '../../../auth/principal.ts';
import { RULES } from '../../../domain/consistency.ts';
import { NotFoundError } from '../../../errors.ts';
import { parseQuery } from '../../../parse.ts';
import type { AppContext } from '../../../context.ts';
import { assertFilterInScope } from '../../regions/service.ts';
import { villageOptions } from '../../regions/service.ts';
import { getRegionByCode } from '../../regions/service.ts';
import { countFindingsByTownship, findingsForTownship, findingsPageForTownship } from './service.ts';
import { fetchPage, guard } from '../../../http/route-kit.ts';
import { kit } from '../cards/card-form.ts';
import { ExceptionFilters } from './schemas.ts';

export function mountFindingRoutes(router: Router, ctx: AppContext) {
  const { db, today } = kit(ctx);

  router.get('/rosters/exceptions', ...guard('rosters.read', 'cards.read'), async (req, res) => {
    const f = parseQuery(ExceptionFilters, req.query);
    const actor = actorOf(req);
    await assertFilterInScope(db, actor.scope, f.township, 'township');
    await assertFilterInScope(db, actor.scope, f.village, 'village');
    let scope: Scope = actor.scope;
    let township = actor.level === 'township' ? { code: actor.regionCode, name: actor.regionName } : undefined;
    if (actor.level === 'county' && f.township) {
      const t = await getRegionByCode(db, f.township);
      if (!t || t.level !== 'township' || !t.code.startsWith(actor.scope.code)) throw new NotFoundError('未找到该乡镇。');
      scope = { level: 'township', regionId: t.id, code: t.code };
      township = { code: t.code, name: t.name };
    }
    const rules = Object.entries(RULES).map(([key, r]) => ({ key, label: r.label, level: r.level }));
    if (!township) {
      const counts = await countFindingsByTownship(db, actor.scope);
      return res.render('women/exceptions-overview', { counts, filters: f });
    }
    const filters = { village: f.village, level: f.level, rule: f.rule };
    const common = { filters: f, township, rules, villages: await villageOptions(db, scope), today: today() };
    if (f.print) {
      const all = await findingsForTownship(db, scope, filters);
      return res.render('women/exceptions-print', { ...all, ...common, layout: 'print', backUrl: req.originalUrl.replace(/([?&])print=1&?/, '$1') });
    }
    const page = await fetchPage(f.page, (window) => findingsPageForTownship(db, scope, filters, window));
    res.render('women/exceptions', { ...page, ...common, villageCount: page.villages });
  });
}
