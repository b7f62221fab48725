/**
 * Services (issue 4): how long an IUD or implant stays in before it is due for removal is data, like the
 * follow-up schedules (seeded in seeds/services.ts; a service form may still give its own date). Plus the index
 * the double-check round pages read by (round, status).
 */
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('device_lifetimes', (t) => {
    t.text('method').primary();
    t.integer('years').notNullable();
    t.text('note');
    t.timestamps(true, true);
  });
  await knex.raw(`
    alter table device_lifetimes
      add constraint device_lifetimes_method_check check (method in ('iud', 'implant')),
      add constraint device_lifetimes_years_check check (years between 1 and 30);
    create index check_results_round_status_idx on check_results (round_id, status);
    create index follow_ups_service_idx on follow_ups (service_id);
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    drop index if exists follow_ups_service_idx;
    drop index if exists check_results_round_status_idx;
    drop table if exists device_lifetimes;
  `);
}
