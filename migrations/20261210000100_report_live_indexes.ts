/**
 * Indexes for the parts of a report still computed live (issue 19 §2), each a whole-table scan on the
 * 100,000-card county before: the 孕前 target couples read the marriages of the last 12 months by date; the special
 * families read the children who died or are disabled; free_supply_users reads the stored short-acting users of the
 * report's villages (figure_stock_contributions by key and village, then whether each was supplied in the period).
 */
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create index if not exists marital_events_effective_on_idx on marital_events (effective_on);
    create index if not exists children_special_idx on children (woman_id) where vital_status in ('deceased', 'disabled');
    create index if not exists free_supplies_supplied_on_idx on free_supplies (supplied_on, woman_id);
    create index if not exists figure_stock_contributions_key_idx on figure_stock_contributions (key, village_id, woman_id) include (day, n);
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index if exists marital_events_effective_on_idx, children_special_idx, free_supplies_supplied_on_idx, figure_stock_contributions_key_idx');
}
