/**
 * The certificate applications feature (issue 17 §1): one workflow for 生育登记, 再生育证, 光荣证, 婚育证明 and
 * 生殖健康服务证 — application from the card, township decision, numbering, printing, handing over, revocation.
 * Its manifest: the router built from each subject's routes, the 证件 nav item and the card's 证件申请 section.
 */
import { Router } from 'express';
import type { Feature } from '../feature.ts';
import { applicationsCardSections } from './applications/card-section.ts';
import { applicationRoutes } from './applications/routes.ts';
import { decisionRoutes } from './decisions/routes.ts';
import { printRoutes } from './print/routes.ts';

export const applicationsFeature: Feature = (ctx) => {
  const router = Router();
  // The print and step routes first: /applications/:id/print must not be taken for an edit of :id.
  printRoutes(router, ctx);
  decisionRoutes(router, ctx);
  applicationRoutes(router, ctx);
  return {
    router,
    nav: [{ key: 'applications', label: '证件', href: '/applications', permissions: ['cards.read'], order: 55 }],
    cardSections: applicationsCardSections,
  };
};
