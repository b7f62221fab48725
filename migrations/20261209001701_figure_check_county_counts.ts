/**
 * Past one county (issue 19): /admin/figure-check shows each reader the differences in her own region, while the
 * nightly check stays whole-database. figure_check_runs.county_differences counts the run's differences per county
 * code ({"990100": 3}), so a county's count is hers even when the stored details are cut at 200 per county. Older
 * runs have {} (the page then counts their stored details).
 * Self-contained: migrations never import application code.
 */
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`alter table figure_check_runs add column county_differences jsonb not null default '{}'::jsonb;`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`alter table figure_check_runs drop column county_differences;`);
}
