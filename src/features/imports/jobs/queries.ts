/**
 * SQL of the import jobs (import_jobs): the stored upload, its progress and outcome, and the advisory locks that
 * say a job's process is alive.
 */
import type { Knex } from 'knex';

import type { ImportJobsTable } from '../../../db/tables.ts';
import pg from 'pg';
import type { ImportProblem } from '../files/read-table.ts';

export type JobStatus = ImportJobsTable['status'];

/** A job as the pages read it: the row without the stored file, with its problems and notices parsed. */
export type JobRow = Omit<ImportJobsTable, 'file' | 'problems' | 'notices'> & { problems: ImportProblem[]; notices: string[] };

const JOB_COLUMNS = [
  'id',
  'kind',
  'file_name',
  'file_size',
  'user_id',
  'region_id',
  'status',
  'total_rows',
  'processed_rows',
  'problem_count',
  'to_create',
  'unchanged',
  'written',
  'error',
  'notices',
  'check_ms',
  'write_ms',
  'checked_at',
  'finished_at',
  'created_at',
  'updated_at',
];

export async function insertJob(db: Knex, row: Pick<ImportJobsTable, 'kind' | 'file_name' | 'file_size' | 'file' | 'user_id' | 'region_id'>): Promise<number> {
  const [created] = await db('import_jobs').insert(row).returning('id');
  return created.id;
}

/** A job of this user (jobs hold what the user uploaded: nobody else sees them). Problems only when asked. */
export async function findJob(db: Knex, userId: number, id: number, withProblems = false): Promise<JobRow | undefined> {
  return db('import_jobs')
    .where({ id, user_id: userId })
    .first(withProblems ? [...JOB_COLUMNS, 'problems'] : JOB_COLUMNS);
}

export async function jobFile(db: Knex, id: number): Promise<Buffer | undefined> {
  const row = await db('import_jobs').where({ id }).first('file');
  return row?.file ?? undefined;
}

export async function recentJobs(db: Knex, userId: number, limit = 20): Promise<JobRow[]> {
  return db('import_jobs').where({ user_id: userId }).orderBy('id', 'desc').limit(limit).select(JOB_COLUMNS);
}

/** Move a job on; `from` guards against two requests (or instances) moving the same job at once. */
export async function moveJob(db: Knex, id: number, from: JobStatus[], patch: Record<string, unknown>): Promise<boolean> {
  const n = await db('import_jobs')
    .where({ id })
    .whereIn('status', from)
    .update({ ...patch, version: db.raw('version + 1') });
  return n > 0;
}

export async function updateJob(db: Knex, id: number, patch: Record<string, unknown>): Promise<void> {
  await db('import_jobs').where({ id }).update(patch);
}

/**
 * Uploaded files are not kept for long: a newer file of the same kind replaces the user's unconfirmed one, and
 * a checked file nobody confirmed within a day is dropped.
 */
export async function discardPending(db: Knex, userId: number, kind: ImportJobsTable['kind'], exceptId: number): Promise<void> {
  await db('import_jobs').where({ user_id: userId, kind, status: 'checked' }).whereNot('id', exceptId).update({ status: 'discarded', file: null });
  await db('import_jobs').where('status', 'checked').andWhere('checked_at', '<', db.raw(`now() - interval '1 day'`)).update({ status: 'discarded', file: null });
}

/** Jobs that say they are running (on startup: which of them lost their process). */
export async function busyJobIds(db: Knex): Promise<number[]> {
  const rows: { id: number }[] = await db('import_jobs').whereIn('status', ['queued', 'checking', 'writing']).select('id');
  return rows.map((r) => r.id);
}

/**
 * Fail a running job whose process is gone: that process held the advisory lock (ns, id) for as long as it ran,
 * so getting the lock means nobody runs it. A transaction-scoped try-lock: released again at commit.
 */
export async function failIfOrphaned(db: Knex, ns: number, id: number, error: string): Promise<boolean> {
  return db.transaction(async (trx) => {
    const { rows } = await trx.raw<{ rows: { free: boolean }[] }>('select pg_try_advisory_xact_lock(?, ?) as free', [ns, id]);
    if (!rows[0].free) return false;
    const n = await trx('import_jobs')
      .where({ id })
      .whereIn('status', ['queued', 'checking', 'writing'])
      .update({ status: 'failed', file: null, error, version: trx.raw('version + 1') });
    return n > 0;
  });
}

/**
 * Take the advisory lock (ns, id) on a connection of its own, held until the returned client ends (the job's
 * "its process is alive" lock: if the server dies, the connection drops and the lock with it).
 */
export async function holdAdvisoryLock(dbUrl: string, ns: number, id: number): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: dbUrl, application_name: 'fp-portal-import-lock' });
  client.on('error', () => undefined);
  await client.connect();
  await client.query('select pg_advisory_lock($1, $2)', [ns, id]);
  return client;
}
