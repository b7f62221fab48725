/**
 * What other features may call (DESIGN §3: a feature calls another's service, never its queries). The card
 * page's 补助 section is registered in ./card-section.ts.
 */
export { applicationsForWoman } from './applications-service.ts';
export { eligibilityAudit } from './roster-service.ts';
export { createApplication, evaluate, getWoman, updateApplication } from './applications-service.ts';
export { exportBatch, generateBatch, markAllPaid, markPayment } from './payments-service.ts';
export { addStandard, listPrograms, updateProgramSettings, type ProgramRow } from './programs-service.ts';
export { annualRoster } from './roster-service.ts';
export { EditApplicationForm, StandardForm } from './schemas.ts';
export { decideApplication, revokeApplication, submitApplication } from './workflow-service.ts';
