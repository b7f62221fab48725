/** The 婚育证明 check list as CSV (the one CSV writer, ID numbers masked as on every list). */
import { MIGRANT_STATUS, label } from '../../../domain/codes.ts';
import { CERTIFICATE_PROBLEM } from '../../../domain/floating.ts';
import { maskIdNumber } from '../../../domain/id-number.ts';
import { CSV_BOM, csvLines, type CellValue } from '../../../files/csv.ts';
import type { CertificateCheckListRow } from './service.ts';

export const CHECK_COLUMNS = ['村(社区)', '姓名', '身份证号', '流动状态', '流动日期', '流入/流出地', '问题', '证明编号', '发证日期', '有效期至', '注销日期'];

export function certificateCheckCsv(title: string, rows: CertificateCheckListRow[]): string {
  const lines: CellValue[][] = rows.map((r) => [
    r.village_name,
    r.name,
    maskIdNumber(r.id_number),
    label(MIGRANT_STATUS, r.migrant_status),
    r.floating_since,
    r.migrant_place ?? '',
    CERTIFICATE_PROBLEM[r.problem],
    r.cert_number ?? '',
    r.cert_issued_on ?? '',
    r.cert_expires_on ?? '',
    r.cert_revoked_on ?? '',
  ]);
  return CSV_BOM + csvLines([[title], CHECK_COLUMNS, ...lines]);
}
