/**
 * The month's distribution sheet as CSV (through the one CSV writer, with the BOM Excel needs): one row per
 * supply in the list's order, ID numbers masked as on every list.
 */
import { SUPPLY_CHANNEL, SUPPLY_ITEM, label } from '../../../domain/codes.ts';
import { maskIdNumber } from '../../../domain/id-number.ts';
import { CSV_BOM, csvLines, type CellValue } from '../../../files/csv.ts';
import type { SupplyListRow, SupplyTotals } from './service.ts';

export const SUPPLY_COLUMNS = ['发放日期', '村(社区)', '姓名', '身份证号', '药具品种', '数量', '发放渠道', '备注', '登记人'];

export function suppliesCsv(title: string, list: { rows: SupplyListRow[] } & SupplyTotals): string {
  const rows: CellValue[][] = list.rows.map((s) => [
    s.supplied_on,
    s.village_name,
    s.woman_name,
    maskIdNumber(s.id_number),
    label(SUPPLY_ITEM, s.item),
    s.quantity,
    label(SUPPLY_CHANNEL, s.channel),
    s.note ?? '',
    s.recorded_by ?? '',
  ]);
  const footer: CellValue[] = ['合计', '', `${list.women} 人`, '', `${list.total} 次`, list.quantity];
  return CSV_BOM + csvLines([[title], SUPPLY_COLUMNS, ...rows, footer]);
}
