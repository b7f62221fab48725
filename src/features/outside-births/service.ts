/**
 * The outside-births feature's public API (seeds, tests): importing a hospital / police list, matching, the 漏报
 * items and the 出生信息 rates.
 */
export { confirmList, discardList, importList, rematchList, LIST_LIMITS } from './lists/service.ts';
export { TEMPLATE_HEADERS } from './lists/rows.ts';
export { matchListRows, matchRows, rematchInScope, type MatchTally } from './matches/service.ts';
export { explainItem, missingItems, type MissingRow } from './missing/service.ts';
export { birthInfoRates, type RatesRow } from './rates/service.ts';
