/** The shape every import kind shares (DESIGN §12): read a table, check every row, write only a clean file. */
import type { Knex } from 'knex';
import type { Actor } from '../../../auth/actor.ts';
import type { Permission } from '../../../domain/permissions.ts';
import type { ColumnSpec, ImportProblem, Table } from '../files/read-table.ts';

export type ImportKindKey = 'women' | 'children' | 'services' | 'population' | 'regions';

export interface ImportOptions {
  now: Date;
  /** Check everything against the database, write nothing. */
  dryRun?: boolean;
  /** Rows processed so far (for the progress bar); called now and then, never per row. */
  onProgress?: (done: number, total: number) => void | Promise<void>;
  fileName?: string;
}

export interface ImportResult {
  rows: number;
  problems: ImportProblem[];
  /** Rows a clean file creates or changes (after a dry run: would). */
  toCreate: number;
  written: number;
  /** Rows equal to what is stored already (nothing to do). */
  unchanged: number;
  dryRun: boolean;
}

export type Importer = (db: Knex, actor: Actor, table: Table, options: ImportOptions) => Promise<ImportResult>;

export interface ImportKind {
  key: ImportKindKey;
  label: string;
  /** The template's columns (DESIGN §12, required, in order), then optional ones the file may add. */
  columns: readonly ColumnSpec<string>[];
  permission: Permission;
  /** One line for the import page. */
  hint: string;
  /** Where the imported records are listed. */
  listHref: string;
  run: Importer;
}

export function emptyResult(table: Table, options: ImportOptions, problems: ImportProblem[]): ImportResult {
  return { rows: table.rows.length, problems, toCreate: 0, written: 0, unchanged: 0, dryRun: !!options.dryRun };
}
