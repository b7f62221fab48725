/**
 * The population feature's public API (the imports feature, tests): the figures grid and its save, the one
 * writer of figures, and the import of a population file.
 */
export { figureProblems, populationGrid, saveGrid, writeFigures, type FigureInput, type Grid, type GridRow, type SaveResult } from './figures/service.ts';
export { importPopulation, POPULATION_COLUMNS } from './figures/import.ts';
