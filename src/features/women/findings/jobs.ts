/**
 * The register's nightly jobs (idempotent, run in this order): exit the women who turned 50, then recompute
 * the date-dependent findings of every active card.
 */
import type { NightlyJob } from '../../../jobs/scheduler.ts';
import { exitOverAge } from '../exits/service.ts';
import { recomputeFindings } from './service.ts';

export const womenJobs: NightlyJob[] = [
  { name: 'women.exit-over-age', run: async (ctx, today) => `${await exitOverAge(ctx.db, today)} exited over_age` },
  {
    name: 'women.recompute-findings',
    run: async (ctx, today) => {
      const s = await recomputeFindings(ctx.db, today);
      return `${s.women} cards, ${s.errors} E, ${s.warnings} W, ${s.ms} ms`;
    },
  },
];
