/**
 * A report as CSV (UTF-8 with BOM so Excel opens it in Chinese, through the one CSV writer) and XLSX (official
 * column order, merged header cells, number formats, totals row); JSON is the engine's (engine/json.ts).
 * Every format reads the same layout and the same figures as the HTML.
 */
import ExcelJS from 'exceljs';
import { isRateKey, type Figures } from '../../../domain/indicators.ts';
import { periodWords } from '../../../domain/report-periods.ts';
import { CSV_BOM, csvLines, type CellValue } from '../../../files/csv.ts';
import type { Report } from '../engine/service.ts';
import { flatColumns, isSingle, type OfficialHeader, type ReportLayout } from './layouts.ts';
import { isSplitBlank, tableLines, type ResidenceSplit, type TableLine } from './lines.ts';
import { emptyCounts, withRates } from '../../../domain/indicators.ts';

export { reportJson, type ReportJson } from '../engine/json.ts';

const UNIT_SUFFIX: Record<string, string> = { '%': '(%)', '‰': '(‰)', ratio: '' };

/** A cell value for CSV/XLSX: counts as numbers, rates as their rounded value, "—" when undefined or not split. */
export function cellValue(f: Figures, key: keyof Figures, line?: TableLine): number | string {
  if (line && isSplitBlank(line, key)) return '—';
  const v = f[key];
  if (typeof v === 'number') return v;
  return v.value ?? '—';
}

/** The lines of a report, with its 城镇/农村 lines when it has a split. */
export function linesOf(r: Report, split?: ResidenceSplit): TableLine[] {
  return tableLines(r, split, split ? withRates(emptyCounts()) : undefined);
}

export function reportCsv(r: Report, layout: ReportLayout, split?: ResidenceSplit): string {
  const columns = layout.parts.flatMap(flatColumns);
  const header = ['地区', '区划代码', ...columns.map((c) => `${c.header}${isRateKey(c.key) ? UNIT_SUFFIX[r.total[c.key].unit] : ''}`)];
  const line = (l: TableLine): CellValue[] => [l.name, l.region.code, ...columns.map((c) => cellValue(l.figures, c.key, l))];
  return CSV_BOM + csvLines([header, ...linesOf(r, split).map(line)]);
}

/** The official header block's lines (表号 … 有效期至), as the print header shows them. */
export function officialBlock(tableNo: string, o: OfficialHeader): string[] {
  return [`表\u3000\u3000号：${tableNo}`, `制定机关：${o.maker}`, `批准机关：${o.approver}`, `批准文号：${o.approvalNo}`, `有效期至：${o.validUntil}`];
}

/** How many right-hand columns the header block spans (merged, so a long 制定机关 fits). */
const BLOCK_SPAN = 4;

const RATE_FORMAT: Record<string, string> = { '%': '0.00"%"', '‰': '0.00"‰"', ratio: '0.00' };

export async function reportXlsx(r: Report, layout: ReportLayout, meta: { heading: string; unitName: string }, split?: ResidenceSplit): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '计划生育服务管理平台';
  for (const part of layout.parts) {
    const ws = wb.addWorksheet(part.title, { pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
    const columns = flatColumns(part);
    const width = columns.length + 1;
    // An official form opens with its header block at the top right (as printed), then the title and the meta row.
    let title = 1;
    if (layout.official) {
      const block = officialBlock(layout.tableNo, layout.official);
      const from = Math.max(1, width - BLOCK_SPAN + 1);
      block.forEach((text, i) => {
        if (width - from > 0) ws.mergeCells(i + 1, from, i + 1, width);
        ws.getCell(i + 1, from).value = text;
        ws.getCell(i + 1, from).alignment = { horizontal: 'left' };
      });
      title = block.length + 1;
    }
    ws.mergeCells(title, 1, title, width);
    ws.getCell(title, 1).value = layout.parts.length > 1 ? `${meta.heading}（${part.title}）` : meta.heading;
    ws.getCell(title, 1).font = { bold: true, size: 14 };
    ws.getCell(title, 1).alignment = { horizontal: 'center' };
    const metaCells = [`填报单位：${meta.unitName}`, ...Array<string>(Math.max(0, width - 3)).fill(''), `报告期：${periodWords(r.period)}`];
    ws.getRow(title + 1).values = layout.official ? [...metaCells, `单位：${layout.unit}`] : [...metaCells, `表号：${layout.tableNo}`];

    // Header: a row of groups (merged across their columns, or down both rows for a single column), a row of columns.
    const top = title + 2;
    ws.mergeCells(top, 1, top + 1, 1);
    ws.getCell(top, 1).value = '地区';
    let col = 2;
    for (const g of part.groups) {
      if (isSingle(g)) {
        ws.mergeCells(top, col, top + 1, col);
        ws.getCell(top, col).value = g.label;
      } else {
        if (g.columns.length > 1) ws.mergeCells(top, col, top, col + g.columns.length - 1);
        ws.getCell(top, col).value = g.label;
        g.columns.forEach((c, i) => (ws.getCell(top + 1, col + i).value = c.label));
      }
      col += g.columns.length;
    }
    let next = top + 2;
    if (layout.numbered) {
      ws.getRow(next).values = ['甲', ...columns.map((_c, i) => i + 1)];
      next += 1;
    }
    for (let rr = top; rr < next; rr++) {
      ws.getRow(rr).eachCell((cell) => {
        cell.font = { bold: true };
        cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
        cell.border = { top: { style: 'thin' }, bottom: { style: 'thin' }, left: { style: 'thin' }, right: { style: 'thin' } };
      });
    }

    const write = (l: TableLine) => {
      const f = l.figures;
      const bold = l.total;
      const row = ws.getRow(next++);
      row.getCell(1).value = l.name;
      columns.forEach((c, i) => {
        const cell = row.getCell(i + 2);
        const v = cellValue(f, c.key, l);
        cell.value = v;
        if (typeof v === 'number') cell.numFmt = isRateKey(c.key) ? RATE_FORMAT[f[c.key].unit] : Number.isInteger(v) ? '#,##0' : '#,##0.0';
        else cell.alignment = { horizontal: 'right' };
      });
      row.eachCell({ includeEmpty: true }, (cell) => {
        cell.border = { top: { style: 'thin' }, bottom: { style: 'thin' }, left: { style: 'thin' }, right: { style: 'thin' } };
        if (bold) cell.font = { bold: true };
      });
    };
    for (const l of linesOf(r, split)) write(l);
    // The layout's notes under the table, each across the table's width.
    if (layout.notes?.length) next += 1;
    for (const n of layout.notes ?? []) {
      ws.mergeCells(next, 1, next, width);
      ws.getCell(next, 1).value = `注：${n}`;
      ws.getCell(next, 1).alignment = { horizontal: 'left', wrapText: true };
      next += 1;
    }
    ws.getColumn(1).width = 14;
    for (let c = 2; c <= width; c++) ws.getColumn(c).width = 10;
    ws.views = [{ state: 'frozen', xSplit: 1, ySplit: top + 1 + (layout.numbered ? 1 : 0) }];
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
