/**
 * The village 网底's manifest (issue 16 §1): the village worker's page (/village: her village's work order and
 * visits), her reported events (/village/reports) and the township's confirm queue (/confirm-queue); the home
 * panels of both. Navigation: 本村 · 村级上报 (village worker) · 上报确认 (township).
 */
import { Router } from 'express';
import type { Feature } from '../feature.ts';
import { networkHomePanels } from './confirm-queue/panels.ts';
import { confirmQueueRoutes } from './confirm-queue/routes.ts';
import { eventReportRoutes } from './event-reports/routes.ts';
import { villageHomeRoutes } from './village-home/routes.ts';

export const networkFeature: Feature = (ctx) => {
  const router = Router();
  router.use(eventReportRoutes(ctx), villageHomeRoutes(ctx), confirmQueueRoutes(ctx));
  return {
    router,
    nav: [
      { key: 'village', label: '本村', href: '/village', permissions: ['network.report'], order: 5 },
      { key: 'village-reports', label: '村级上报', href: '/village/reports', permissions: ['network.report'], order: 6 },
      { key: 'confirm-queue', label: '上报确认', href: '/confirm-queue', permissions: ['network.confirm'], order: 24 },
    ],
    homePanels: networkHomePanels,
  };
};
