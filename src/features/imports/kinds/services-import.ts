/**
 * Import of services (template 技术服务, DESIGN §12). Each row is recorded through the services feature's
 * recordService — the service form's schema, the state change it makes on the card (an IUD insertion opens a
 * method, a removal needs one, an abortion closes the pregnancy …), its follow-ups and double-check round — on
 * the woman's card found by her ID number within the caller's scope. Rows run in date order, as the services
 * happened; the same service twice (same woman, item and date) is a problem.
 */
import { SERVICE_KIND } from '../../../domain/codes.ts';
import { normalizeIdNumber } from '../../../domain/id-number.ts';
import { recordService, type ServiceInput } from '../../services/service.ts';
import { compact, inputDate, inputText, problemAt } from '../files/cells.ts';
import { motherProblem } from './children-import.ts';
import { importEventsInDateOrder, type RowItem } from './per-row.ts';
import * as q from './queries.ts';
import { mapHeaders, pick, type Cell, type ColumnSpec, type ImportProblem } from '../files/read-table.ts';
import { checkResultsOf, serviceKindOf, yesNo } from './services-sheet.ts';
import { emptyResult, type Importer } from './types.ts';

export const SERVICES_COLUMNS: readonly ColumnSpec<string>[] = [
  { key: 'id_number', header: '身份证号', aliases: ['id_number', '身份证号码', '公民身份号码', '公民身份证号', '公民身份证号码', '身份证', '证件号码'] },
  { key: 'kind', header: '服务项目', aliases: ['kind', '项目', '服务类别', '手术名称'] },
  { key: 'performed_on', header: '服务日期', aliases: ['performed_on', '日期', '服务时间', '手术日期'] },
  { key: 'facility', header: '服务机构', aliases: ['facility', '机构', '服务单位', '手术单位'], omittable: true },
  { key: 'provider', header: '服务人员', aliases: ['provider', '术者', '手术者', '医生'], omittable: true },
  { key: 'findings', header: '结果', aliases: ['findings', '服务结果', '检查结果'], omittable: true },
  { key: 'complication', header: '并发症', aliases: ['complication'], omittable: true },
  { key: 'iud_result', header: '查环结果', aliases: ['iud_result'], required: false },
  { key: 'pregnancy_result', header: '查孕结果', aliases: ['pregnancy_result'], required: false },
  { key: 'complication_serious', header: '严重并发症', aliases: ['complication_serious'], required: false },
  { key: 'contraceptive_failure', header: '避孕失败', aliases: ['contraceptive_failure'], required: false },
  { key: 'lmp_date', header: '末次月经日期', aliases: ['lmp_date'], required: false },
  { key: 'due_on', header: '到期取出日期', aliases: ['due_on'], required: false },
  { key: 'notes', header: '备注', aliases: ['notes'], required: false },
];

interface ServiceRowInput {
  cells: Record<string, Cell>;
  womanId: number;
  service: ServiceInput;
}

const FLAGS = ['complication_serious', 'contraceptive_failure'] as const;

export const importServices: Importer = async (db, actor, table, options) => {
  const { index, problems: headerProblems } = mapHeaders<string>(table.headers, [...SERVICES_COLUMNS]);
  if (headerProblems.length) return emptyResult(table, options, headerProblems);
  if (table.rows.length === 0) return emptyResult(table, options, [{ row: 2, column: '', value: '', message: '文件中没有数据行' }]);

  const located = table.rows.map((r) => ({ row: r.row, cells: pick(r, index) }));
  const women = await q.activeCardsInScope(db, actor.scope, [...new Set(located.map((l) => normalizeIdNumber(inputText(l.cells.id_number))))]);
  const existing = new Set(
    (
      await q.servicesOf(
        db,
        [...women.values()].map((w) => w.id),
      )
    ).map((s) => `${s.woman_id}|${s.kind}|${s.performed_on}`),
  );

  const early: ImportProblem[] = [];
  const seen = new Map<string, number>();
  const items: RowItem<ServiceRowInput>[] = [];
  for (const l of located) {
    const raw = normalizeIdNumber(inputText(l.cells.id_number));
    const woman = women.get(raw);
    if (!woman) {
      early.push(problemAt(l, 'id_number', raw ? motherProblem(raw) : '请填写身份证号', SERVICES_COLUMNS));
      continue;
    }
    const kind = serviceKindOf(inputText(l.cells.kind));
    const findings = inputText(l.cells.findings);
    const fromText = kind === 'ring_pregnancy_check' ? checkResultsOf(findings) : {};
    const flags: Record<string, string> = {};
    let flagProblem = false;
    for (const f of FLAGS) {
      const v = yesNo(inputText(l.cells[f]));
      if (v === undefined) {
        early.push(problemAt(l, f, '应填写“是”或“否”', SERVICES_COLUMNS));
        flagProblem = true;
      } else flags[f] = v;
    }
    const service = compact({
      kind,
      performed_on: inputDate(l.cells.performed_on),
      facility: inputText(l.cells.facility),
      provider: inputText(l.cells.provider),
      findings,
      complication: inputText(l.cells.complication),
      iud_result: inputText(l.cells.iud_result) || (fromText.iud_result ?? ''),
      pregnancy_result: inputText(l.cells.pregnancy_result) || (fromText.pregnancy_result ?? ''),
      lmp_date: inputDate(l.cells.lmp_date),
      due_on: inputDate(l.cells.due_on),
      notes: inputText(l.cells.notes),
      ...flags,
    }) as unknown as ServiceInput;
    if (flagProblem) continue;
    const key = `${woman.id}|${kind}|${service.performed_on}`;
    const first = seen.get(key);
    const what = `${(SERVICE_KIND as Record<string, string>)[kind] ?? kind}（${service.performed_on}）`;
    if (first) {
      early.push(problemAt(l, 'kind', `与第 ${first} 行重复：同一人同一天的${what}只能登记一次`, SERVICES_COLUMNS));
      continue;
    }
    seen.set(key, l.row);
    if (existing.has(key)) {
      early.push(problemAt(l, 'kind', `${woman.name} 的信息卡上已登记${what}，不能重复登记`, SERVICES_COLUMNS));
      continue;
    }
    items.push({ row: l.row, input: { cells: l.cells, womanId: woman.id, service } });
  }
  // Services in the order they happened: an insertion before the removal, a pregnancy before its outcome.
  return importEventsInDateOrder(db, actor, table, options, { kind: 'services', columns: SERVICES_COLUMNS, dateColumn: 'performed_on' }, { early, items }, (trx, input, today) =>
    recordService(trx, actor, input.womanId, input.service, { today }),
  );
};
