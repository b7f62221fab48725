/**
 * What other features, the seeds and the tests may call: re-exports from the subjects. The card page's 证件申请
 * section is listed in ./index.ts.
 */
export { applicationView, applicationsForWoman, createApplication, listApplications, updateApplication, type ApplicationView } from './applications/service.ts';
export { decideApplication, handOver, revokeApplication, submitApplication } from './decisions/service.ts';
export { recordPrint, PAPER } from './print/service.ts';
export { issueNumber } from './numbering/service.ts';
