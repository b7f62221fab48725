/** The audit feature's manifest: the audit log viewer. */
import { Router } from 'express';
import type { Feature } from '../feature.ts';
import { auditRoutes } from './log/routes.ts';

export const auditFeature: Feature = (ctx) => {
  const router = Router();
  auditRoutes(router, ctx);
  return { router, nav: [{ key: 'audit', label: '审计日志', href: '/audit', permissions: ['audit.read'], order: 100 }] };
};
