/** The home page's manifest: the page itself and the admin's panels (accounts, recent actions). */
import type { Feature } from '../feature.ts';
import { adminHomePanels } from './page/panels.ts';
import { homeRoutes } from './page/routes.ts';

export const homeFeature: Feature = (ctx) => ({ ...homeRoutes(ctx), homePanels: adminHomePanels });
