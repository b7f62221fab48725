/**
 * The register feature (育龄妇女): cards, events, moves, exits and the exception list. Routes are split by
 * subject (cards-routes, events-routes, moves-routes, exceptions-routes); each file lists its URLs.
 */
import { Router } from 'express';
import type { Feature } from '../feature.ts';
import { mountCardRoutes } from './cards-routes.ts';
import { mountEventRoutes } from './events-routes.ts';
import { mountExceptionRoutes } from './exceptions-routes.ts';
import { mountMoveRoutes } from './moves-routes.ts';

export const womenRoutes: Feature = (ctx) => {
  const router = Router();
  // /women/new and /transfers/request before the :id routes that would otherwise swallow them.
  mountCardRoutes(router, ctx);
  mountEventRoutes(router, ctx);
  mountMoveRoutes(router, ctx);
  mountExceptionRoutes(router, ctx);
  return { router, nav: [{ key: 'women', label: '育龄妇女', href: '/women', permissions: ['cards.read'], order: 10 }] };
};
