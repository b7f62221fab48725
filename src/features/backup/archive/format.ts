/**
 * The app's backup file: gzip of one JSON value per line.
 *   line 1   {"$":"header", format, version, created_at, app_version, server_version, migrations, tables}
 *   then     {"$":"table","name":"regions"} followed by one line per row (to_json of the row)
 *   last     {"$":"end", tables: {name: {rows, checksum}}, sequences: [...]}
 * A row line never starts with {"$": (no table has a column named "$"), so control lines are unambiguous.
 */
import type { SequenceState, TableInfo, TableSummary } from './queries.ts';

export const BACKUP_FORMAT = 'fp-portal-backup';
export const BACKUP_VERSION = 1;

export interface BackupHeader {
  $: 'header';
  format: typeof BACKUP_FORMAT;
  version: number;
  created_at: string;
  app_version: string;
  server_version: string;
  /** Names of the migrations applied to the database that was backed up, in order. */
  migrations: string[];
  tables: TableInfo[];
}

export interface BackupTrailer {
  $: 'end';
  tables: Record<string, TableSummary>;
  sequences: SequenceState[];
}

export const isControlLine = (line: string) => line.startsWith('{"$":');

/** The first bytes of a pg_dump custom-format archive. */
export const PG_DUMP_MAGIC = 'PGDMP';
