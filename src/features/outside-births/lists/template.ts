/** The blank templates of an outside birth list (CSV and XLSX, the XLSX with every column as text). */
import ExcelJS from 'exceljs';
import { CSV_BOM, csvLine } from '../../../files/csv.ts';
import { OUTSIDE_BIRTH_COLUMNS, TEMPLATE_HEADERS } from './rows.ts';

const NOTES: Record<string, string> = {
  母亲身份证号: '18 位，末位可为 X；没有时留空（按母亲姓名和出生日期比对）',
  母亲姓名: '必填',
  子女姓名: '可留空',
  性别: '男 / 女',
  出生日期: '如 2026-03-15，也可写 2026.3.15、2026/3/15、20260315 或 2026年3月15日',
  '医院/派出所': '接生医院或办理落户的派出所',
  出生医学证明编号: '可留空',
  村代码: '可选列：母亲所在村(社区)的 12 位代码（母亲不在册时用于归属）',
};

export function templateCsv(): string {
  return `${CSV_BOM}${csvLine(TEMPLATE_HEADERS)}`;
}

export async function templateXlsx(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '计划生育服务管理平台';
  const ws = wb.addWorksheet('出生名单', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = TEMPLATE_HEADERS.map((h) => ({ header: h, width: Math.max(12, h.length * 2 + 4), style: { numFmt: '@' } }));
  ws.getRow(1).font = { bold: true };
  const help = wb.addWorksheet('填写说明');
  help.columns = [
    { header: '列', width: 18 },
    { header: '填写说明', width: 80 },
  ];
  help.getRow(1).font = { bold: true };
  for (const c of OUTSIDE_BIRTH_COLUMNS) help.addRow([c.header, NOTES[c.header] ?? '']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
