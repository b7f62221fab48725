/**
 * Technical services' manifest (issue 4): recording services, follow-ups, double-check rounds, rosters, work
 * orders, free contraceptive supplies (免费药具发放), 孕前优生 (plans, checks, the target-couple list) — their pages;
 * the home panel of tasks; the card's 技术服务, 随访, 免费药具发放 and 孕前优生 sections.
 * Navigation: 技术服务 (/services) · 随访 (/follow-ups) · 花名册 (/rosters/should-adopt) · 随访规则
 * (/admin/follow-up-schedules: the schedules and device lifetimes, admin @ county).
 */
import { Router } from 'express';
import type { Feature } from '../feature.ts';
import { servicesCardSections } from './card/card-section.ts';
import { checkRoundRoutes } from './check-rounds/routes.ts';
import { followUpRoutes } from './follow-ups/routes.ts';
import { preconceptionCardSections } from './preconception/card-section.ts';
import { preconceptionRoutes } from './preconception/routes.ts';
import { recordRoutes } from './record/routes.ts';
import { rosterRoutes } from './rosters/routes.ts';
import { suppliesSection } from './supplies/card-section.ts';
import { supplyRoutes } from './supplies/routes.ts';
import { scheduleRoutes } from './schedules/routes.ts';
import { servicesHomePanels } from './work-orders/panels.ts';
import { workOrderRoutes } from './work-orders/routes.ts';

export const servicesFeature: Feature = (ctx) => {
  const router = Router();
  router.use(recordRoutes(ctx), followUpRoutes(ctx), supplyRoutes(ctx), checkRoundRoutes(ctx), preconceptionRoutes(ctx), rosterRoutes(ctx), workOrderRoutes(ctx), scheduleRoutes(ctx));
  return {
    router,
    nav: [
      { key: 'services', label: '技术服务', href: '/services', permissions: ['cards.read'], order: 20 },
      { key: 'follow-ups', label: '随访', href: '/follow-ups', permissions: ['cards.read'], order: 21 },
      { key: 'rosters', label: '花名册', href: '/rosters/should-adopt', permissions: ['rosters.read'], order: 22 },
      { key: 'follow-up-schedules', label: '随访规则', href: '/admin/follow-up-schedules', permissions: ['admin.schedules'], order: 93 },
    ],
    homePanels: servicesHomePanels,
    cardSections: [...servicesCardSections, suppliesSection, ...preconceptionCardSections],
  };
};
