/** Import jobs keep notes that are not problems (columns of the file that no template column reads). */
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`alter table import_jobs add column notices jsonb not null default '[]'`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('alter table import_jobs drop column notices');
}
