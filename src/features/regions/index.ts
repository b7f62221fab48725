/** The regions feature's manifest: the admin's region tree. */
import { Router } from 'express';
import type { Feature } from '../feature.ts';
import { regionsRoutes } from './tree/routes.ts';

export const regionsFeature: Feature = (ctx) => {
  const router = Router();
  regionsRoutes(router, ctx);
  return { router };
};
