/** The register's manifest: its pages, its home panels (data quality, transfers waiting). */
import type { Feature } from '../feature.ts';
import { womenHomePanels } from './panels.ts';
import { womenRoutes } from './routes.ts';

export const womenFeature: Feature = (ctx) => ({ ...womenRoutes(ctx), homePanels: womenHomePanels });
