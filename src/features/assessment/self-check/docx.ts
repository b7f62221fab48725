/**
 * The 自查报告 as a Word document (the `docx` library): the title, the unit and period, section 一 in words and
 * as a table, section 二 one paragraph per indicator, and section 三 left blank for the office's own narrative —
 * the county edits it in Word, so nothing here is locked or laid out by hand.
 */
import { AlignmentType, Document, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import { indicatorLine, type SelfCheck } from './service.ts';

const FONT = { ascii: 'SimSun', eastAsia: '宋体', hAnsi: 'SimSun' };

const para = (text: string, opts: { bold?: boolean; heading?: (typeof HeadingLevel)[keyof typeof HeadingLevel]; center?: boolean } = {}) =>
  new Paragraph({
    heading: opts.heading,
    alignment: opts.center ? AlignmentType.CENTER : undefined,
    spacing: { after: 120 },
    children: [new TextRun({ text, bold: opts.bold, font: FONT })],
  });

const cell = (text: string) => new TableCell({ children: [new Paragraph({ children: [new TextRun({ text, font: FONT })] })] });

export async function selfCheckDocx(sc: SelfCheck, today: string): Promise<Buffer> {
  const scored = sc.indicators.filter((v) => v.target || v.pending);
  const doc = new Document({
    creator: '计划生育服务管理平台',
    title: `${sc.region.name}${sc.period.label}计划生育目标管理自查报告`,
    sections: [
      {
        children: [
          para(`${sc.region.name}${sc.period.label}计划生育目标管理自查报告`, { heading: HeadingLevel.TITLE, center: true }),
          para(`数据截至 ${sc.period.period.to}，由计划生育服务管理平台按个案记录计算，与同期统计报表一致。生成日期 ${today}。`),
          para('一、人口目标完成情况', { heading: HeadingLevel.HEADING_1 }),
          ...sc.summary.map((s) => para(s)),
          new Table({
            width: { size: 100, type: WidthType.PERCENTAGE },
            rows: [
              new TableRow({ tableHeader: true, children: [cell('项目'), cell('数值')] }),
              ...sc.facts.map((f) => new TableRow({ children: [cell(f.label), cell(f.value === null ? '—' : `${f.value}${f.unit === '人' ? '' : f.unit}`)] })),
            ],
          }),
          para('二、考核指标完成情况', { heading: HeadingLevel.HEADING_1 }),
          ...scored.map((v, n) => para(`（${n + 1}）${indicatorLine(v)}`)),
          para('三、存在的问题和下一步打算', { heading: HeadingLevel.HEADING_1 }),
          para('（请在此填写）'),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}
