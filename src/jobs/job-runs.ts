/**
 * The SQL of "run once per day in the deployment": an advisory lock per job name held by a transaction for the
 * length of the run, and the job_runs row that says whether today's run is done.
 */
import type { Knex } from 'knex';

/** The first key of the jobs' advisory locks (the second is hashtext(name)); other locks use other classes. */
export const JOB_LOCK_CLASS = 190301;

export type JobRunStatus = 'running' | 'done' | 'failed';

export interface JobRunRow {
  name: string;
  day: string;
  status: JobRunStatus;
  attempts: number;
  instance: string;
  summary: string | null;
}

/** Take the job's lock for the life of `trx`; false when another process holds it (the job runs there now). */
export async function tryJobLock(trx: Knex.Transaction, name: string): Promise<boolean> {
  const { rows } = await trx.raw<{ rows: { locked: boolean }[] }>('select pg_try_advisory_xact_lock(?, hashtext(?)) as locked', [JOB_LOCK_CLASS, name]);
  return rows[0]!.locked;
}

export async function findJobRun(db: Knex, name: string, day: string): Promise<JobRunRow | undefined> {
  return db('job_runs').where({ name, day }).first('name', 'day', 'status', 'attempts', 'instance', 'summary');
}

/** Mark today's run started (a new row, or the next attempt of a failed or abandoned one). */
export async function startJobRun(db: Knex, input: { name: string; day: string; instance: string; at: Date }): Promise<void> {
  await db('job_runs')
    .insert({ name: input.name, day: input.day, status: 'running', attempts: 1, started_at: input.at, finished_at: null, instance: input.instance, summary: null })
    .onConflict(['name', 'day'])
    .merge({ status: 'running', attempts: db.raw('job_runs.attempts + 1'), started_at: input.at, finished_at: null, instance: input.instance, summary: null });
}

export async function finishJobRun(db: Knex, input: { name: string; day: string; status: 'done' | 'failed'; summary: string | null; at: Date }): Promise<void> {
  await db('job_runs')
    .where({ name: input.name, day: input.day })
    .update({ status: input.status, summary: input.summary, finished_at: db.raw('greatest(?::timestamptz, started_at)', [input.at]) });
}
