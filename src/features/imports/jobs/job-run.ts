/**
 * One phase of an import job (check = dry run, write), as it runs inside the import job process
 * (job-worker.ts): read the stored file within the limits, run the kind's importer, store the outcome on the job.
 * Everything the user sees comes from the job row, so the page and the thread share nothing but the database.
 */
import type { Knex } from 'knex';
import type { Actor } from '../../../auth/actor.ts';
import { importKind } from '../kinds/kinds.ts';
import * as q from './queries.ts';
import { readTable, TableLimitError } from '../files/read-file.ts';
import { importTable } from './run-file.ts';

/** Problems kept with a job (the count is always exact; a file with more lists the first ones). */
export const MAX_STORED_PROBLEMS = 10_000;

/** What the user reads when a job broke for a reason of ours (the log has the details). */
export const FAILED = '导入出错，未写入任何数据。请稍后重试；如果问题持续，请联系县级管理员。';

export const UNREADABLE = '无法读取该文件：请确认是 CSV（UTF-8 或 GB18030）或 Excel .xlsx 文件。';

export async function runPhase(db: Knex, actor: Actor, id: number, phase: 'check' | 'write', now: Date): Promise<void> {
  const started = Date.now();
  if (phase === 'check' && !(await q.moveJob(db, id, ['queued'], { status: 'checking' }))) return;
  const job = (await q.findJob(db, actor.userId, id))!;
  const kind = importKind(job.kind)!;
  const file = await q.jobFile(db, id);
  if (!file) throw new Error(`import job ${id} has no file`);

  let table;
  try {
    table = await readTable(file, job.file_name);
  } catch (err) {
    const error = err instanceof TableLimitError ? `${err.message}。未写入任何数据。` : UNREADABLE;
    await q.updateJob(db, id, { status: 'failed', file: null, error });
    return;
  }
  await q.updateJob(db, id, { total_rows: table.rows.length, processed_rows: 0 });
  let last = 0;
  const onProgress = async (done: number, total: number) => {
    if (Date.now() - last < 400) return;
    last = Date.now();
    await q.updateJob(db, id, { processed_rows: done, total_rows: total });
  };
  const r = await importTable(db, actor, kind, table, { now, dryRun: phase === 'check', onProgress, fileName: job.file_name });
  // Drop the table now: the rest of the job must not keep a 200,000-row file alive in the heap.
  // eslint-disable-next-line no-useless-assignment
  table = undefined;
  const ms = Date.now() - started;
  const problems = JSON.stringify(r.problems.slice(0, MAX_STORED_PROBLEMS));
  const notices = JSON.stringify(r.notices);
  if (phase === 'check') {
    await q.updateJob(db, id, {
      status: 'checked',
      problems,
      notices,
      problem_count: r.problems.length,
      to_create: r.toCreate,
      unchanged: r.unchanged,
      processed_rows: r.rows,
      check_ms: ms,
      checked_at: db.fn.now(),
      ...(r.problems.length ? { file: null } : {}),
    });
  } else if (r.problems.length) {
    await q.updateJob(db, id, {
      status: 'failed',
      problems,
      problem_count: r.problems.length,
      write_ms: ms,
      finished_at: db.fn.now(),
      file: null,
      error: '检查之后数据库中的数据有了变化，本次导入发现新的问题，未写入任何数据。请更正后重新上传。',
    });
  } else {
    await q.updateJob(db, id, { status: 'done', written: r.written, unchanged: r.unchanged, processed_rows: r.rows, write_ms: ms, finished_at: db.fn.now(), file: null });
  }
}
