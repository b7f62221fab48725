/**
 * The complications report as CSV (through the one CSV writer, with the BOM Excel needs) and XLSX (one sheet per
 * table, heading, 填报单位/报告期, bold 合计): the same figures as the page, from the same report object.
 */
import ExcelJS from 'exceljs';
import { COMPLICATION, PROCEDURE_KIND, label } from '../../../domain/codes.ts';
import { CSV_BOM, csvLines, type CellValue } from '../../../files/csv.ts';
import type { ComplicationsReport } from './service.ts';
import { COMPLICATION_KINDS, RATE_UNIT, type ComplicationFigures } from './table.ts';

/** The columns of table 1 after the row label, in page order. */
export const KIND_COLUMNS = ['手术例数', '发生并发症例数', ...COMPLICATION_KINDS.map((k) => label(COMPLICATION, k)), '其中严重', `并发症发生率(${RATE_UNIT})`];
/** The columns of table 2 after the row label. */
export const REGION_COLUMNS = ['手术例数', '并发症例数', '严重例数', `并发症发生率(${RATE_UNIT})`];

const kindCells = (f: ComplicationFigures): (number | string)[] => [f.procedures, f.complicated, ...COMPLICATION_KINDS.map((k) => f.byComplication[k] ?? 0), f.serious, f.rate.value ?? '—'];
const regionCells = (f: ComplicationFigures): (number | string)[] => [f.procedures, f.complicated, f.serious, f.rate.value ?? '—'];

function sheets(r: ComplicationsReport) {
  const place = r.rowLevel === 'township' ? '乡镇' : '村(社区)';
  return [
    {
      title: '按手术种类',
      header: ['手术种类', ...KIND_COLUMNS],
      rows: [...r.byKind.map((row) => [label(PROCEDURE_KIND, row.kind), ...kindCells(row.figures)]), ['合计', ...kindCells(r.total)]],
    },
    {
      title: `按${place}`,
      header: [place, ...REGION_COLUMNS],
      rows: [...r.byRegion.map((row) => [row.region.name, ...regionCells(row.figures)]), ['合计', ...regionCells(r.regionTotal)]],
    },
  ];
}

export function complicationsCsv(r: ComplicationsReport): string {
  const lines: CellValue[][] = [];
  for (const [i, s] of sheets(r).entries()) {
    if (i > 0) lines.push([]);
    lines.push([`${s.title}（${r.region.name}，${r.periodText}）`], s.header, ...s.rows);
  }
  return CSV_BOM + csvLines(lines);
}

const thin = { style: 'thin' } as const;
const BORDER = { top: thin, bottom: thin, left: thin, right: thin };

export async function complicationsXlsx(r: ComplicationsReport, heading: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '计划生育服务管理平台';
  for (const s of sheets(r)) {
    const ws = wb.addWorksheet(s.title, { pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
    const width = s.header.length;
    ws.mergeCells(1, 1, 1, width);
    ws.getCell(1, 1).value = `${heading}（${s.title}）`;
    ws.getCell(1, 1).font = { bold: true, size: 14 };
    ws.getCell(1, 1).alignment = { horizontal: 'center' };
    ws.getRow(2).values = [`填报单位：${r.region.name}`, `报告期：${r.periodText}`];
    ws.getRow(3).values = s.header;
    ws.getRow(3).eachCell((cell) => {
      cell.font = { bold: true };
      cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
      cell.border = BORDER;
    });
    s.rows.forEach((values, i) => {
      const row = ws.getRow(4 + i);
      row.values = values;
      const last = i === s.rows.length - 1;
      row.eachCell({ includeEmpty: true }, (cell, col) => {
        cell.border = BORDER;
        if (last) cell.font = { bold: true };
        if (typeof cell.value === 'number') cell.numFmt = col === width ? `0.00"${RATE_UNIT}"` : '#,##0';
        else if (col > 1) cell.alignment = { horizontal: 'right' };
      });
    });
    ws.getColumn(1).width = 22;
    for (let c = 2; c <= width; c++) ws.getColumn(c).width = 11;
    ws.views = [{ state: 'frozen', xSplit: 1, ySplit: 3 }];
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
