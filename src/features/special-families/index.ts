/**
 * The special-families feature (issue 17 §2): 计划生育特殊家庭 files with their contact persons, care records held
 * to a minimum schedule, and proposals from the register. Its manifest: the router (proposals before the file's
 * /:id), the 特殊家庭 nav item.
 */
import { Router } from 'express';
import type { Feature } from '../feature.ts';
import { careRoutes } from './care/routes.ts';
import { fileRoutes } from './files/routes.ts';
import { proposalRoutes } from './proposals/routes.ts';

export const specialFamiliesFeature: Feature = (ctx) => {
  const router = Router();
  proposalRoutes(router, ctx);
  fileRoutes(router, ctx);
  careRoutes(router, ctx);
  return {
    router,
    nav: [{ key: 'special-families', label: '特殊家庭', href: '/special-families', permissions: ['special_families.read'], order: 65 }],
  };
};
