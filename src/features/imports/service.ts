/**
 * Import jobs: an upload is checked in the background of the server process (a dry run: every problem, nothing
 * written), the user reads the result on a status page that refreshes itself while the job runs, and confirms a
 * clean file, which is then written the same way (the importer checks everything again inside its one
 * transaction, so a change made meanwhile cannot slip in). Progress is stored in import_jobs, so any instance
 * can show it. The file is kept only until the import is written, fails or is abandoned.
 */
import type { Knex } from 'knex';
import type { Actor } from '../../auth/actor.ts';
import { can } from '../../domain/permissions.ts';
import { ForbiddenError, NotFoundError, ValidationError } from '../../http/errors.ts';
import { importKind } from './kinds.ts';
import * as q from './queries.ts';
import { readTable } from './read-table.ts';

export type { JobRow } from './queries.ts';

/** Problems kept with a job (the count is always exact; a file with more lists the first ones). */
export const MAX_STORED_PROBLEMS = 10_000;
/** A job that says it is running but has not moved for this long was cut off (a restart): it is failed. */
const STALE_SECONDS = 120;

const running = new Map<number, Promise<void>>();

export interface JobEnv {
  db: Knex;
  now: () => Date;
  /** Unexpected failures are logged here (the user sees a plain message). */
  logError: (err: unknown, jobId: number) => void;
}

export function kindFor(actor: Actor, key: string) {
  const kind = importKind(key);
  if (!kind) throw ValidationError.field('kind', '请选择导入类型');
  if (actor.userId !== 0 && !can(actor, kind.permission)) throw new ForbiddenError(`您的角色不能导入${kind.label}数据。`);
  return kind;
}

/** Store the upload and start checking it; returns the job id for the status page. */
export async function startImport(env: JobEnv, actor: Actor, input: { kind: string; fileName: string; data: Buffer }): Promise<number> {
  const kind = kindFor(actor, input.kind);
  if (!input.data.length) throw ValidationError.field('file', '请选择要导入的文件（CSV 或 XLSX）');
  if (!/\.(csv|txt|xlsx)$/i.test(input.fileName)) throw ValidationError.field('file', '只能导入 CSV 或 XLSX 文件（Excel 请另存为 .xlsx 或 .csv）');
  const id = await q.insertJob(env.db, { kind: kind.key, file_name: input.fileName, file_size: input.data.length, file: input.data, user_id: actor.userId, region_id: actor.regionId });
  await q.discardPending(env.db, actor.userId, kind.key, id);
  launch(env, actor, id, 'check');
  return id;
}

/** Write a checked, clean file (the owner confirms it). */
export async function confirmImport(env: JobEnv, actor: Actor, id: number): Promise<void> {
  const job = await getJob(env, actor, id);
  kindFor(actor, job.kind);
  if (job.status !== 'checked' || job.problem_count > 0) throw ValidationError.form('只有检查通过、尚未导入的文件才能确认导入。');
  if (!(await q.moveJob(env.db, id, ['checked'], { status: 'writing', processed_rows: 0 }))) throw ValidationError.form('该文件已在导入或已导入。');
  launch(env, actor, id, 'write');
}

export async function discardImport(env: JobEnv, actor: Actor, id: number): Promise<void> {
  await getJob(env, actor, id);
  await q.moveJob(env.db, id, ['checked', 'queued'], { status: 'discarded', file: null });
}

/** A job of this user; a job left "running" by a stopped process is marked failed first. */
export async function getJob(env: JobEnv, actor: Actor, id: number, withProblems = false): Promise<q.JobRow> {
  const job = await q.findJob(env.db, actor.userId, id, withProblems);
  if (!job) throw new NotFoundError('未找到该导入记录。');
  const busy = job.status === 'queued' || job.status === 'checking' || job.status === 'writing';
  if (busy && !running.has(id) && (await q.failIfStale(env.db, id, STALE_SECONDS, '导入被中断（服务器重启），未写入任何数据。请重新上传文件。'))) {
    return getJob(env, actor, id, withProblems);
  }
  return job;
}

export const recentImports = (db: Knex, actor: Actor) => q.recentJobs(db, actor.userId);

/** Resolves when the job's current phase has finished in this process (tests and the benchmark wait on it). */
export function whenSettled(id: number): Promise<void> {
  return running.get(id) ?? Promise.resolve();
}

function launch(env: JobEnv, actor: Actor, id: number, phase: 'check' | 'write'): void {
  const work = runPhase(env, actor, id, phase)
    .catch(async (err) => {
      env.logError(err, id);
      await q.updateJob(env.db, id, { status: 'failed', file: null, error: '导入出错，未写入任何数据。请稍后重试；如果问题持续，请联系县级管理员。' }).catch(() => undefined);
    })
    .finally(() => running.delete(id));
  running.set(id, work);
}

async function runPhase(env: JobEnv, actor: Actor, id: number, phase: 'check' | 'write'): Promise<void> {
  const started = Date.now();
  if (phase === 'check' && !(await q.moveJob(env.db, id, ['queued'], { status: 'checking' }))) return;
  const job = (await q.findJob(env.db, actor.userId, id))!;
  const kind = importKind(job.kind)!;
  const file = await q.jobFile(env.db, id);
  if (!file) throw new Error(`import job ${id} has no file`);

  let table;
  try {
    table = await readTable(file, job.file_name);
  } catch {
    await q.updateJob(env.db, id, { status: 'failed', file: null, error: '无法读取该文件：请确认是 CSV（UTF-8 或 GB18030）或 Excel .xlsx 文件。' });
    return;
  }
  await q.updateJob(env.db, id, { total_rows: table.rows.length, processed_rows: 0 });
  let last = 0;
  const onProgress = async (done: number, total: number) => {
    if (Date.now() - last < 400) return;
    last = Date.now();
    await q.updateJob(env.db, id, { processed_rows: done, total_rows: total });
  };
  const r = await kind.run(env.db, actor, table, { now: env.now(), dryRun: phase === 'check', onProgress, fileName: job.file_name });
  const ms = Date.now() - started;
  const problems = JSON.stringify(r.problems.slice(0, MAX_STORED_PROBLEMS));
  if (phase === 'check') {
    await q.updateJob(env.db, id, {
      status: 'checked', problems, problem_count: r.problems.length, to_create: r.toCreate, unchanged: r.unchanged, processed_rows: r.rows,
      check_ms: ms, checked_at: env.db.fn.now(), ...(r.problems.length ? { file: null } : {}),
    });
  } else if (r.problems.length) {
    await q.updateJob(env.db, id, {
      status: 'failed', problems, problem_count: r.problems.length, write_ms: ms, finished_at: env.db.fn.now(), file: null,
      error: '检查之后数据库中的数据有了变化，本次导入发现新的问题，未写入任何数据。请更正后重新上传。',
    });
  } else {
    await q.updateJob(env.db, id, { status: 'done', written: r.written, unchanged: r.unchanged, processed_rows: r.rows, write_ms: ms, finished_at: env.db.fn.now(), file: null });
  }
}
