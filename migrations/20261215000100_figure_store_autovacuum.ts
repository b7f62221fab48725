/**
 * The figure store's tables are vacuumed after a small share of their rows changed, not PostgreSQL's default 20%.
 * The reports read them index-only, which holds only for pages marked all-visible; every write of a record updates a
 * few rows of the store, and each update clears its page's mark until a vacuum sets it again. At the default, a
 * city's 12.6 million stock changes waited for 2.5 million changed rows — weeks of ordinary entry, by which time most
 * pages were unmarked and each report read the table's pages too (measured on the county alone: free-supply users
 * 13 ms on a vacuumed store, 36–41 ms with half its pages unmarked). The table list is FIGURE_STORE_TABLES'
 * (store/service.ts), written out: an applied migration is history; a test checks the two agree.
 */
import type { Knex } from 'knex';

const TABLES = [
  'figure_counts',
  'figure_count_months',
  'figure_contributions',
  'figure_touched',
  'figure_stock_contributions',
  'figure_stock_changes',
  'figure_stock_months',
  'figure_stock_base',
  'figure_store_meta',
];

/** A vacuum after 1% of a table's rows changed or were inserted (plus 1,000), an analyse after 2%. */
const SETTINGS = 'autovacuum_vacuum_scale_factor = 0.01, autovacuum_vacuum_insert_scale_factor = 0.01, autovacuum_analyze_scale_factor = 0.02';

export async function up(knex: Knex): Promise<void> {
  for (const table of TABLES) await knex.raw(`alter table ${table} set (${SETTINGS})`);
}

export async function down(knex: Knex): Promise<void> {
  for (const table of TABLES) await knex.raw(`alter table ${table} reset (autovacuum_vacuum_scale_factor, autovacuum_vacuum_insert_scale_factor, autovacuum_analyze_scale_factor)`);
}
