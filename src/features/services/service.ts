/**
 * The services feature's public API (other features call these, never the queries):
 *   record:      recordService (POST /women/:id/services; imports of 技术服务 call it too), canRecordServices
 *   card page:   servicesForWoman, followUpsForWoman (+ views/services/_card-services.ejs, _card-follow-ups.ejs)
 *   follow-ups:  searchFollowUps, followUpSummary, getFollowUp, completeFollowUp
 *   rounds:      openRound, listRounds, currentRounds, getRound, roundEntries, excuseFromRound, addToRound, closeRound
 *   rosters:     shouldAdoptRoster, shouldAdoptCounts, removalsRoster, rosterMonth
 *   work orders: workOrder
 */
export { recordService, canRecordServices, type RecordedService, type RecordOptions } from './record.ts';
export { servicesForWoman, followUpsForWoman } from './card.ts';
export { searchFollowUps, followUpSummary, getFollowUp, completeFollowUp } from './follow-ups.ts';
export { openRound, listRounds, currentRounds, getRound, roundEntries, excuseFromRound, addToRound, closeRound } from './check-rounds.ts';
export { shouldAdoptRoster, shouldAdoptCounts, removalsRoster, rosterMonth } from './rosters.ts';
export { workOrder } from './work-orders.ts';
export type { ServiceInput } from './schemas.ts';
export { PAGE_LINES, linesIn, paginateSheet, textEm } from './print-sheets.ts';
export { removalsDueCount } from './rosters.ts';
