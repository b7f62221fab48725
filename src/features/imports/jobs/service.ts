/**
 * Import jobs (the queue): an upload is checked in a job process of its own (job-worker.ts; a dry run: every
 * problem, nothing written), the user reads the result on a status page that refreshes itself while the job
 * runs, and confirms a clean file, which is then written the same way (the importer checks everything again
 * inside its one transaction, so a change made meanwhile cannot slip in). Progress is stored in import_jobs, so
 * any instance can show it. The file is kept only until the import is written, fails or is abandoned.
 */
import type { Knex } from 'knex';
import { forkModule, projectRoot } from '../../../runtime.ts';
import type pg from 'pg';
import type { Actor } from '../../../auth/actor.ts';
import { can } from '../../../domain/permissions.ts';
import { ForbiddenError, NotFoundError, ValidationError } from '../../../errors.ts';
import { importKind } from '../kinds/kinds.ts';
import * as q from './queries.ts';
import { FAILED } from './job-run.ts';
import type { WorkerInput, WorkerReport } from './job-worker.ts';

export type { JobRow } from './queries.ts';

export { MAX_STORED_PROBLEMS } from './job-run.ts';

/** Namespace of the advisory locks that say "this job's process is alive" (the second key is the job id). */
const LOCK_NS = 7_240_012;
const INTERRUPTED = '导入被中断（服务器重启），未写入任何数据。请重新上传文件。';
/** A job process whose heap passes this ends alone; the server keeps answering (a 100,000-row women check keeps ~190 MB live; a tighter ceiling also makes its GC keep the heap near that). */
const WORKER_HEAP_MB = 512;
const OUT_OF_MEMORY = '文件太大，检查时超出了服务器为导入留出的内存，未写入任何数据。请分成几个文件导入。';

const running = new Map<number, Promise<void>>();

export interface JobEnv {
  db: Knex;
  /** The database the job process connects to (the same as db's). */
  dbUrl: string;
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
  launch(env, actor, id, 'check', await lockJob(env, id));
  return id;
}

/** Write a checked, clean file (the owner confirms it). */
export async function confirmImport(env: JobEnv, actor: Actor, id: number): Promise<void> {
  const job = await getJob(env, actor, id);
  kindFor(actor, job.kind);
  if (job.status !== 'checked' || job.problem_count > 0) throw ValidationError.form('只有检查通过、尚未导入的文件才能确认导入。');
  const lock = await lockJob(env, id);
  if (!(await q.moveJob(env.db, id, ['checked'], { status: 'writing', processed_rows: 0 }))) {
    await lock.end();
    throw ValidationError.form('该文件已在导入或已导入。');
  }
  launch(env, actor, id, 'write', lock);
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
  if (busy && !running.has(id) && (await q.failIfOrphaned(env.db, LOCK_NS, id, INTERRUPTED))) {
    return getJob(env, actor, id, withProblems);
  }
  return job;
}

export const recentImports = (db: Knex, actor: Actor) => q.recentJobs(db, actor.userId);

/** Resolves when the job's current phase has finished in this process (tests and the benchmark wait on it). */
export function whenSettled(id: number): Promise<void> {
  return running.get(id) ?? Promise.resolve();
}

/** The connection string of a knex made by createDb (the job process opens its own pool on it). */
export function connectionStringOf(db: Knex): string {
  const c = (db.client as { config: { connection: unknown } }).config.connection as { connectionString?: string } | string;
  const url = typeof c === 'string' ? c : c.connectionString;
  if (!url) throw new Error('import jobs need a database connection string');
  return url;
}

/**
 * Jobs left queued/checking/writing by a process that is gone (killed, crashed, restarted) are failed, and say
 * so. A running job's process holds an advisory lock for it, so this is right with several instances too.
 */
export async function failOrphanedJobs(db: Knex): Promise<number> {
  let n = 0;
  for (const id of await q.busyJobIds(db)) if (!running.has(id) && (await q.failIfOrphaned(db, LOCK_NS, id, INTERRUPTED))) n += 1;
  return n;
}

/**
 * Run a phase in a job process. This process holds the job's advisory lock on its own connection while the
 * job runs: if the server dies the connection drops, the lock with it (and the job process, whose IPC channel
 * closes), and the job reads as interrupted.
 */
function launch(env: JobEnv, actor: Actor, id: number, phase: 'check' | 'write', lock: pg.Client): void {
  const input: WorkerInput = { dbUrl: env.dbUrl, actor: { ...actor }, jobId: id, phase, now: env.now().toISOString() };
  const work = new Promise<void>((resolve) => {
    const child = forkModule(new URL('./job-worker.ts', import.meta.url), [], {
      // The compiled job-worker.js, or job-worker.ts through tsx, resolved from the project's folder whatever the server's cwd.
      cwd: projectRoot,
      execArgv: [`--max-old-space-size=${WORKER_HEAP_MB}`],
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    // The last lines of its stderr say why a process died (V8 prints "heap out of memory" before aborting).
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
    let reported = false;
    const fail = (error: string) =>
      void q
        .updateJob(env.db, id, { status: 'failed', file: null, error })
        .catch(() => undefined)
        .finally(resolve);
    child.on('message', (m: WorkerReport) => {
      reported = true;
      if (!m.ok) env.logError(Object.assign(new Error(m.error.message), { stack: m.error.stack }), id);
    });
    child.on('error', (err) => {
      if (reported) return;
      reported = true;
      env.logError(err, id);
      fail(FAILED);
    });
    child.on('exit', (code, signal) => {
      if (reported && code === 0) return resolve();
      if (reported) return resolve();
      const outOfMemory = /heap out of memory|Allocation failed/i.test(stderr) || signal === 'SIGABRT' || code === 134;
      env.logError(new Error(`import job process exited (code ${code}, signal ${signal}): ${stderr.slice(-500)}`), id);
      fail(outOfMemory ? OUT_OF_MEMORY : FAILED);
    });
    child.send(input);
  }).finally(async () => {
    running.delete(id);
    await lock.end().catch(() => undefined);
  });
  running.set(id, work);
}

/** Take the job's liveness lock on a connection of its own (held until the phase ends; end() releases it). */
export async function lockJob(env: Pick<JobEnv, 'dbUrl'>, id: number): Promise<pg.Client> {
  return q.holdAdvisoryLock(env.dbUrl, LOCK_NS, id);
}
