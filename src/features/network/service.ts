/**
 * The 网底 feature's public API (issue 16 §1: the village worker's reports and the township's confirm queue):
 *   event-reports:  reportEvent, getReport, villageReports, reportCounts, pickableWomen
 *   confirm-queue:  confirmQueue, pendingCount, confirmReport, returnReport
 */
export { reportEvent, getReport, villageReports, reportCounts, pickableWomen } from './event-reports/service.ts';
export { confirmQueue, pendingCount, confirmReport, returnReport } from './confirm-queue/service.ts';
