/**
 * Sections of the card page that belong to other features (UI.md "The card page": 技术服务 · 随访 · 补助).
 * The services feature registers 技术服务 and 随访, the subsidies feature 补助:
 *
 *   registerCardSection({ key: 'subsidies', order: 90, load: async ({ db, womanId }) => ({ title: '补助',
 *     view: 'subsidies/_card-section', data: {...} }) })
 *
 * A provider returning undefined hides its section. Sections with order below 30 come before 证件, the rest after.
 */
import type { Knex } from 'knex';
import type { Actor } from '../../auth/actor.ts';
import type { IsoDate } from '../../domain/dates.ts';

export interface CardSectionContent {
  title: string;
  /** Partial under views/, rendered with `section.data` and `card`. */
  view: string;
  data: Record<string, unknown>;
}

export interface CardSectionProvider {
  key: string;
  order: number;
  load: (ctx: { db: Knex; actor: Actor; womanId: number; today: IsoDate }) => Promise<CardSectionContent | undefined>;
}

const providers = new Map<string, CardSectionProvider>();

/** Add a section, or replace the one with the same key (the last registration wins). */
export function registerCardSection(provider: CardSectionProvider): void {
  providers.set(provider.key, provider);
}

export async function cardSections(ctx: { db: Knex; actor: Actor; womanId: number; today: IsoDate }) {
  const sorted = [...providers.values()].sort((a, b) => a.order - b.order);
  const out: (CardSectionContent & { key: string; order: number })[] = [];
  for (const p of sorted) {
    const content = await p.load(ctx);
    if (content) out.push({ key: p.key, order: p.order, ...content });
  }
  return out;
}
