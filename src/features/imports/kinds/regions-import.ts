/**
 * Import of regions (template 区划, DESIGN §12) for the county admin and the operator: each new code goes through
 * createRegion (its parent follows from the code and must exist — earlier in the file is fine, since shorter
 * codes run first). A code that exists with the same name is unchanged; with another name it is a problem
 * (renaming is a deliberate act on the regions page, not a side effect of a file).
 */
import { createRegion, createRegionInScope } from '../../regions/service.ts';
import { inputText, problemAt, problemsOf } from '../files/cells.ts';
import { auditImport, perRowResult, runRows, type RowItem } from './per-row.ts';
import * as q from './queries.ts';
import { mapHeaders, pick, type Cell, type ColumnSpec, type ImportProblem } from '../files/read-table.ts';
import { emptyResult, type Importer } from './types.ts';

export const REGIONS_COLUMNS: readonly ColumnSpec<string>[] = [
  { key: 'code', header: '区划代码', aliases: ['code', '代码', '行政区划代码', '区划编码'] },
  { key: 'name', header: '名称', aliases: ['name', '区划名称', '行政区划名称'] },
];

interface RegionRowInput {
  cells: Record<string, Cell>;
  code: string;
  name: string;
  exists: boolean;
}

export const importRegions: Importer = async (db, actor, table, options) => {
  const { index, problems: headerProblems } = mapHeaders<string>(table.headers, [...REGIONS_COLUMNS]);
  if (headerProblems.length) return emptyResult(table, options, headerProblems);
  if (table.rows.length === 0) return emptyResult(table, options, [{ row: 2, column: '', value: '', message: '文件中没有数据行' }]);

  const located = table.rows.map((r) => ({ row: r.row, cells: pick(r, index) }));
  const stored = await q.regionsByCodes(
    db,
    located.map((l) => inputText(l.cells.code)),
  );
  const early: ImportProblem[] = [];
  const seen = new Map<string, number>();
  const items: RowItem<RegionRowInput>[] = [];
  for (const l of located) {
    const code = inputText(l.cells.code);
    const name = inputText(l.cells.name);
    const first = seen.get(code);
    if (code && first) {
      early.push(problemAt(l, 'code', `与第 ${first} 行的区划代码重复`, REGIONS_COLUMNS));
      continue;
    }
    seen.set(code, l.row);
    const before = stored.get(code);
    if (before && before.name !== name) {
      early.push(problemAt(l, 'name', `区划代码 ${code} 已存在，名称为“${before.name}”；如需改名请在“管理 › 区划”中修改`, REGIONS_COLUMNS));
      continue;
    }
    items.push({ row: l.row, input: { cells: l.cells, code, name, exists: !!before } });
  }
  items.sort((a, b) => a.input.code.length - b.input.code.length || (a.input.code < b.input.code ? -1 : 1));

  const run = await runRows(
    db,
    items,
    { ...options, dryRun: options.dryRun || early.length > 0 },
    async (trx, item) => {
      if (item.input.exists) return 'unchanged';
      // An admin's file adds only below her own region; the operator's command line (the system actor) anything.
      await (actor.userId ? createRegionInScope : createRegion)(trx, actor, { code: item.input.code, name: item.input.name });
      return 'created';
    },
    (item, err) => problemsOf(err, { row: item.row, cells: item.input.cells }, REGIONS_COLUMNS),
    (trx, counts) => auditImport(trx, actor, 'regions', { fileName: options.fileName, rows: table.rows.length, ...counts }),
  );
  return perRowResult(table.rows.length, early, run, run.written, !!options.dryRun);
};
