/**
 * The subsidies feature (issue 6; DESIGN §7): programs and standards, applications and their decisions,
 * the annual roster and 公示 list, the eligibility audit, payment batches. Each area has its own route file.
 */
import { Router } from 'express';
import './card-section.ts';
import type { Feature } from '../feature.ts';
import { applicationRoutes } from './routes-applications.ts';
import { decisionRoutes } from './routes-decisions.ts';
import { paymentRoutes } from './routes-payments.ts';
import { programRoutes } from './routes-programs.ts';
import { rosterRoutes } from './routes-rosters.ts';

export const subsidiesRoutes: Feature = (ctx) => {
  const router = Router();
  applicationRoutes(router, ctx);
  decisionRoutes(router, ctx);
  rosterRoutes(router, ctx);
  programRoutes(router, ctx);
  paymentRoutes(router, ctx);
  return { router, nav: [{ key: 'subsidies', label: '补助', href: '/subsidies/applications', permissions: ['subsidies.read'], order: 60 }] };
};
