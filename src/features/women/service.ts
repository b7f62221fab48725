/**
 * The register's public service API (other features, the CLI, seeds and tests call these, never its subjects'
 * files). Each name comes from the subject that owns it:
 *   cards/         getCard, createCard, createCards (many at once, for imports), updateCard, revealIdNumber, cardPage
 *   list/          listWomen, womenForExport
 *   events/        the state API for the services feature: openEpisode, closeEpisode, openPregnancy,
 *                  closePregnancy, recordBirth
 *   children/      addChild, updateChild · certificates/  issueCertificate, revokeCertificate
 *   transfers/     moveCard, requestTransfer, acceptTransfer, rejectTransfer, cancelTransfer, pendingTransfersFor, …
 *   exits/         exitCard, reactivateCard, exitOverAge
 *   findings/      recomputeFindings, countFindings, findingsForTownship, womenJobs (the nightly jobs)
 *   snapshot/      loadCardSnapshot, loadCardData
 *   birth-policy/  chooseRuleSet, chosenRuleSetCode, policyRulesInUse (the county's couple-level birth-policy rules)
 *   histories/     historiesOf (婚姻 / 流动 / 户口 events), dateEvent (补填日期), undatedRoster
 * Every write named here takes raw input (form strings or typed values), validates it with the forms' schemas and
 * the rules of src/domain/consistency.ts, and writes its audit row in the same transaction.
 */
export { createCard, updateCard, getCard, revealIdNumber, DuplicateCardError, formValuesOf } from './cards/service.ts';
export { maskName } from '../../domain/id-number.ts';
export { createCards, type BulkProblem, type BulkCardsResult } from './cards/bulk.ts';
export { listWomen, womenForExport, type WomanExportRow } from './list/service.ts';
export { cardPage } from './cards/card-page.ts';
export { addChild, updateChild } from './children/service.ts';
export { chooseRuleSet, chosenRuleSetCode, policyRulesInUse } from './birth-policy/service.ts';
export { issueCertificate, revokeCertificate } from './certificates/service.ts';
export { moveCard, requestTransfer, acceptTransfer, rejectTransfer, cancelTransfer, pendingTransfersFor, pendingTransferOf, countIncomingTransfers } from './transfers/service.ts';
export { exitCard, reactivateCard, exitOverAge } from './exits/service.ts';
export { recomputeFindings, countFindings, countFindingsByTownship, findingsForTownship, fixLink, ruleLabel } from './findings/service.ts';
export * from './events/service.ts';
export { dateEvent, historiesOf, undatedRoster, type StatusHistories } from './histories/service.ts';
export { snapshotOf } from './cards/card-write.ts';
export { type VillageRef } from './cards/queries.ts';
export { womenJobs } from './findings/jobs.ts';
export { type ServiceRow, type WomanRow } from './cards/rows.ts';
export { CARD_FIELD_LABELS, CardForm, type CardInput } from './cards/schemas.ts';
export { type ChildInput } from './events/schemas.ts';
export { WomenFilters, type WomenFilterValues } from './list/schemas.ts';
export { loadCardSnapshot, cardDataOf as loadCardData, type CardData } from './snapshot/service.ts';
