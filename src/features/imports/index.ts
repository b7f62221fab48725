/** The imports feature's manifest. */
import type { Feature } from '../feature.ts';
import { importsRoutes } from './routes.ts';

export const importsFeature: Feature = (ctx) => importsRoutes(ctx);
