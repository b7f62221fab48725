/** The floating feature's public API for other features (the 协查 counts of a box). */
export { boxCounts } from './queries/service.ts';
