/** GET / — the home page: my tasks and figures, by role (panels contributed by each feature). */
import { Router } from 'express';
import { requireLogin } from '../../../auth/guards.ts';
import { actorOf } from '../../../auth/principal.ts';
import { homePanelsFor, type Feature } from '../../feature.ts';

export const homeRoutes: Feature = (ctx) => {
  const router = Router();
  router.get('/', requireLogin, async (req, res) => {
    res.render('home/index', { panels: await homePanelsFor(ctx.pages, ctx, actorOf(req)) });
  });
  return { router, nav: [{ key: 'home', label: '首页', href: '/', order: 0 }] };
};
