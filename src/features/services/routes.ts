/**
 * The services feature (issue 4): recording services, follow-ups, double-check rounds, rosters, work orders.
 * Navigation: 技术服务 (/services) · 随访 (/follow-ups) · 花名册 (/rosters/should-adopt).
 */
import { Router } from 'express';
import './card-section.ts';
import type { Feature } from '../feature.ts';
import { checkRoundRoutes } from './routes-check-rounds.ts';
import { followUpRoutes } from './routes-follow-ups.ts';
import { recordRoutes } from './routes-record.ts';
import { rosterRoutes } from './routes-rosters.ts';
import { workOrderRoutes } from './routes-work-orders.ts';

export const servicesRoutes: Feature = (ctx) => {
  const router = Router();
  router.use(recordRoutes(ctx), followUpRoutes(ctx), checkRoundRoutes(ctx), rosterRoutes(ctx), workOrderRoutes(ctx));
  return {
    router,
    nav: [
      { key: 'services', label: '技术服务', href: '/services', permissions: ['cards.read'], order: 20 },
      { key: 'follow-ups', label: '随访', href: '/follow-ups', permissions: ['cards.read'], order: 21 },
      { key: 'rosters', label: '花名册', href: '/rosters/should-adopt', permissions: ['rosters.read'], order: 22 },
    ],
  };
};
