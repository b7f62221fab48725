/**
 * Imports that go through a service one record at a time (children, services, regions): the whole file runs
 * in ONE transaction, each row under its own savepoint, calling exactly the function the form calls. A row the
 * service refuses is rolled back to its savepoint and its problems are noted; later rows still run (and see the
 * earlier rows, as they would after a real import), so one pass lists every problem. At the end the transaction
 * is committed only when nothing was refused and this is not a dry run — otherwise it is rolled back and nothing
 * is left behind. The import's own audit row is written in the same transaction.
 */
import type { Knex } from 'knex';
import type { Actor } from '../../../auth/actor.ts';
import { recordAudit } from '../../audit/service.ts';
import { chinaDate, type IsoDate } from '../../../domain/dates.ts';
import { problemsOf } from '../files/cells.ts';
import { cellDate, type Cell, type ColumnSpec, type ImportProblem, type Table } from '../files/read-table.ts';
import type { ImportOptions } from './types.ts';

export interface RowItem<T> {
  row: number;
  input: T;
}

export interface RowRun {
  problems: ImportProblem[];
  written: number;
  unchanged: number;
}

class Rollback extends Error {}

export async function runRows<T>(
  db: Knex,
  items: RowItem<T>[],
  options: ImportOptions,
  apply: (trx: Knex.Transaction, item: RowItem<T>) => Promise<'created' | 'unchanged'>,
  refusal: (item: RowItem<T>, err: unknown) => ImportProblem[],
  audit?: (trx: Knex.Transaction, counts: { written: number; unchanged: number }) => Promise<void>,
): Promise<RowRun> {
  const run: RowRun = { problems: [], written: 0, unchanged: 0 };
  try {
    await db.transaction(async (trx) => {
      for (let i = 0; i < items.length; i++) {
        if (i % 50 === 0) await options.onProgress?.(i, items.length);
        try {
          const outcome = await trx.transaction((sp) => apply(sp, items[i]));
          if (outcome === 'created') run.written += 1;
          else run.unchanged += 1;
        } catch (err) {
          run.problems.push(...refusal(items[i], err));
        }
      }
      await options.onProgress?.(items.length, items.length);
      if (options.dryRun || run.problems.length) throw new Rollback();
      if (audit && run.written > 0) await audit(trx, run);
    });
  } catch (err) {
    if (!(err instanceof Rollback)) throw err;
  }
  return run;
}

/** The one audit row of an import, with its counts (the records' own audit rows are written by their services). */
export async function auditImport(trx: Knex, actor: Actor, kind: string, details: { fileName?: string; rows: number; written: number; unchanged: number }): Promise<void> {
  await recordAudit(trx, actor, {
    action: `import.${kind}`,
    entity: 'import',
    entityId: details.fileName ?? null,
    regionId: actor.scope.regionId > 0 ? actor.scope.regionId : null,
    after: { file: details.fileName ?? null, rows: details.rows, created: details.written, unchanged: details.unchanged },
  });
}

/** Rows in the order things happened (a first child before the second, an insertion before its removal). */
export function inDateOrder<T>(items: RowItem<T>[], dateOf: (item: RowItem<T>) => string | undefined): RowItem<T>[] {
  const key = (i: RowItem<T>) => dateOf(i) ?? '9999-12-31';
  return [...items].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : a.row - b.row));
}

/** The result of a per-row import: every problem (found before or while writing) in row order. */
export function perRowResult(rowCount: number, early: ImportProblem[], run: RowRun, toCreate: number, dryRun: boolean) {
  const problems = [...early, ...run.problems].sort((a, b) => a.row - b.row);
  return {
    rows: rowCount,
    problems,
    toCreate: problems.length ? 0 : toCreate,
    written: problems.length || dryRun ? 0 : run.written,
    unchanged: run.unchanged,
    dryRun,
  };
}

/**
 * The whole run of an event import (children, services) once its rows are checked: the checked rows in the
 * order things happened (by `dateColumn`), each written by the form's own service, one audit row, the result.
 * Any problem found before writing makes the run a dry run, so the file is all or nothing.
 */
export async function importEventsInDateOrder<T extends { cells: Record<string, Cell> }>(
  db: Knex,
  actor: Actor,
  table: Table,
  options: ImportOptions,
  spec: { kind: string; columns: readonly ColumnSpec<string>[]; dateColumn: string; labels?: Record<string, string> },
  checked: { early: ImportProblem[]; items: RowItem<T>[] },
  write: (trx: Knex, input: T, today: IsoDate) => Promise<unknown>,
) {
  const { early, items } = checked;
  const ordered = inDateOrder(items, (i) => cellDate(i.input.cells[spec.dateColumn]));
  const today = chinaDate(options.now);
  const run = await runRows(
    db,
    ordered,
    { ...options, dryRun: options.dryRun || early.length > 0 },
    async (trx, item) => {
      await write(trx, item.input, today);
      return 'created';
    },
    (item, err) => problemsOf(err, { row: item.row, cells: item.input.cells }, spec.columns, spec.labels),
    (trx, counts) => auditImport(trx, actor, spec.kind, { fileName: options.fileName, rows: table.rows.length, ...counts }),
  );
  return perRowResult(table.rows.length, early, run, items.length, !!options.dryRun);
}
