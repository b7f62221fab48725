/**
 * Nightly jobs run once per day in the whole deployment (issue 19 §3), however many instances share the database:
 * one row per job and China date, written by the instance that ran it under a PostgreSQL advisory lock (see
 * src/jobs/scheduler.ts). `running` while it runs (a row left `running` by a process that died is run again),
 * `done` when it succeeded, `failed` with the error as its summary (tried again at a later tick, a few times a day).
 */
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('job_runs', (t) => {
    t.increments('id');
    t.text('name').notNullable();
    t.date('day').notNullable();
    t.text('status').notNullable();
    t.integer('attempts').notNullable().defaultTo(1);
    t.timestamp('started_at', { useTz: true }).notNullable();
    t.timestamp('finished_at', { useTz: true });
    t.text('instance').notNullable();
    t.text('summary');
    t.unique(['name', 'day']);
  });
  await knex.raw(`alter table job_runs
    add constraint job_runs_status_check check (status in ('running', 'done', 'failed')),
    add constraint job_runs_name_check check (length(name) between 1 and 100),
    add constraint job_runs_attempts_check check (attempts >= 1),
    add constraint job_runs_finished_check check ((status = 'running') = (finished_at is null) and (finished_at is null or finished_at >= started_at))`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('job_runs');
}
