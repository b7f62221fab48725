/** GET / — the home page: my tasks and figures, by role (panels contributed by each feature). */
import { Router } from 'express';
import { requireLogin } from '../../auth/guards.ts';
import { actorOf } from '../../auth/principal.ts';
import type { Feature } from '../index.ts';
import './admin-panels.ts';
import '../subsidies/panels.ts';
import '../women/panels.ts';
import '../services/panels.ts';
import '../reports/home-panel.ts';
import { panelsFor } from './panels.ts';

export const homeFeature: Feature = (ctx) => {
  const router = Router();
  router.get('/', requireLogin, async (req, res) => {
    res.render('home/index', { panels: await panelsFor(ctx, actorOf(req)) });
  });
  return { router, nav: [{ key: 'home', label: '首页', href: '/', order: 0 }] };
};
