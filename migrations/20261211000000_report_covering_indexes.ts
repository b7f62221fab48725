/**
 * Covering indexes for the reads of a roll-up over a whole city (issue 19 §2), measured at 1,000,000 cards: the
 * year's stock base was read row by row from the heap (21,800 rows on as many pages: 300 ms), and the 孕前 target
 * couples' marriages of the last 12 months likewise (26,000 rows: 470 ms), and each couple's latest marital event
 * (40,000 heap reads and sorts: 670 ms). With the columns in the index all three are index-only scans. The older
 * single-column date index on marital_events is covered by the new one. The procedures entered in a period (统计准确率,
 * 补报) were found through every service entered then (166,000 a month in a city, 4% of them procedures): by kind
 * and entry date they are read directly.
 */
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create index if not exists figure_stock_base_year_idx on figure_stock_base (year, village_id, key) include (n);
    create index if not exists marital_events_effective_kind_idx on marital_events (effective_on) include (kind, woman_id);
    create index if not exists marital_events_woman_latest_idx on marital_events (woman_id, effective_on desc, id desc) include (kind);
    create index if not exists services_kind_created_idx on services (kind, created_at);
    drop index if exists marital_events_effective_on_idx;
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    drop index if exists figure_stock_base_year_idx, marital_events_effective_kind_idx, marital_events_woman_latest_idx, services_kind_created_idx;
    create index if not exists marital_events_effective_on_idx on marital_events (effective_on);
  `);
}
