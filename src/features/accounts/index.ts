/** Accounts' manifest: sign-in, one's own password, and the admin's user pages (with the 管理 menu entry). */
import { Router } from 'express';
import type { Feature } from '../feature.ts';
import { passwordRoutes } from './passwords/routes.ts';
import { signInRoutes } from './sign-in/routes.ts';
import { usersRoutes } from './users/routes.ts';

export const accountsFeature: Feature = (ctx) => {
  const router = Router();
  signInRoutes(router, ctx);
  passwordRoutes(router, ctx);
  usersRoutes(router, ctx);
  return { router, nav: [{ key: 'admin', label: '管理', href: '/admin/regions', permissions: ['admin.regions'], order: 90 }] };
};
