/**
 * The register's public service API (other features call these, never the queries):
 *   read:  getCard, loadCardSnapshot, listWomen, countFindings, findingsForTownship, cardTimeline
 *   write: createCard, updateCard, addChild, updateChild, issueCertificate, revokeCertificate, moveCard,
 *          requestTransfer, acceptTransfer, rejectTransfer, cancelTransfer, exitCard, reactivateCard
 *   state: openEpisode, closeEpisode, openPregnancy, closePregnancy, recordBirth (state.ts, for services)
 *   jobs:  exitOverAge, recomputeFindings
 * Every write takes plain typed input (the form field names of DESIGN §11), validates it with the forms'
 * schemas and the rules of src/domain/consistency.ts, and writes its audit row in the same transaction.
 */
export { createCard, updateCard, getCard, revealIdNumber, DuplicateCardError, formValuesOf } from './cards-service.ts';
export { loadCardSnapshot } from './snapshot.ts';
export * from './state.ts';
