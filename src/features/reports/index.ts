/** Reports' manifest: its pages and the supervisors' month-status home panel. */
import type { Feature } from '../feature.ts';
import { reportsHomePanels } from './home-panel.ts';
import { reportsRoutes } from './routes.ts';

export const reportsFeature: Feature = (ctx) => ({ ...reportsRoutes(ctx), homePanels: reportsHomePanels });
