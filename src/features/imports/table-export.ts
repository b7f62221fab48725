/**
 * Lists as files (the card list, rosters, problem lists, blank templates): CSV in UTF-8 with a BOM (so Excel on a
 * Chinese Windows opens it right) with formula injection neutralised, and XLSX written as a stream (a county's
 * 100,000 cards never sit in memory as one workbook). ID numbers and codes are text cells, so Excel keeps every
 * digit.
 */
import type { Response } from 'express';
import ExcelJS from 'exceljs';

export type CellValue = string | number | null | undefined;

export interface ExportColumn<T> {
  header: string;
  value: (row: T) => CellValue;
  /** Keep as text in XLSX (ID numbers, codes, phone numbers). */
  text?: boolean;
  width?: number;
}

/**
 * A CSV field: text a spreadsheet would run as a formula (= + - @, tab, CR) gets a leading apostrophe — which our
 * import takes off again — and quotes when it holds a separator, quote or line break.
 */
export function csvField(v: CellValue): string {
  if (v == null) return '';
  if (typeof v === 'number') return String(v);
  const s = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine(values: CellValue[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}

/** Content-Disposition with a Chinese file name (RFC 5987) and an ASCII fallback. */
export function attachment(fileName: string, asciiFallback: string): string {
  return `attachment; filename="${asciiFallback}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

function write(res: Response, chunk: string): Promise<void> {
  return new Promise((resolve) => (res.write(chunk) ? resolve() : res.once('drain', resolve)));
}

/** Stream a CSV: header line, then each batch of rows as it arrives. */
export async function sendCsv<T>(res: Response, name: { file: string; ascii: string }, columns: ExportColumn<T>[], batches: AsyncIterable<T[]>): Promise<void> {
  res.setHeader('Content-Type', 'text/csv; charset=utf-8');
  res.setHeader('Content-Disposition', attachment(`${name.file}.csv`, `${name.ascii}.csv`));
  await write(res, `\ufeff${csvLine(columns.map((c) => c.header))}`);
  for await (const rows of batches) {
    await write(res, rows.map((r) => csvLine(columns.map((c) => c.value(r)))).join(''));
  }
  res.end();
}

/** Stream an XLSX of one sheet: an optional title line, the header row (bold, frozen), the rows. */
export async function sendXlsx<T>(
  res: Response,
  name: { file: string; ascii: string; sheet: string; title?: string },
  columns: ExportColumn<T>[],
  batches: AsyncIterable<T[]>,
): Promise<void> {
  res.setHeader('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  res.setHeader('Content-Disposition', attachment(`${name.file}.xlsx`, `${name.ascii}.xlsx`));
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
