/**
 * One import of one table, as the import page's job and the command line both run it: the kind's importer,
 * plus what reading found (cells refused while reading are problems like any other, and a file with any
 * problem writes nothing), plus the file's columns no template column reads (listed to the user as ignored).
 */
import type { Knex } from 'knex';
import type { Actor } from '../../../auth/actor.ts';
import { normHeader, unknownHeaders, type ImportProblem, type Table } from '../files/read-table.ts';
import type { ImportKind, ImportOptions, ImportResult } from '../kinds/types.ts';

export interface FileResult extends ImportResult {
  /** Notes that are not problems (ignored columns). */
  notices: string[];
}

export function ignoredColumnsNotice(table: Table, kind: ImportKind): string[] {
  const unknown = unknownHeaders(table.headers, kind.columns);
  return unknown.length ? [`以下列不在${kind.label}模板中，已忽略：${unknown.join('、')}`] : [];
}

export async function importTable(db: Knex, actor: Actor, kind: ImportKind, table: Table, options: ImportOptions): Promise<FileResult> {
  const notices = ignoredColumnsNotice(table, kind);
  // A refused cell is reported in the template's column name, whichever variant of the header the file used.
  const headerOf = (column: string) => kind.columns.find((c) => [c.header, ...(c.aliases ?? [])].some((h) => normHeader(h) === normHeader(column)))?.header ?? column;
  const refused: ImportProblem[] = (table.problems ?? []).map((p) => ({ ...p, column: headerOf(p.column) }));
  const r = await kind.run(db, actor, table, { ...options, dryRun: options.dryRun || refused.length > 0 });
  if (!refused.length) return { ...r, notices };
  // The importer saw a refused cell as blank: its "请填写…" at the same place says nothing more.
  const at = new Set(refused.map((p) => `${p.row}|${p.column}`));
  const problems = [...refused, ...r.problems.filter((p) => !at.has(`${p.row}|${p.column}`))].sort((a, b) => a.row - b.row);
  return { ...r, problems, toCreate: 0, written: 0, notices };
}
