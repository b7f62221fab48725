/**
 * The follow-ups due in a period (the report's 随访应访 / 已访: follow_ups source, engine/sources.ts), read for a
 * whole period across the deployment: the due-date index now carries the village and the done date, so the count
 * is an index-only read (1,000 pages for a city's statistical year) instead of a visit to every due row's page
 * (16,000 pages, 110–310 ms of the city's year at city scale, depending on the cache; 66 ms with this index).
 * It replaces the plain due-date index, whose queries it serves.
 */
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`create index if not exists follow_ups_due_cover_idx on follow_ups (due_on) include (region_id, done_on)`);
  await knex.raw(`drop index if exists follow_ups_due_on_idx`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`create index if not exists follow_ups_due_on_idx on follow_ups (due_on)`);
  await knex.raw(`drop index if exists follow_ups_due_cover_idx`);
}
