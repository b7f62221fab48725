/**
 * Assessment's manifest (考核, issue 15): the board and score sheet, the indicator catalogue and the county's yearly
 * targets per township.
 */
import { Router } from 'express';
import type { Feature } from '../feature.ts';
import { boardRoutes } from './board/routes.ts';
import { indicatorRoutes } from './indicators/routes.ts';
import { selfCheckRoutes } from './self-check/routes.ts';
import { targetRoutes } from './targets/routes.ts';

export const assessmentFeature: Feature = (ctx) => {
  const router = Router();
  indicatorRoutes(router, ctx);
  targetRoutes(router, ctx);
  boardRoutes(router, ctx);
  selfCheckRoutes(router, ctx);
  return {
    router,
    nav: [{ key: 'assessment', label: '考核', href: '/targets', permissions: ['reports.read'], order: 85 }],
  };
};
