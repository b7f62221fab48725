/**
 * The register's manifest (育龄妇女): its pages, built from its subjects' routes (list, card, events on the card,
 * moves, exits, status histories, the data-quality list, the county's birth policy), its card section (状态变更记录), its home panels (data quality, transfers waiting) and its menu entry.
 */
import { Router } from 'express';
import type { Feature } from '../feature.ts';
import { mountBirthPolicyRoutes } from './birth-policy/routes.ts';
import { mountCardRoutes } from './cards/routes.ts';
import { mountEventRoutes } from './events/routes.ts';
import { mountExitRoutes } from './exits/routes.ts';
import { findingsPanels } from './findings/panels.ts';
import { mountFindingRoutes } from './findings/routes.ts';
import { historiesCardSections } from './histories/card-section.ts';
import { mountHistoryRoutes } from './histories/routes.ts';
import { mountListRoutes } from './list/routes.ts';
import { transfersPanels } from './transfers/panels.ts';
import { mountTransferRoutes } from './transfers/routes.ts';

export const womenFeature: Feature = (ctx) => {
  const router = Router();
  // In this order: /women/new and /transfers/request before the :id routes that would otherwise swallow them.
  mountListRoutes(router, ctx);
  mountCardRoutes(router, ctx);
  mountEventRoutes(router, ctx);
  mountTransferRoutes(router, ctx);
  mountExitRoutes(router, ctx);
  mountHistoryRoutes(router, ctx);
  mountFindingRoutes(router, ctx);
  mountBirthPolicyRoutes(router, ctx);
  return {
    router,
    nav: [
      { key: 'women', label: '育龄妇女', href: '/women', permissions: ['cards.read'], order: 10 },
      { key: 'birth-policy', label: '生育政策', href: '/admin/birth-policy', permissions: ['admin.birth_policy'], order: 91 },
    ],
    homePanels: [...findingsPanels, ...transfersPanels],
    cardSections: historiesCardSections,
  };
};
