/**
 * Import of cards (template 育龄妇女, DESIGN §12). Every row is checked by the register's createCards — the card
 * form's schema and rules, duplicates inside the file and against every active card — and a clean file is
 * written in bulk in one transaction (a county-size file of 100,000 rows takes seconds, not an hour of
 * one-card requests), with one audit row per card plus one for the import.
 */
import { chinaDate } from '../../domain/dates.ts';
import { createCards } from '../women/service.ts';
import { CARD_FIELD_LABELS, type CardInput } from '../women/schemas.ts';
import { compact, inputDate, inputText, problemAt } from './cells.ts';
import { auditImport } from './per-row.ts';
import { cellText, mapHeaders, pick, type ColumnSpec, type ImportProblem } from './read-table.ts';
import { emptyResult, type Importer } from './types.ts';

export const WOMEN_COLUMNS: readonly ColumnSpec<string>[] = [
  { key: 'id_number', header: '身份证号', aliases: ['id_number'] },
  { key: 'name', header: '姓名', aliases: ['name'] },
  { key: 'village', header: '村代码', aliases: ['village'] },
  { key: 'ethnicity', header: '民族', aliases: ['ethnicity'] },
  { key: 'hukou_kind', header: '户口性质', aliases: ['hukou_kind'] },
  { key: 'marital_status', header: '婚姻状况', aliases: ['marital_status'] },
  { key: 'marriage_date', header: '结婚日期', aliases: ['marriage_date'] },
  { key: 'spouse_name', header: '配偶姓名', aliases: ['spouse_name'] },
  { key: 'spouse_id_number', header: '配偶身份证号', aliases: ['spouse_id_number'] },
  { key: 'phone', header: '联系电话', aliases: ['phone'] },
  { key: 'address', header: '住址', aliases: ['address'] },
  { key: 'migrant_status', header: '流动状态', aliases: ['migrant_status'] },
  // Optional: what the card form asks for in some cases (e.g. 流出 needs the place and the date).
  { key: 'hukou_place', header: '户籍地', aliases: ['hukou_place'], required: false },
  { key: 'spouse_hukou_kind', header: '配偶户口性质', aliases: ['spouse_hukou_kind'], required: false },
  { key: 'migrant_place', header: '流入/流出地', aliases: ['migrant_place', '流入地', '流出地', '现居住地'], required: false },
  { key: 'migrant_since', header: '流动起始日期', aliases: ['migrant_since'], required: false },
  { key: 'migrant_verified_on', header: '最近核实日期', aliases: ['migrant_verified_on'], required: false },
  { key: 'early_marriage_note', header: '早婚说明', aliases: ['early_marriage_note'], required: false },
];

const DATE_FIELDS = new Set(['marriage_date', 'migrant_since', 'migrant_verified_on']);
const ID_FIELDS = ['id_number', 'spouse_id_number'];

export const importWomen: Importer = async (db, actor, table, options) => {
  const { index, problems: headerProblems } = mapHeaders<string>(table.headers, [...WOMEN_COLUMNS]);
  if (headerProblems.length) return emptyResult(table, options, headerProblems);
  if (table.rows.length === 0) return emptyResult(table, options, [{ row: 2, column: '', value: '', message: '文件中没有数据行' }]);

  const located = table.rows.map((r) => ({ row: r.row, cells: pick(r, index) }));
  const early: ImportProblem[] = [];
  const numericId = new Set<string>();
  const inputs = located.map((l, i) => {
    const values: Record<string, string> = {};
    for (const spec of WOMEN_COLUMNS) values[spec.key] = DATE_FIELDS.has(spec.key) ? inputDate(l.cells[spec.key]) : inputText(l.cells[spec.key]);
    for (const f of ID_FIELDS) {
      // Excel keeps 15 significant digits: an ID typed into a number cell has already lost its last digits.
      if (typeof l.cells[f] === 'number') {
        numericId.add(`${i}|${f}`);
        early.push({ row: l.row, column: f === 'id_number' ? '身份证号' : '配偶身份证号', value: cellText(l.cells[f]), message: '身份证号被 Excel 存成了数字，末几位可能已丢失；请把该列设为“文本”后重新填写' });
      }
    }
    return compact(values) as unknown as CardInput;
  });

  const today = chinaDate(options.now);
  const run = async (trx: typeof db) => {
    const r = await createCards(trx, actor, inputs, {
      today,
      dryRun: options.dryRun || early.length > 0,
      rowLabel: (i) => `第 ${located[i].row} 行`,
      onProgress: (_phase, done, total) => options.onProgress?.(done, total),
      auditReason: options.fileName ? `导入 ${options.fileName}` : '导入',
    });
    if (r.created > 0) await auditImport(trx, actor, 'women', { fileName: options.fileName, rows: table.rows.length, written: r.created, unchanged: 0 });
    return r;
  };
  const r = options.dryRun || early.length ? await run(db) : await db.transaction(run);
  const problems = [
    ...early,
    ...r.problems
      .filter((p) => !numericId.has(`${p.index}|${p.field}`))
      .map((p) => problemAt(located[p.index], p.field, p.message, WOMEN_COLUMNS, CARD_FIELD_LABELS)),
  ].sort((a, b) => a.row - b.row);
  return {
    rows: table.rows.length,
    problems,
    toCreate: problems.length ? 0 : r.toCreate,
    written: r.created,
    unchanged: 0,
    dryRun: !!options.dryRun,
  };
};
