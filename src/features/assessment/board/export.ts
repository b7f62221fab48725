/**
 * The 考核评分表 as XLSX (one sheet, A4 portrait, heading, 被考核单位/考核期, a row per scored indicator, the total
 * and rank, the signature line): the same rows as the page, from the same board row.
 */
import ExcelJS from 'exceljs';
import type { BoardRow } from './service.ts';
import type { BoardPeriod } from '../../../domain/assessment-periods.ts';
import { targetText } from '../../../domain/assessment.ts';

export const SCORE_SHEET_COLUMNS = ['序号', '考核指标', '目标', '实际值', '分子', '分母', '完成情况', '分值', '得分'];

const thin = { style: 'thin' } as const;
const BORDER = { top: thin, bottom: thin, left: thin, right: thin };

export async function scoreSheetXlsx(row: BoardRow, period: BoardPeriod, of: number): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '计划生育服务管理平台';
  const ws = wb.addWorksheet('考核评分表', { pageSetup: { paperSize: 9, orientation: 'portrait', fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
  const width = SCORE_SHEET_COLUMNS.length;
  ws.mergeCells(1, 1, 1, width);
  ws.getCell(1, 1).value = '计划生育目标管理责任制考核评分表';
  ws.getCell(1, 1).font = { bold: true, size: 14 };
  ws.getCell(1, 1).alignment = { horizontal: 'center' };
  ws.getRow(2).values = [`被考核单位：${row.region.name}`, '', '', `考核期：${period.label}`];
  ws.getRow(3).values = SCORE_SHEET_COLUMNS;
  const scored = row.values.filter((v) => v.target && !v.pending);
  scored.forEach((v, n) => {
    const unit = v.indicator.unit === 'ratio' ? '' : v.indicator.unit;
    ws.getRow(4 + n).values = [
      n + 1,
      v.indicator.name,
      targetText(v.indicator, v.target?.target),
      v.value === null ? '—' : `${v.value}${unit}`,
      v.numerator ?? '',
      v.denominator ?? '',
      v.judgement,
      v.target?.weight ?? 0,
      v.score,
    ];
  });
  const total = 4 + scored.length;
  ws.getRow(total).values = ['合计', row.rank ? `全县 ${of} 个乡镇中第 ${row.rank} 名` : '', '', '', '', '', '', row.possible, row.total];
  for (let r = 3; r <= total; r++) ws.getRow(r).eachCell({ includeEmpty: true }, (cell) => (cell.border = BORDER));
  ws.getRow(3).font = { bold: true };
  ws.getRow(total).font = { bold: true };
  ws.getRow(total + 2).values = ['考核组（签字）：', '', '', '被考核乡镇负责人（签字）：', '', '', '日期：'];
  [6, 22, 10, 10, 8, 8, 10, 7, 7].forEach((w, i) => (ws.getColumn(i + 1).width = w));
  return Buffer.from(await wb.xlsx.writeBuffer());
}
