/** The audit feature's manifest. */
import type { Feature } from '../feature.ts';
import { auditRoutes } from './routes.ts';

export const auditFeature: Feature = (ctx) => auditRoutes(ctx);
