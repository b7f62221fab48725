/** The API feature's public API: the call log's retention (for a nightly job or an operator). */
export { pruneCallLog, RETENTION_DAYS } from './v1/service.ts';
export { apiJobs } from './v1/jobs.ts';
