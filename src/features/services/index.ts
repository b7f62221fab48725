/** Technical services' manifest: its pages, its home panel (tasks) and the card's 技术服务 and 随访 sections. */
import type { Feature } from '../feature.ts';
import { servicesCardSections } from './card-section.ts';
import { servicesHomePanels } from './panels.ts';
import { servicesRoutes } from './routes.ts';

export const servicesFeature: Feature = (ctx) => ({ ...servicesRoutes(ctx), homePanels: servicesHomePanels, cardSections: servicesCardSections });
