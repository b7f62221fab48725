/**
 * The population feature's public API (the imports feature, tests): the figures grid and its save, the one
 * writer of figures and its bounds (the population import, in the imports feature, writes through it).
 */
export { figureProblems, populationGrid, saveGrid, writeFigures, type FigureInput, type Grid, type GridRow, type SaveResult } from './figures/service.ts';
export { MAX_DEATHS, MAX_MOVES, MAX_POPULATION } from './figures/schemas.ts';
