/** GET / — the home page: my tasks and figures, by role (panels contributed by each feature). */
import { Router } from 'express';
import { requireLogin } from '../../../auth/guards.ts';
import { actorOf } from '../../../auth/principal.ts';
import { todayOf } from '../../../http/route-kit.ts';
import { homePanelsFor, type Feature } from '../../feature.ts';
import { cachedPanelData, panelCacheKey } from '../cache/service.ts';

export const homeRoutes: Feature = (ctx) => {
  const router = Router();
  router.get('/', requireLogin, async (req, res) => {
    const actor = actorOf(req);
    // The clerk's home, the hottest page (issue 19 §4): its panels are counts of the register and of the day, kept
    // whole until a write moves the data version. Other roles' pages keep only their costly panels.
    const panels =
      actor.role === 'clerk'
        ? await cachedPanelData(ctx.db, `${panelCacheKey('home', actor)}|${actor.userId}`, todayOf(ctx), () => homePanelsFor(ctx.pages, ctx, actor))
        : await homePanelsFor(ctx.pages, ctx, actor);
    res.render('home/index', { panels });
  });
  return { router, nav: [{ key: 'home', label: '首页', href: '/', order: 0 }] };
};
