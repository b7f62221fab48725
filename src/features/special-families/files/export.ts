/** The county list of special families as CSV (UTF-8 with BOM, the one CSV writer), with both contact persons. */
import { SPECIAL_FAMILY_CONTACT_ROLE, SPECIAL_FAMILY_KIND } from '../../../domain/codes.ts';
import { maskIdNumber } from '../../../domain/id-number.ts';
import { CSV_BOM, csvLine, csvLines } from '../../../files/csv.ts';
import type { ContactRow, ListRow } from './service.ts';

export const FILE_CSV_HEADERS = [
  '乡镇(街道)',
  '村(社区)',
  '女方姓名',
  '身份证号',
  '丈夫姓名',
  '类别',
  '建档日期',
  '结案日期',
  '最近关怀',
  '第一联系人',
  '第一联系人电话',
  '第二联系人',
  '第二联系人电话',
];

const who = (c: ContactRow | undefined) => (c ? `${c.name}（${SPECIAL_FAMILY_CONTACT_ROLE[c.role]}）` : '');

export function filesCsv(rows: readonly (ListRow & { contacts: ContactRow[] })[]): string {
  return (
    CSV_BOM +
    csvLine(FILE_CSV_HEADERS) +
    csvLines(
      rows.map((r) => {
        const [a, b] = [r.contacts.find((c) => c.position === 1), r.contacts.find((c) => c.position === 2)];
        return [
          r.township_name,
          r.village_name,
          r.woman_name,
          maskIdNumber(r.id_number),
          r.husband_name,
          SPECIAL_FAMILY_KIND[r.kind],
          r.opened_on,
          r.closed_on,
          r.last_cared_on,
          who(a),
          a?.phone,
          who(b),
          b?.phone,
        ];
      }),
    )
  );
}
