/**
 * What a feature is. Each feature's `index.ts` exports a `Feature`: a function of the app context returning its
 * manifest — its router, its navigation items, the home-page panels and card-page sections it contributes.
 * `createApp` gathers every manifest (the list is `src/features/index.ts`) and hands the panels and sections to
 * the home and card pages through `ctx.pages`. Nothing registers itself by being imported.
 */
import type { Router } from 'express';
import type { Knex } from 'knex';
import type { Actor } from '../auth/actor.ts';
import type { createPassport } from '../auth/passport.ts';
import type { AppContext } from '../context.ts';
import type { IsoDate } from '../domain/dates.ts';
import type { NavItem } from '../http/nav.ts';

/** One panel of the home page (UI.md "Home page by role"). */
export interface HomePanel {
  key: string;
  title: string;
  /** Partial under views/, rendered with `panel.data`. */
  view: string;
  data: Record<string, unknown>;
  order: number;
}

/** Returns undefined when it has nothing for this user. */
export type HomePanelProvider = (ctx: AppContext, actor: Actor) => Promise<HomePanel | undefined>;

export interface CardSectionContent {
  title: string;
  /** Partial under views/, rendered with `section.data` and `card`. */
  view: string;
  data: Record<string, unknown>;
}

export interface CardSectionLoadContext {
  db: Knex;
  actor: Actor;
  womanId: number;
  today: IsoDate;
}

/**
 * A section of the card page that belongs to another feature (UI.md "The card page": 技术服务 · 随访 · 补助).
 * Sections with order below 30 come before 证件, the rest after. Returning undefined hides the section.
 */
export interface CardSectionProvider {
  key: string;
  order: number;
  load: (ctx: CardSectionLoadContext) => Promise<CardSectionContent | undefined>;
}

/** What every feature contributes to the pages of others, gathered by createApp from the manifests. */
export interface PageContributions {
  homePanels: readonly HomePanelProvider[];
  cardSections: readonly CardSectionProvider[];
}

export interface FeatureContext extends AppContext {
  passport: ReturnType<typeof createPassport>;
  /** Filled by createApp once every manifest is in, before the first request; read it at request time. */
  pages: PageContributions;
}

export interface FeatureManifest {
  router: Router;
  nav?: NavItem[];
  homePanels?: HomePanelProvider[];
  cardSections?: CardSectionProvider[];
  /**
   * Routes that authenticate each request themselves (the JSON API's bearer tokens): mounted before the session,
   * the body parsers, passport and the CSRF check, so none of them applies there.
   */
  apiRouter?: Router;
}

export type Feature = (ctx: FeatureContext) => FeatureManifest;

/** The home page's panels for this user, in order. */
export async function homePanelsFor(pages: PageContributions, ctx: AppContext, actor: Actor): Promise<HomePanel[]> {
  const panels = await Promise.all(pages.homePanels.map((p) => p(ctx, actor)));
  return panels.filter((p): p is HomePanel => !!p).sort((a, b) => a.order - b.order);
}

/** The card page's sections from other features, in order (one at a time: each may run several queries). */
export async function cardSectionsFor(pages: PageContributions, ctx: CardSectionLoadContext) {
  const sorted = [...pages.cardSections].sort((a, b) => a.order - b.order);
  const out: (CardSectionContent & { key: string; order: number })[] = [];
  for (const p of sorted) {
    const content = await p.load(ctx);
    if (content) out.push({ key: p.key, order: p.order, ...content });
  }
  return out;
}
