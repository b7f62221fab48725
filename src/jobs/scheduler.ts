/**
 * Nightly jobs (e.g. exiting women who turned 50). Ticks once shortly after start (a job missed while the server
 * was down still happens) and then every 15 minutes; each tick runs the jobs not yet done for today's China date.
 *
 * Once per day in the whole deployment, however many instances share the database: a job runs under a
 * PostgreSQL advisory lock (an instance that finds it taken skips the job: another is running it) and leaves a
 * job_runs row for (job, day); an instance that finds that row `done` skips it too. A job that failed is tried again
 * at the next tick, by whichever instance ticks first, up to MAX_ATTEMPTS times a day. Each job is idempotent.
 */
import os from 'node:os';
import type { AppContext } from '../context.ts';
import { chinaDate } from '../domain/dates.ts';
import { findJobRun, finishJobRun, startJobRun, tryJobLock } from './job-runs.ts';

export type NightlyJob = { name: string; run: (ctx: AppContext, today: string) => Promise<string | void> };

/** How often a failing job is tried in one day (one try per tick). */
export const MAX_ATTEMPTS = 3;

/**
 * What one instance did with a job at a tick: ran it (`done`, `failed`), or skipped it because it is `running`
 * elsewhere, was `already-done` today, or `gave-up` after MAX_ATTEMPTS failures today.
 */
export type JobOutcome = 'done' | 'failed' | 'running' | 'already-done' | 'gave-up';

export function instanceName(ctx: Pick<AppContext, 'config'>): string {
  return ctx.config.instanceName ?? `${os.hostname()}:${process.pid}`;
}

/** Run one job for `today` unless another instance runs it now or it is done (or given up) today. */
export async function runJobOnce(ctx: AppContext, job: NightlyJob, today: string): Promise<JobOutcome> {
  const lock = await ctx.db.transaction();
  try {
    if (!(await tryJobLock(lock, job.name))) return 'running';
    const prior = await findJobRun(ctx.db, job.name, today);
    if (prior?.status === 'done') return 'already-done';
    if (prior?.status === 'failed' && prior.attempts >= MAX_ATTEMPTS) return 'gave-up';
    await startJobRun(ctx.db, { name: job.name, day: today, instance: instanceName(ctx), at: ctx.now() });
    try {
      const summary = await job.run(ctx, today);
      await finishJobRun(ctx.db, { name: job.name, day: today, status: 'done', summary: summary || null, at: ctx.now() });
      ctx.logger.info({ job: job.name, summary }, 'nightly job done');
      return 'done';
    } catch (err) {
      await finishJobRun(ctx.db, { name: job.name, day: today, status: 'failed', summary: err instanceof Error ? err.message : String(err), at: ctx.now() });
      ctx.logger.error({ job: job.name, err }, 'nightly job failed');
      return 'failed';
    }
  } finally {
    // Ending the transaction releases the lock (a process that dies releases it with its connection).
    await lock.commit().catch(() => undefined);
  }
}

/** A scheduler's tick, callable on its own (tests tick two schedulers at the same moment). */
export function jobTicker(ctx: AppContext, jobs: NightlyJob[]) {
  const settled = new Map<string, string>();
  let running: Promise<Record<string, JobOutcome>> | undefined;
  const tick = async (): Promise<Record<string, JobOutcome>> => {
    const today = chinaDate(ctx.now());
    const outcomes: Record<string, JobOutcome> = {};
    for (const job of jobs) {
      if (settled.get(job.name) === today) continue;
      try {
        outcomes[job.name] = await runJobOnce(ctx, job, today);
      } catch (err) {
        // The database did not answer: the job is tried again at the next tick.
        ctx.logger.error({ job: job.name, err }, 'nightly job not started');
        continue;
      }
      if (['done', 'already-done', 'gave-up'].includes(outcomes[job.name]!)) settled.set(job.name, today);
    }
    return outcomes;
  };
  return () => {
    running ??= tick().finally(() => (running = undefined));
    return running;
  };
}

export function startScheduler(ctx: AppContext, jobs: NightlyJob[]): () => void {
  const tick = jobTicker(ctx, jobs);
  const run = () => void tick().catch((err: unknown) => ctx.logger.error({ err }, 'nightly jobs tick failed'));
  const first = setTimeout(run, 10_000);
  const every = setInterval(run, 15 * 60 * 1000);
  first.unref();
  every.unref();
  return () => {
    clearTimeout(first);
    clearInterval(every);
  };
}
