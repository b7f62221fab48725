/**
 * The findings of a validation page as CSV (through the one CSV writer, with the BOM Excel needs): one row per
 * finding, in the page's order, with its numbers and the acknowledgement — the list a statistician files with
 * the month's papers.
 */
import { monthLabel } from '../../../domain/dates.ts';
import { CSV_BOM, csvLines, type CellValue } from '../../../files/csv.ts';
import type { Validation } from './service.ts';

export const FINDING_COLUMNS = ['校验规则', '级别', '乡镇', '村(社区)', '月份', '问题', '数据', '涉及人数', '确认说明', '确认人', '确认时间'];

const LEVEL_TEXT = { blocking: '阻止上报', warning: '警告' } as const;

const chinaTime = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');

export function validationCsv(v: Validation): string {
  const rows: CellValue[][] = v.groups.flatMap((g) =>
    g.findings.map((f) => [
      f.rule.name,
      LEVEL_TEXT[f.rule.level],
      f.place.townshipName,
      f.place.level === 'village' ? f.place.name : '',
      monthLabel(f.month),
      f.message,
      f.numbers.map((n) => `${n.label} ${n.value}`).join('；'),
      f.peopleTotal || '',
      f.ack?.comment ?? (f.rule.level === 'warning' ? '（未确认）' : ''),
      f.ack?.by ?? '',
      f.ack ? chinaTime(f.ack.at) : '',
    ]),
  );
  return CSV_BOM + csvLines([[`数据校验结果（${v.region.name}，${monthLabel(v.month)}）`], FINDING_COLUMNS, ...rows]);
}
