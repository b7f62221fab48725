/**
 * Indexes for the report engine, from EXPLAIN ANALYZE on a 100,000-card county (test/bench/report-scale.ts):
 * - when each record was entered (created_at), for 补报 and 往年出生未报 — a month of entries instead of a scan of
 *   every child, pregnancy, service and certificate;
 * - pregnancies by the day they were found (the existing index leads with the village);
 * - first marriages and migration by their date (partial: only the rows that can count);
 * - contraception episodes per woman in start order with the method, so "the method held on a date" is an
 *   index-only scan instead of a sort.
 */
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create index children_created_idx on children (created_at);
    create index pregnancies_created_idx on pregnancies (created_at);
    create index services_created_idx on services (created_at);
    create index certificates_created_idx on certificates (created_at);
    create index pregnancies_found_on_idx on pregnancies (found_on);
    create index women_first_marriage_idx on women (marriage_date) where marital_status = 'first_marriage';
    create index women_migrant_since_idx on women (migrant_since) where migrant_status in ('inflow', 'outflow');
    create index episodes_woman_start_idx on contraception_episodes (woman_id, started_on desc, id desc) include (method, ended_on);
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    drop index if exists children_created_idx, pregnancies_created_idx, services_created_idx, certificates_created_idx,
      pregnancies_found_on_idx, women_first_marriage_idx, women_migrant_since_idx, episodes_woman_start_idx;
  `);
}
