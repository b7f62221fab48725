/**
 * Import of cards (template 育龄妇女, DESIGN §12). Every row is checked by the register's createCards — the card
 * form's schema and rules, duplicates inside the file and against every active card — and a clean file is
 * written in bulk in one transaction (a county-size file of 100,000 rows takes seconds, not an hour of
 * one-card requests), with one audit row per card plus one for the import.
 */
import { chinaDate } from '../../../domain/dates.ts';
import { villageOptions } from '../../regions/service.ts';
import { createCards } from '../../women/service.ts';
import { CARD_FIELD_LABELS, type CardInput } from '../../women/service.ts';
import { compact, inputDate, inputText, inputYesNo, problemAt } from '../files/cells.ts';
import { auditImport } from './per-row.ts';
import { cellText, mapHeaders, pick, type ColumnSpec, type ImportProblem } from '../files/read-table.ts';
import { emptyResult, type Importer } from './types.ts';

export const WOMEN_COLUMNS: readonly ColumnSpec<string>[] = [
  { key: 'id_number', header: '身份证号', aliases: ['id_number', '身份证号码', '公民身份号码', '公民身份证号', '公民身份证号码', '身份证', '证件号码'] },
  { key: 'name', header: '姓名', aliases: ['name', '妇女姓名', '育龄妇女姓名', '女方姓名'] },
  { key: 'village', header: '村代码', aliases: ['village', '村', '所在村', '村名', '村(社区)', '所在村(社区)', '村(居)', '村居', '村社区', '村代码(12位)', 'village_code'] },
  { key: 'ethnicity', header: '民族', aliases: ['ethnicity'], omittable: true },
  { key: 'hukou_kind', header: '户口性质', aliases: ['hukou_kind', '户口类型', '户籍性质', '户籍类型'] },
  { key: 'marital_status', header: '婚姻状况', aliases: ['marital_status', '婚姻状态', '婚姻'] },
  { key: 'marriage_date', header: '结婚日期', aliases: ['marriage_date', '结婚时间', '初婚日期', '婚姻登记日期'], omittable: true },
  { key: 'spouse_name', header: '配偶姓名', aliases: ['spouse_name', '丈夫姓名', '男方姓名'], omittable: true },
  { key: 'spouse_id_number', header: '配偶身份证号', aliases: ['spouse_id_number', '配偶身份证号码', '丈夫身份证号', '丈夫身份证号码', '男方身份证号'], omittable: true },
  { key: 'phone', header: '联系电话', aliases: ['phone', '电话', '电话号码', '手机', '手机号', '手机号码', '联系方式'], omittable: true },
  { key: 'address', header: '住址', aliases: ['address', '地址', '家庭住址', '现住址', '居住地址'], omittable: true },
  { key: 'migrant_status', header: '流动状态', aliases: ['migrant_status', '流动情况', '是否流动'], omittable: true },
  // Optional: what the card form asks for in some cases (e.g. 流出 needs the place and the date).
  { key: 'hukou_place', header: '户籍地', aliases: ['hukou_place', '户籍所在地', '户口所在地'], required: false },
  { key: 'spouse_hukou_kind', header: '配偶户口性质', aliases: ['spouse_hukou_kind'], required: false },
  { key: 'migrant_place', header: '流入/流出地', aliases: ['migrant_place', '流入地', '流出地', '现居住地'], required: false },
  { key: 'migrant_since', header: '流动起始日期', aliases: ['migrant_since'], required: false },
  { key: 'migrant_verified_on', header: '最近核实日期', aliases: ['migrant_verified_on'], required: false },
  { key: 'early_marriage_note', header: '早婚说明', aliases: ['early_marriage_note'], required: false },
  // 在册起始日期, last in the template (the headers before it are unchanged); a file may leave it out, and a blank
  // cell means since she turned 15 (the register this file comes from held her from then).
  { key: 'registered_on', header: '建卡日期', aliases: ['registered_on', '建卡/迁入日期', '在册日期', '建卡时间'], omittable: true },
  // The couple's facts the birth-policy rules read (是 / 否 / 不详), after 建卡日期; a file may leave them out
  // (不详, as a blank cell is).
  { key: 'only_child', header: '本人是否独生子女', aliases: ['only_child', '是否独生子女', '本人独生子女', '女方是否独生子女'], omittable: true },
  { key: 'spouse_only_child', header: '配偶是否独生子女', aliases: ['spouse_only_child', '配偶独生子女', '男方是否独生子女', '丈夫是否独生子女'], omittable: true },
];

