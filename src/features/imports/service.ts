/**
 * The imports feature's public API (the command line, seeds, tests, the population feature): reading a file
 * into a table (files/), the import kinds and one import of a table (kinds/, jobs/run-file.ts), the import jobs
 * (jobs/), and the CSV line writer the benchmark uses.
 */
export { cellDate, cellInt, cellMonth, cellText, mapHeaders, pick, problemLine, type ImportProblem, type Table } from './files/read-table.ts';
export { inputYesNo } from './files/cells.ts';
export { decodeText, IMPORT_LIMITS, TableLimitError, readTable } from './files/read-file.ts';
export { IMPORT_KINDS, importKind } from './kinds/kinds.ts';
export { importPopulation, POPULATION_COLUMNS } from './kinds/population-import.ts';
export { checkResultsOf, serviceKindOf, yesNo } from './kinds/services-sheet.ts';
export { type ImportResult } from './kinds/types.ts';
export { importTable } from './jobs/run-file.ts';
export {
  confirmImport,
  connectionStringOf,
  discardImport,
  failOrphanedJobs,
  getJob,
  kindFor,
  lockJob,
  MAX_STORED_PROBLEMS,
  recentImports,
  startImport,
  whenSettled,
  type JobEnv,
  type JobRow,
} from './jobs/service.ts';
export { csvLine } from '../../files/csv.ts';
