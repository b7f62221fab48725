/**
 * Reports' manifest: the report pages (monthly, summary, 统1表/统2表 with their exports), 并发症统计 with its list,
 * the drill-down behind every count, month close, data validation (aggregate rules and their acknowledgements), the
 * county's dated 长效节育措施落实 rules, 指标库核对 (the figure store's nightly check), the supervisors' month-status
 * home panel, and the county's month up the chain to the city or province.
 */
import { Router } from 'express';
import type { Feature } from '../feature.ts';
import { closeHomePanels } from './close/panels.ts';
import { closeRoutes } from './close/routes.ts';
import { complicationsRoutes } from './complications/routes.ts';
import { countyCloseRoutes } from './county-close/routes.ts';
import { longActingRoutes } from './long-acting/routes.ts';
import { monthlyRoutes } from './monthly/routes.ts';
import { peopleRoutes } from './people/routes.ts';
import { validationRoutes } from './validation/routes.ts';
import { figureCheckRoutes } from './store/routes.ts';

export const reportsFeature: Feature = (ctx) => {
  const router = Router();
  monthlyRoutes(router, ctx);
  peopleRoutes(router, ctx);
  complicationsRoutes(router, ctx);
  closeRoutes(router, ctx);
  longActingRoutes(router, ctx);
  validationRoutes(router, ctx);
  countyCloseRoutes(router, ctx);
  figureCheckRoutes(router, ctx);
  return {
    router,
    nav: [{ key: 'reports', label: '统计报表', href: '/reports/monthly', permissions: ['reports.read'], order: 80 }],
    homePanels: closeHomePanels,
  };
};
