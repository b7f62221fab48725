/** The regions feature's manifest. */
import type { Feature } from '../feature.ts';
import { regionsRoutes } from './routes.ts';

export const regionsFeature: Feature = (ctx) => regionsRoutes(ctx);
