/** The backup feature's public API: the operator commands, and what tests read (table summaries, headers, load order). */
export { backupCommands } from './archive/cli.ts';
export { parentsFirst, tableLoadOrder } from './archive/load-order.ts';
export { databaseSummary } from './archive/queries.ts';
export { readHeader } from './archive/restore.ts';
export { backup, restore, RestoreRefused, type BackupMethod } from './archive/service.ts';
