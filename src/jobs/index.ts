/** The nightly jobs, in order. Features add theirs here. */
import type { NightlyJob } from './scheduler.ts';
import { womenJobs } from '../features/women/jobs.ts';

export const nightlyJobs: NightlyJob[] = [...womenJobs];
