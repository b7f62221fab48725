/**
 * The suite's "now": every test that depends on today runs on this instant (through the app's injected clock,
 * CLOCK_START for a server process), so the suite passes on any day it is run.
 */
import { chinaDate } from '../../src/domain/dates.ts';

export const TEST_NOW = new Date('2026-11-18T10:00:00+08:00');
export const TEST_TODAY = chinaDate(TEST_NOW);
/** A copy, so a caller cannot move the suite's clock by mutating it. */
export const testNow = () => new Date(TEST_NOW.getTime());
