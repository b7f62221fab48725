/** What other features, the seeds and the tests may call: re-exports from the subjects. */
export { closeFile, createFile, getFile, listFiles, updateFile } from './files/service.ts';
export { careRules, dueFiles, recordCare } from './care/service.ts';
export { proposals } from './proposals/service.ts';
