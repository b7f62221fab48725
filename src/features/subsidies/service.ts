/**
 * What other features, the seeds and the tests may call (DESIGN §3: a feature calls another's service, never its
 * queries): re-exports from the subjects. The card page's 补助 section and the home panels are listed in ./index.ts.
 */
export { applicationsForWoman, createApplication, updateApplication } from './applications/service.ts';
export { EditApplicationForm } from './applications/schemas.ts';
export { evaluate, getWoman } from './eligibility/service.ts';
export { decideApplication, revokeApplication, submitApplication } from './decisions/service.ts';
export { annualRoster, eligibilityAudit } from './rosters/service.ts';
export { saveEligibilityReview } from './reviews/service.ts';
export { addStandard, listPrograms, updateProgramSettings, type ProgramRow } from './programs/service.ts';
export { StandardForm } from './programs/schemas.ts';
export { exportBatch, generateBatch, markAllPaid, markPayment } from './payments/service.ts';
