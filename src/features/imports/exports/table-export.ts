/**
 * Lists as files (the card list, rosters): CSV in UTF-8 with a BOM (so Excel on a Chinese Windows opens it right)
 * written by the one CSV writer (src/files/csv.ts, formula injection neutralised), and XLSX written as a stream (a county's
 * 100,000 cards never sit in memory as one workbook). ID numbers and codes are text cells, so Excel keeps every
 * digit.
 */
import type { Response } from 'express';
import ExcelJS from 'exceljs';
import { CSV_BOM, csvLine, csvLines, type CellValue } from '../../../files/csv.ts';

export interface ExportColumn<T> {
  header: string;
  value: (row: T) => CellValue;
  /** Keep as text in XLSX (ID numbers, codes, phone numbers). */
  text?: boolean;
  width?: number;
}

/** A file's name (without extension, Chinese), its sheet name and an optional title line (XLSX). */
export interface ExportName {
  file: string;
  sheet: string;
  title?: string;
}

function write(res: Response, chunk: string): Promise<void> {
  return new Promise((resolve) => (res.write(chunk) ? resolve() : res.once('drain', resolve)));
}

/** Stream a CSV: header line, then each batch of rows as it arrives. */
export async function sendCsv<T>(res: Response, name: Pick<ExportName, 'file'>, columns: ExportColumn<T>[], batches: AsyncIterable<T[]>): Promise<void> {
  res.attachment(`${name.file}.csv`);
  res.setHeader('Content-Type', 'text/csv; charset=utf-8');
  await write(res, `${CSV_BOM}${csvLine(columns.map((c) => c.header))}`);
  for await (const rows of batches) {
    await write(res, csvLines(rows.map((r) => columns.map((c) => c.value(r)))));
  }
  res.end();
}

/** Stream an XLSX of one sheet: an optional title line, the header row (bold, frozen), the rows. */
export async function sendXlsx<T>(res: Response, name: ExportName, columns: ExportColumn<T>[], batches: AsyncIterable<T[]>): Promise<void> {
  res.attachment(`${name.file}.xlsx`);
  res.setHeader('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: res, useStyles: true, useSharedStrings: false });
  wb.creator = '计划生育服务管理平台';
  const headerRow = name.title ? 2 : 1;
  const ws = wb.addWorksheet(name.sheet.slice(0, 31), { views: [{ state: 'frozen', ySplit: headerRow }] });
  ws.columns = columns.map((c) => ({ width: c.width ?? Math.max(8, c.header.length * 2 + 2), style: c.text ? { numFmt: '@' } : {} }));
  if (name.title) ws.addRow([name.title]).commit();
  const head = ws.addRow(columns.map((c) => c.header));
  head.font = { bold: true };
  head.commit();
  for await (const rows of batches) {
    for (const r of rows) ws.addRow(columns.map((c) => c.value(r) ?? null)).commit();
  }
  ws.commit();
  await wb.commit();
}

/** One batch (for lists that are already in memory). */
export async function* once<T>(rows: T[]): AsyncIterable<T[]> {
  yield rows;
}
