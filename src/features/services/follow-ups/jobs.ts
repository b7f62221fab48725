/** The follow-ups' nightly job (idempotent): this quarter's 药具 follow-ups of the women using a short-acting method. */
import type { NightlyJob } from '../../../jobs/scheduler.ts';
import { createQuarterFollowUps } from './events.ts';

export const followUpJobs: NightlyJob[] = [{ name: 'services.quarter-follow-ups', run: async (ctx, today) => `${await createQuarterFollowUps(ctx.db, today)} follow-ups made` }];
