/**
 * The services feature's public API (other features, the CLI, seeds and tests call these, never a subject's files):
 *   record:      recordService (raw values: imports of 技术服务 call it too), canRecordServices
 *   card page:   servicesForWoman, followUpsForWoman (+ views/services/_card-services.ejs, _card-follow-ups.ejs)
 *   follow-ups:  searchFollowUps, followUpSummary, getFollowUp, completeFollowUp; withEventFollowUps (a card write
 *                with the 新婚/怀孕/产后 follow-ups of the events it adds), createEventFollowUps, createQuarterFollowUps
 *                and followUpJobs (the nightly 药具 follow-ups)
 *   schedules:   createSchedule, changeSchedule, setDeviceLifetimes, schedulesPage (/admin/follow-up-schedules)
 *   rounds:      openRound, listRounds, currentRounds, getRound, roundEntries, excuseFromRound, addToRound, closeRound
 *   rosters:     shouldAdoptRoster, shouldAdoptCounts, removalsRoster, removalsDueCount, rosterMonth
 *   work orders: workOrder
 *   supplies:    recordSupply, suppliesForWoman, listSupplies (免费药具发放)
 *   孕前优生:     registerPlan, endPlan, recordCheck, preconceptionOf, targetCouples
 *   print:       PAGE_LINES, linesIn, paginateSheet, textEm (cutting village sheets into pages)
 */
export { recordService, canRecordServices, type RecordedService, type RecordOptions } from './record/service.ts';
export type { ServiceInput } from './record/schemas.ts';
export { servicesForWoman, followUpsForWoman } from './card/service.ts';
export { searchFollowUps, followUpSummary, getFollowUp, completeFollowUp } from './follow-ups/service.ts';
export { withEventFollowUps, createEventFollowUps, createQuarterFollowUps } from './follow-ups/events.ts';
export { followUpJobs } from './follow-ups/jobs.ts';
export { createSchedule, changeSchedule, setDeviceLifetimes, schedulesPage } from './schedules/service.ts';
export { openRound, listRounds, currentRounds, getRound, roundEntries, excuseFromRound, addToRound, closeRound, checkResultSubject, recordRoundResult } from './check-rounds/service.ts';
export { shouldAdoptRoster, shouldAdoptCounts, removalsRoster, removalsDueCount, rosterMonth } from './rosters/service.ts';
export { workOrder } from './work-orders/service.ts';
export { recordSupply, suppliesForWoman, listSupplies } from './supplies/service.ts';
export { registerPlan, endPlan, recordCheck, preconceptionOf, targetCouples } from './preconception/service.ts';
export { PAGE_LINES, linesIn, paginateSheet, textEm } from './print/sheets.ts';
