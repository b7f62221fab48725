/** The population feature's manifest: the figures grid (figures/). */
import type { Feature } from '../feature.ts';
import { figureRoutes } from './figures/routes.ts';

export const populationFeature: Feature = (ctx) => ({
  router: figureRoutes(ctx),
  nav: [{ key: 'population', label: '人口数据', href: '/population', permissions: ['population.write', 'reports.read'], order: 60 }],
});
