/**
 * The API feature's manifest (issue 19 §3): the admin pages of the API clients on the ordinary router, and the
 * JSON API with its documentation on `apiRouter`, which createApp mounts before the session, the body parsers
 * and the CSRF check (a bearer token authorises an API call, never a cookie).
 */
import { Router } from 'express';
import type { Feature } from '../feature.ts';
import { clientsRoutes } from './clients/routes.ts';
import { openApiRoutes } from './openapi/routes.ts';
import { v1Routes } from './v1/routes.ts';

export const apiFeature: Feature = (ctx) => {
  const router = Router();
  clientsRoutes(router, ctx);
  const apiRouter = Router();
  openApiRoutes(apiRouter);
  v1Routes(apiRouter, ctx);
  return {
    router,
    apiRouter,
    nav: [{ key: 'api-clients', label: '接口客户端', href: '/admin/api-clients', permissions: ['admin.api_clients'], order: 95 }],
  };
};
