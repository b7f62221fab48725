/** The population feature's manifest. */
import type { Feature } from '../feature.ts';
import { populationRoutes } from './routes.ts';

export const populationFeature: Feature = (ctx) => populationRoutes(ctx);
