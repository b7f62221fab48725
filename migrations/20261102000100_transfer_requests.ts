/**
 * Transfers may be started by either side (DESIGN §5 "entering an ID that is active elsewhere offers the
 * transfer"): the township holding the card sends it (origin), or the township where she now lives asks for it
 * (destination). The other side accepts; each side finds its waiting transfers by its own regions.
 */
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    alter table transfers
      add column initiated_by text not null default 'origin',
      add constraint transfers_initiated_by_check check (initiated_by in ('origin', 'destination'));
    create index transfers_from_idx on transfers (from_region_id, status);
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    drop index if exists transfers_from_idx;
    alter table transfers drop constraint if exists transfers_initiated_by_check, drop column if exists initiated_by;
  `);
}
