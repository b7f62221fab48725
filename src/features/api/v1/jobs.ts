/** The API's nightly job: the call log keeps RETENTION_DAYS (the every-500-calls prune misses a quiet deployment). */
import type { NightlyJob } from '../../../jobs/scheduler.ts';
import { pruneCallLog, RETENTION_DAYS } from './service.ts';

export const apiJobs: NightlyJob[] = [{ name: 'api.prune-call-log', run: async (ctx) => `${await pruneCallLog(ctx.db, ctx.now())} calls older than ${RETENTION_DAYS} days removed` }];
