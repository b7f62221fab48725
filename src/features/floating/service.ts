/** The floating feature's public API for other features (the 协查 counts of a box). */
export { boxCounts } from './queries/service.ts';
/** The exchange packages for the JSON API (export for a partner, dry run, import). */
export { commitImport, exportPackage, planImport, type ImportPlan } from './exchange/service.ts';
