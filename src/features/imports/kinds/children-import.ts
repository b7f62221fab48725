/**
 * Import of children (template 子女, DESIGN §12). Each row is a birth recorded through the register's addChild —
 * the child form's schema, the proposed birth order (a 孩次 in the file must agree with the dates) and policy
 * status, the consistency rules — on the mother's card found by her ID number within the caller's scope.
 * Rows run in birth-date order, so a mother's children are numbered as they came; the same child twice (in the
 * file, or already on her card) is a problem, not a twin.
 */
import { idNumberMessage, normalizeIdNumber, parseIdNumber } from '../../../domain/id-number.ts';
import { addChild } from '../../women/service.ts';
import type { ChildInput } from '../../women/service.ts';
import { compact, inputDate, inputText, problemAt } from '../files/cells.ts';
import { importEventsInDateOrder, type RowItem } from './per-row.ts';
import * as q from './queries.ts';
import { mapHeaders, pick, type Cell, type ColumnSpec, type ImportProblem } from '../files/read-table.ts';
import { emptyResult, type Importer } from './types.ts';

export const CHILDREN_COLUMNS: readonly ColumnSpec<string>[] = [
  { key: 'mother_id_number', header: '母亲身份证号', aliases: ['mother_id_number', '母亲身份证号码', '母亲公民身份号码', '妇女身份证号', '妇女身份证号码'] },
  { key: 'name', header: '子女姓名', aliases: ['name', '姓名', '孩子姓名', '子女名字'], omittable: true },
  { key: 'sex', header: '性别', aliases: ['sex', '子女性别', '孩子性别'] },
  { key: 'birth_date', header: '出生日期', aliases: ['birth_date', '子女出生日期', '出生年月日', '出生时间'] },
  { key: 'birth_order', header: '孩次', aliases: ['birth_order', '胎次', '第几孩'], omittable: true },
  { key: 'policy_status', header: '政策属性', aliases: ['policy_status', '政策内外', '是否符合政策'], omittable: true },
  { key: 'permit_no', header: '生育证号', aliases: ['permit_no', '生育证编号', '生育服务证号', '准生证号'], omittable: true },
  { key: 'policy_reason', header: '政策属性说明', aliases: ['policy_reason'], required: false },
  { key: 'vital_status', header: '健康状况', aliases: ['vital_status'], required: false },
  { key: 'disability_grade', header: '伤残等级', aliases: ['disability_grade'], required: false },
  { key: 'death_date', header: '死亡日期', aliases: ['death_date'], required: false },
];

const LABELS: Record<string, string> = { contraceptive_failure: '避孕失败' };

interface ChildRowInput {
  cells: Record<string, Cell>;
  womanId: number;
  child: ChildInput;
}

/** "Not found" and "not in your township" are the same answer (scope), and say what to do next. */
export function motherProblem(raw: string): string {
  const parsed = parseIdNumber(raw);
  if (!parsed.ok) return idNumberMessage(parsed.problem);
  return '没有该身份证号的在册育龄妇女（或不在您的管辖范围内）；请先建立或导入她的信息卡';
}

export const importChildren: Importer = async (db, actor, table, options) => {
  const { index, problems: headerProblems } = mapHeaders<string>(table.headers, [...CHILDREN_COLUMNS]);
  if (headerProblems.length) return emptyResult(table, options, headerProblems);
  if (table.rows.length === 0) return emptyResult(table, options, [{ row: 2, column: '', value: '', message: '文件中没有数据行' }]);

  const located = table.rows.map((r) => ({ row: r.row, cells: pick(r, index) }));
  const mothers = await q.activeCardsInScope(db, actor.scope, [...new Set(located.map((l) => normalizeIdNumber(inputText(l.cells.mother_id_number))))]);
  const existing = new Set(
    (
      await q.childrenOf(
        db,
        [...mothers.values()].map((m) => m.id),
      )
    ).map((c) => `${c.woman_id}|${c.birth_date}|${c.sex}|${c.name ?? ''}`),
  );

  const early: ImportProblem[] = [];
  const seen = new Map<string, number>();
  const items: RowItem<ChildRowInput>[] = [];
  for (const l of located) {
    const raw = normalizeIdNumber(inputText(l.cells.mother_id_number));
    const mother = mothers.get(raw);
    if (!mother) {
      early.push(problemAt(l, 'mother_id_number', raw ? motherProblem(raw) : '请填写母亲身份证号', CHILDREN_COLUMNS));
      continue;
    }
    const child = compact({
      name: inputText(l.cells.name),
      sex: inputText(l.cells.sex),
      birth_date: inputDate(l.cells.birth_date),
      birth_order: inputText(l.cells.birth_order),
      policy_status: inputText(l.cells.policy_status),
      permit_no: inputText(l.cells.permit_no),
      policy_reason: inputText(l.cells.policy_reason),
      vital_status: inputText(l.cells.vital_status),
      disability_grade: inputText(l.cells.disability_grade),
      death_date: inputDate(l.cells.death_date),
    }) as unknown as ChildInput;
    const sex = child.sex === '男' ? 'male' : child.sex === '女' ? 'female' : child.sex;
    const key = `${mother.id}|${child.birth_date}|${sex}|${child.name ?? ''}`;
    const first = seen.get(key);
    if (first) {
      early.push(problemAt(l, 'name', `与第 ${first} 行重复（同一母亲、同一出生日期、性别和姓名）`, CHILDREN_COLUMNS));
      continue;
    }
    seen.set(key, l.row);
    if (existing.has(key)) {
      early.push(problemAt(l, 'name', `${mother.name} 的信息卡上已登记该子女（${child.birth_date}），不能重复登记`, CHILDREN_COLUMNS));
      continue;
    }
    items.push({ row: l.row, input: { cells: l.cells, womanId: mother.id, child } });
  }
  // Births in date order (a mother's first child before her second); rows with no valid date last.
  return importEventsInDateOrder(db, actor, table, options, { kind: 'children', columns: CHILDREN_COLUMNS, dateColumn: 'birth_date', labels: LABELS }, { early, items }, (trx, input, today) =>
    addChild(trx, actor, input.womanId, input.child, { today }),
  );
};
