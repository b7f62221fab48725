/** Accounts' manifest: sign-in, one's own password, and the admin's user pages. */
import { Router } from 'express';
import type { Feature } from '../feature.ts';
import { usersAdminRoutes } from './admin-routes.ts';
import { accountsRoutes } from './routes.ts';

export const accountsFeature: Feature = (ctx) => {
  const own = accountsRoutes(ctx);
  const admin = usersAdminRoutes(ctx);
  return { router: Router().use(own.router, admin.router), nav: [...(own.nav ?? []), ...(admin.nav ?? [])] };
};
