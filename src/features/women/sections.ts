/**
 * Sections of the card page that belong to other features (UI.md "The card page": 技术服务 · 随访 · 补助).
 * The register shows the rows of services and follow_ups through the small readers below; the services and
 * subsidies features replace or fill a section by registering a provider under the same key:
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

/** Services of a woman, newest first, with where they were recorded. */
export async function servicesOfWoman(db: Knex, womanId: number) {
  return db('services as s')
    .join('regions as v', 'v.id', 's.region_id')
    .leftJoin('users as u', 'u.id', 's.created_by')
    .where('s.woman_id', womanId)
    .select('s.id', 's.kind', 's.performed_on', 's.facility', 's.provider', 's.findings', 's.complication', 's.notes', 'v.name as village_name', 'u.display_name as created_by_name')
    .orderBy([{ column: 's.performed_on', order: 'desc' }, { column: 's.id', order: 'desc' }]);
}

/** Follow-ups of a woman: open ones first by due date, then done ones newest first. */
export async function followUpsOfWoman(db: Knex, womanId: number) {
  return db('follow_ups as f')
    .leftJoin('services as s', 's.id', 'f.service_id')
    .leftJoin('users as u', 'u.id', 'f.done_by')
    .where('f.woman_id', womanId)
    .select('f.id', 'f.level', 'f.due_on', 'f.done_on', 'f.result', 'f.note', 's.kind as service_kind', 's.performed_on as service_date', 'u.display_name as done_by_name')
    .orderByRaw('(f.done_on is not null), case when f.done_on is null then f.due_on end asc, f.done_on desc, f.id desc');
}

registerCardSection({
  key: 'services',
  order: 10,
  load: async ({ db, womanId }) => ({ title: '技术服务', view: 'women/_services', data: { rows: await servicesOfWoman(db, womanId) } }),
});

registerCardSection({
  key: 'follow_ups',
  order: 20,
  load: async ({ db, womanId, today }) => ({ title: '随访', view: 'women/_follow-ups', data: { rows: await followUpsOfWoman(db, womanId), today } }),
});

registerCardSection({
  key: 'subsidies',
  order: 40,
  load: async () => ({ title: '补助', view: 'women/_subsidies', data: {} }),
});
