/**
 * Floating women's manifest (issue 16 §2): the 婚育证明 check list, the verification schedule, the 协查 queue between
 * townships (and with partner counties through signed exchange packages); the home panel of 协查 to answer.
 * Navigation: 流动人口 (/floating/certificates).
 */
import { Router } from 'express';
import type { Feature } from '../feature.ts';
import { certificateCheckRoutes } from './certificates-check/routes.ts';
import { exchangeRoutes } from './exchange/routes.ts';
import { queriesSection } from './queries/card-section.ts';
import { queryHomePanels } from './queries/panels.ts';
import { queryRoutes } from './queries/routes.ts';
import { verificationRoutes } from './verifications/routes.ts';

export const floatingFeature: Feature = (ctx) => {
  const router = Router();
  router.use(certificateCheckRoutes(ctx), verificationRoutes(ctx), queryRoutes(ctx), exchangeRoutes(ctx));
  return {
    router,
    nav: [{ key: 'floating', label: '流动人口', href: '/floating/certificates', permissions: ['cards.read'], order: 23 }],
    homePanels: queryHomePanels,
    cardSections: [queriesSection],
  };
};
