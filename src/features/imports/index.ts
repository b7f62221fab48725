/**
 * The imports feature's manifest: blank templates (kinds/), the upload page and its jobs (jobs/), and the list
 * downloads (exports/), mounted in that order.
 */
import { Router } from 'express';
import type { Feature } from '../feature.ts';
import { exportRoutes } from './exports/routes.ts';
import { jobRoutes } from './jobs/routes.ts';
import { templateRoutes } from './kinds/routes.ts';

export const importsFeature: Feature = (ctx) => {
  const router = Router();
  router.use(templateRoutes(ctx), jobRoutes(ctx), exportRoutes(ctx));
  return {
    router,
    nav: [{ key: 'imports', label: '数据导入', href: '/imports', permissions: ['imports.write', 'admin.regions'], order: 85 }],
  };
};
