/**
 * What other features may call (DESIGN §3: a feature calls another's service, never its queries). The card
 * page (issue 3) renders views/subsidies/_card-section.ejs with:
 *   include('../subsidies/_card-section', { womanId, applications: await applicationsForWoman(db, scope, id), canDraft })
 */
export { applicationsForWoman } from './applications-service.ts';
export { eligibilityAudit } from './roster-service.ts';
