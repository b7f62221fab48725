/**
 * The register's public service API (other features call these, never the queries):
 *   read:  getCard, loadCardSnapshot, listWomen, womenForExport, cardPage, countFindings, findingsForTownship,
 *          pendingTransfersFor, countIncomingTransfers
 *   write: createCard, createCards (many at once, for imports), updateCard, addChild, updateChild,
 *          issueCertificate, revokeCertificate, moveCard, requestTransfer, acceptTransfer, rejectTransfer, cancelTransfer, exitCard, reactivateCard,
 *          revealIdNumber
 *   state: openEpisode, closeEpisode, openPregnancy, closePregnancy, recordBirth (state.ts, for services)
 *   jobs:  exitOverAge, recomputeFindings
 * Every write takes plain typed input (the form field names of DESIGN §11), validates it with the forms'
 * schemas and the rules of src/domain/consistency.ts, and writes its audit row in the same transaction.
 */
export { createCard, updateCard, getCard, revealIdNumber, DuplicateCardError, formValuesOf } from './cards/service.ts';
export { maskName } from '../../domain/id-number.ts';
export { createCards, type BulkProblem, type BulkCardsResult } from './cards/bulk.ts';
export { loadCardSnapshot } from './snapshot/service.ts';
export { listWomen, womenForExport, type WomanExportRow } from './list/service.ts';
export { cardPage } from './cards/card-page.ts';
export { addChild, updateChild } from './children/service.ts';
export { issueCertificate, revokeCertificate } from './certificates/service.ts';
export {
  moveCard,
  requestTransfer,
  acceptTransfer,
  rejectTransfer,
  cancelTransfer,
  pendingTransfersFor,
  pendingTransferOf,
  countIncomingTransfers,
} from './transfers/service.ts';
export { exitCard, reactivateCard, exitOverAge } from './exits/service.ts';
export { recomputeFindings, countFindings, countFindingsByTownship, findingsForTownship, fixLink, ruleLabel } from './findings/service.ts';
export * from './events/service.ts';
export { auditSummary } from './timeline/audit-summary.ts';
export { snapshotOf } from './cards/card-write.ts';
export { type VillageRef } from './cards/queries.ts';
export { womenJobs } from './findings/jobs.ts';
export { type ServiceRow, type WomanRow } from './cards/rows.ts';
export { CARD_FIELD_LABELS, CardForm, type CardInput } from './cards/schemas.ts';
export { type ChildInput } from './events/schemas.ts';
export { WomenFilters, type WomenFilterValues } from './list/schemas.ts';
export { loadCardData, type CardData } from './snapshot/queries.ts';
