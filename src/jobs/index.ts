/** The nightly jobs, in order. Features add theirs here. */
import type { NightlyJob } from './scheduler.ts';
import { womenJobs } from '../features/women/service.ts';
import { followUpJobs } from '../features/services/service.ts';
import { apiJobs } from '../features/api/service.ts';
import { figureJobs } from '../features/reports/service.ts';

export const nightlyJobs: NightlyJob[] = [...womenJobs, ...followUpJobs, ...apiJobs, ...figureJobs];
