/** The nightly jobs, in order. Features add theirs here. */
import type { NightlyJob } from './scheduler.ts';

export const nightlyJobs: NightlyJob[] = [];
