/** The figure store's nightly job: compare it with the live source SQL for the whole database (recorded in figure_check_runs). */
import type { NightlyJob } from '../../../jobs/scheduler.ts';
import { checkFigureStore } from './service.ts';

export const figureJobs: NightlyJob[] = [
  {
    name: 'reports.figure-check',
    run: async (ctx) => {
      const { run, ms } = await checkFigureStore(ctx.db, ctx.now());
      return `${run.keys_compared} figures compared, ${run.differences} differences, ${ms} ms`;
    },
  },
];
