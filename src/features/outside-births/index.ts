/** The outside-births feature's manifest: lists (import, match), the 漏报 work list, the 出生信息 rates. */
import { Router } from 'express';
import type { Feature } from '../feature.ts';
import { listRoutes } from './lists/routes.ts';
import { missingRoutes } from './missing/routes.ts';
import { rateRoutes } from './rates/routes.ts';

export const outsideBirthsFeature: Feature = (ctx) => {
  const router = Router();
  // The missing list's fixed paths before the lists' :id paths.
  router.use(missingRoutes(ctx), listRoutes(ctx), rateRoutes(ctx));
  return { router, nav: [{ key: 'outside-births', label: '出生信息比对', href: '/outside-births', permissions: ['cards.read'], order: 72 }] };
};
