/**
 * Month close (DESIGN §6): one row per township and month, created when the month is first submitted (no row
 * means 未上报). The snapshot keeps every figure as submitted, so the report can show snapshot vs live, and
 * accepted_at marks the lock: entries dated inside an accepted month but created after accepted_at are 补报.
 */
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('report_periods', (t) => {
    t.increments('id');
    t.integer('township_id').notNullable().references('regions.id');
    t.date('month').notNullable();
    t.text('status').notNullable().defaultTo('open');
    t.jsonb('snapshot');
    t.integer('submitted_by').references('users.id');
    t.timestamp('submitted_at', { useTz: true });
    t.timestamp('first_submitted_at', { useTz: true });
    t.integer('accepted_by').references('users.id');
    t.timestamp('accepted_at', { useTz: true });
    t.integer('returned_by').references('users.id');
    t.timestamp('returned_at', { useTz: true });
    t.text('comment');
    t.integer('unlocked_by').references('users.id');
    t.timestamp('unlocked_at', { useTz: true });
    t.text('unlock_reason');
    t.integer('version').notNullable().defaultTo(1);
    t.timestamps(true, true);
    t.unique(['township_id', 'month']);
  });
  await knex.raw(`
    alter table report_periods
      add constraint report_periods_status_check check (status in ('open', 'submitted', 'accepted', 'returned')),
      add constraint report_periods_month_check check (month = date_trunc('month', month)::date),
      add constraint report_periods_accepted_check check ((status = 'accepted') = (accepted_at is not null)),
      add constraint report_periods_snapshot_check check (status not in ('submitted', 'accepted') or snapshot is not null);
    create index report_periods_month_idx on report_periods (month, status);
    create trigger report_periods_updated_at before update on report_periods
      for each row execute function set_updated_at();
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('report_periods');
}
