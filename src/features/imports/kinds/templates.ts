/**
 * Blank templates (DESIGN §12): the first row holds exactly the template's Chinese headers. The XLSX has every
 * column formatted as text (an ID number typed into it keeps all 18 characters) and a second sheet, 填写说明,
 * that lists each column — the optional ones too — with the values it accepts.
 */
import ExcelJS from 'exceljs';
import {
  COMPLICATION,
  ETHNICITIES,
  HUKOU_KIND,
  IUD_RESULT,
  MARITAL_STATUS,
  MIGRANT_STATUS,
  POLICY_STATUS,
  PREGNANCY_RESULT,
  SERVICE_KIND,
  SEX,
  VITAL_STATUS,
  type CodeList,
} from '../../../domain/codes.ts';
import { CSV_BOM, csvLine } from '../../../files/csv.ts';
import type { ImportKind } from './types.ts';

const list = (codes: CodeList<string>) => Object.values(codes).join('、');

/** What a column accepts, for the 填写说明 sheet and the import page. */
export const COLUMN_NOTES: Record<string, string> = {
  身份证号: '18 位，末位可为 X（请设为文本格式）',
  母亲身份证号: '母亲的 18 位身份证号，须已有在册信息卡',
  配偶身份证号: '18 位，可留空',
  村代码: '12 位村(社区)代码',
  民族: `如 汉族、回族；留空为汉族（可填：${ETHNICITIES.slice(0, 6).join('、')} …）`,
  户口性质: list(HUKOU_KIND),
  配偶户口性质: list(HUKOU_KIND),
  婚姻状况: list(MARITAL_STATUS),
  流动状态: `${list(MIGRANT_STATUS)}；留空为常住`,
  '流入/流出地': '流出人员填现居住地，流入人员填户籍地',
  性别: list(SEX),
  政策属性: `${list(POLICY_STATUS)}；留空由系统按当时政策确定`,
  孩次: '留空由系统按出生日期确定',
  健康状况: `${list(VITAL_STATUS)}；留空为健在`,
  伤残等级: '1–4（伤残子女填写）',
  服务项目: `${list(SERVICE_KIND)}；也可写 上环、取环、女扎、男扎、人流、药流、引产、双查`,
  结果: '检查所见；查环查孕可写“有环，未孕”等',
  并发症: `${list(COMPLICATION)}；留空为无`,
  查环结果: list(IUD_RESULT),
  查孕结果: list(PREGNANCY_RESULT),
  严重并发症: '是 / 否',
  避孕失败: '是 / 否（带环等长效措施怀孕时填“是”）',
  建卡日期: '在本县登记在册的起始日期（建卡或迁入），如 2026-03-15（也可写 2026.3.15、20260315、2026年3月15日）；留空按年满15周岁之日计',
  本人是否独生子女: '是 / 否 / 不详（也可填 1/0、Y/N）；留空为不详',
  配偶是否独生子女: '是 / 否 / 不详（也可填 1/0、Y/N）；留空为不详',
  月份: '如 2026-03，也可写 2026.3、2026年3月 或 202603',
  区划代码: '乡镇 9 位、村(社区) 12 位',
};

/** Every spelling parseTypedDate accepts (issue 14); an Excel date cell is read as it is. */
const DATE_NOTE = '日期，如 2026-03-15，也可写 2026.3.15、2026/3/15、20260315 或 2026年3月15日';

function noteOf(header: string): string {
  return COLUMN_NOTES[header] ?? (/日期/.test(header) ? DATE_NOTE : '');
}

export const templateHeaders = (kind: ImportKind) => kind.columns.filter((c) => c.required !== false).map((c) => c.header);
export const optionalHeaders = (kind: ImportKind) => kind.columns.filter((c) => c.required === false).map((c) => c.header);

export function templateCsv(kind: ImportKind): string {
  return `${CSV_BOM}${csvLine(templateHeaders(kind))}`;
}

export async function templateXlsx(kind: ImportKind): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '计划生育服务管理平台';
  const headers = templateHeaders(kind);
  const ws = wb.addWorksheet(kind.label, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = headers.map((h) => ({ header: h, width: Math.max(10, h.length * 2 + 4), style: { numFmt: '@' } }));
  ws.getRow(1).font = { bold: true };
  const help = wb.addWorksheet('填写说明');
  help.columns = [
    { header: '列', width: 16 },
    { header: '是否必需', width: 10 },
    { header: '填写说明', width: 80 },
  ];
  help.getRow(1).font = { bold: true };
  for (const c of kind.columns) help.addRow([c.header, c.required === false ? '可选列' : c.omittable ? '可整列省略' : '必需', noteOf(c.header)]);
  help.addRow([]);
  help.addRow(['', '', '第一行为表头，请勿改动；代码列可填中文名称或代码。导入前系统先检查全部数据，全部正确才会写入。']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export { noteOf };
