/**
 * The report page's charts (births by sex and procedures, the 12 months to the report's: engine/queries.ts
 * monthlySeries) read three keys of a region's villages' month sums. By village, key and month, carrying the count,
 * that is three index-only ranges per village: 2.5 ms for a county's year at city scale and alone, where the primary
 * key (village, month, key) visited the table for 25 rows in each village's 480 (7.3 ms at city scale) and the
 * month-first index read every village's month sums (5.6 ms alone).
 */
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`create index if not exists figure_count_months_village_key_idx on figure_count_months (village_id, key, month) include (n)`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`drop index if exists figure_count_months_village_key_idx`);
}