const DATE_FIELDS = new Set(['marriage_date', 'migrant_since', 'migrant_verified_on', 'registered_on']);
const YES_NO_FIELDS = new Set(['only_child', 'spouse_only_child']);
const ID_FIELDS = ['id_number', 'spouse_id_number'];

/**
 * A 村 column often holds the village's name rather than its 12-digit code (WIS exports and hand-made sheets):
 * a name that is exactly one village of the caller's scope reads as that code ("乡镇 · 村" for the county);
 * a name that is no village, or several, is left as typed and refused with a message saying so.
 */
async function villageByName(db: Parameters<Importer>[0], actor: Parameters<Importer>[1]): Promise<Map<string, string | null>> {
  const byName = new Map<string, string | null>();
  const add = (name: string, code: string) => byName.set(name, byName.has(name) && byName.get(name) !== code ? null : code);
  for (const v of await villageOptions(db, actor.scope)) {
    add(v.label, v.code);
    add(v.label.split(' · ').pop()!, v.code);
  }
  return byName;
}

export const importWomen: Importer = async (db, actor, table, options) => {
  const { index, problems: headerProblems } = mapHeaders<string>(table.headers, [...WOMEN_COLUMNS]);
  if (headerProblems.length) return emptyResult(table, options, headerProblems);
  if (table.rows.length === 0) return emptyResult(table, options, [{ row: 2, column: '', value: '', message: '文件中没有数据行' }]);

  const located = table.rows.map((r) => ({ row: r.row, cells: pick(r, index) }));
  const early: ImportProblem[] = [];
  // Cells refused here already (an ID stored as a number, an unknown village name): not reported twice.
  const reportedEarly = new Set<string>();
  const inputs = located.map((l, i) => {
    const values: Record<string, string> = {};
    for (const spec of WOMEN_COLUMNS) {
      const cell = l.cells[spec.key];
      values[spec.key] = DATE_FIELDS.has(spec.key) ? inputDate(cell) : YES_NO_FIELDS.has(spec.key) ? inputYesNo(cell) : inputText(cell);
    }
    for (const f of ID_FIELDS) {
      // Excel keeps 15 significant digits: an ID typed into a number cell has already lost its last digits.
      if (typeof l.cells[f] === 'number') {
        reportedEarly.add(`${i}|${f}`);
        early.push({
          row: l.row,
          column: f === 'id_number' ? '身份证号' : '配偶身份证号',
          value: cellText(l.cells[f]),
          message: '身份证号被 Excel 存成了数字，末几位可能已丢失；请把该列设为“文本”后重新填写',
        });
      }
    }
    return compact(values) as unknown as CardInput;
  });
  if (inputs.some((input) => input.village && !/^\d{12}$/.test(input.village))) {
    const byName = await villageByName(db, actor);
    inputs.forEach((input, i) => {
      if (!input.village || /^\d{12}$/.test(input.village)) return;
      const code = byName.get(input.village);
      if (code) input.village = code;
      else {
        early.push({
          row: located[i].row,
          column: '村代码',
          value: input.village,
          message: code === null ? `本辖区有不止一个名为“${input.village}”的村(社区)，请填 12 位村代码` : `本辖区没有名为“${input.village}”的村(社区)，请填 12 位村代码或本乡镇的村名`,
        });
        reportedEarly.add(`${i}|village`);
      }
    });
  }

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
    ...r.problems.filter((p) => !reportedEarly.has(`${p.index}|${p.field}`)).map((p) => problemAt(located[p.index], p.field, p.message, WOMEN_COLUMNS, CARD_FIELD_LABELS)),
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
