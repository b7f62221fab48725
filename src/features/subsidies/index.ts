/** Subsidies' manifest: its pages, its home panels (applications waiting) and the card's 补助 section. */
import type { Feature } from '../feature.ts';
import { subsidiesCardSections } from './card-section.ts';
import { subsidiesHomePanels } from './panels.ts';
import { subsidiesRoutes } from './routes.ts';

export const subsidiesFeature: Feature = (ctx) => ({ ...subsidiesRoutes(ctx), homePanels: subsidiesHomePanels, cardSections: subsidiesCardSections });
