/**
 * Nightly jobs (e.g. exiting women who turned 50). Run once shortly after start (a job missed while the server
 * was down still happens) and then whenever the China calendar date changes. Each job is idempotent.
 */
import type { AppContext } from '../context.ts';
import { chinaDate } from '../domain/dates.ts';

export type NightlyJob = { name: string; run: (ctx: AppContext, today: string) => Promise<string | void> };

export function startScheduler(ctx: AppContext, jobs: NightlyJob[]): () => void {
  let lastDate = '';
  let running = false;
  const tick = async () => {
    const today = chinaDate(ctx.now());
    if (running || today === lastDate) return;
    running = true;
    try {
      for (const job of jobs) {
        try {
          const summary = await job.run(ctx, today);
          ctx.logger.info({ job: job.name, summary }, 'nightly job done');
        } catch (err) {
          ctx.logger.error({ job: job.name, err }, 'nightly job failed');
        }
      }
      lastDate = today;
    } finally {
      running = false;
    }
  };
  const first = setTimeout(tick, 10_000);
  const every = setInterval(tick, 15 * 60 * 1000);
  first.unref();
  every.unref();
  return () => {
    clearTimeout(first);
    clearInterval(every);
  };
}
