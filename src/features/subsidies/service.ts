/**
 * What other features may call (DESIGN §3: a feature calls another's service, never its queries). The card
 * page's 补助 section is registered in ./card-section.ts.
 */
export { applicationsForWoman } from './applications-service.ts';
export { eligibilityAudit } from './roster-service.ts';
