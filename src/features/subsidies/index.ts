/**
 * The subsidies feature (issue 6; DESIGN §7): programs and standards, applications and their decisions, the
 * annual roster and 公示 list, the eligibility audit, payment batches. Its manifest: the router built from each
 * subject's routes (in this order), the 补助 nav item, the home panels (applications waiting) and the card's 补助
 * section.
 */
import { Router } from 'express';
import type { Feature } from '../feature.ts';
import { subsidiesCardSections } from './applications/card-section.ts';
import { applicationRoutes } from './applications/routes.ts';
import { subsidiesHomePanels } from './decisions/panels.ts';
import { decisionRoutes } from './decisions/routes.ts';
import { paymentRoutes } from './payments/routes.ts';
import { programRoutes } from './programs/routes.ts';
import { reviewRoutes } from './reviews/routes.ts';
import { rosterRoutes } from './rosters/routes.ts';

export const subsidiesFeature: Feature = (ctx) => {
  const router = Router();
  applicationRoutes(router, ctx);
  decisionRoutes(router, ctx);
  rosterRoutes(router, ctx);
  reviewRoutes(router, ctx);
  programRoutes(router, ctx);
  paymentRoutes(router, ctx);
  return {
    router,
    nav: [{ key: 'subsidies', label: '补助', href: '/subsidies/applications', permissions: ['subsidies.read'], order: 60 }],
    homePanels: subsidiesHomePanels,
    cardSections: subsidiesCardSections,
  };
};
