/** The target-couple list as CSV (UTF-8 with BOM, the one CSV writer): who still needs a check, village by village. */
import { CSV_BOM, csvLine, csvLines } from '../../../files/csv.ts';
import { maskIdNumber } from '../../../domain/id-number.ts';
import type { TargetRow } from './queries.ts';

export const TARGET_CSV_HEADERS = ['村(社区)', '姓名', '身份证号', '联系电话', '配偶', '结婚日期', '计划怀孕登记日期', '女方检查日期', '男方检查日期', '状态'];

export function targetCsv(rows: readonly TargetRow[]): string {
  return (
    CSV_BOM +
    csvLine(TARGET_CSV_HEADERS) +
    csvLines(
      rows.map((r) => [
        r.village_name,
        r.woman_name,
        maskIdNumber(r.id_number),
        r.phone,
        r.spouse_name,
        r.married_on,
        r.planned_on,
        r.woman_checked_on,
        r.spouse_checked_on,
        r.checked ? '夫妇已检查' : r.woman_checked_on ? '男方未检查' : r.spouse_checked_on ? '女方未检查' : '夫妇均未检查',
      ]),
    )
  );
}
