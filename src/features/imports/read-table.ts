/**
 * Reading an import file into rows of cells (DESIGN §12), shared by every import kind: CSV in UTF-8 (with or
 * without BOM) or GB18030 (what Excel on a Chinese Windows saves), or XLSX (first worksheet). The first row
 * holds the Chinese headers. Row numbers are the spreadsheet's (the header is row 1), so a problem list points
 * at the row a clerk sees. Cell helpers turn a cell into text, an integer, a date, a month or a code.
 */
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { codeFromInput, type CodeList } from '../../domain/codes.ts';
import { isIsoDate, isMonth } from '../../domain/dates.ts';

export type Cell = string | number | boolean | Date | null;

export interface TableRow {
  /** Spreadsheet row number (header = 1). */
  row: number;
  cells: Cell[];
}

export interface Table {
  headers: string[];
  rows: TableRow[];
}

/** One problem of an import, located like a clerk would look for it. */
export interface ImportProblem {
  row: number;
  column: string;
  value: string;
  message: string;
}

export function isXlsx(data: Buffer, fileName = ''): boolean {
  return /\.xlsx$/i.test(fileName) || (data.length > 4 && data.readUInt32BE(0) === 0x504b0304);
}

/** UTF-8 (BOM or not), UTF-16LE with BOM, else GB18030: a strict UTF-8 decode fails on GBK bytes. */
export function decodeText(data: Buffer): string {
  if (data.length >= 3 && data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf) return data.subarray(3).toString('utf8');
  if (data.length >= 2 && data[0] === 0xff && data[1] === 0xfe) return iconv.decode(data.subarray(2), 'utf16le');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch {
    return iconv.decode(data, 'gb18030');
  }
}

function readCsv(text: string): Table {
  const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
  const delimiter = firstLine.includes('\t') && !firstLine.includes(',') ? '\t' : ',';
  const records = parse(text, { delimiter, relax_column_count: true, skip_empty_lines: false, info: true, trim: false }) as unknown as {
    record: string[];
    info: { lines: number };
  }[];
  if (records.length === 0) return { headers: [], rows: [] };
  const headers = records[0].record.map((h) => h.trim());
  const rows = records
    .slice(1)
    .map((r) => ({ row: r.info.lines, cells: r.record.map((c) => (c.trim() === '' ? null : c)) }))
    .filter((r) => r.cells.some((c) => c !== null));
  return { headers, rows };
}

function xlsxCell(value: ExcelJS.CellValue): Cell {
  if (value == null) return null;
  if (value instanceof Date || typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value === 'string') return value.trim() === '' ? null : value;
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((t) => t.text).join('');
    if ('result' in value) return xlsxCell((value as { result?: ExcelJS.CellValue }).result ?? null);
    if ('text' in value) return String((value as { text: unknown }).text);
    if ('error' in value) return null;
  }
  return String(value);
}

async function readXlsx(data: Buffer): Promise<Table> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(data as unknown as ArrayBuffer);
  const ws = wb.worksheets[0];
  if (!ws) return { headers: [], rows: [] };
  const headerRow = ws.getRow(1);
  const width = Math.max(headerRow.cellCount, ws.columnCount);
  const headers: string[] = [];
  for (let c = 1; c <= width; c++) headers.push(String(xlsxCell(headerRow.getCell(c).value) ?? '').trim());
  while (headers.length && headers[headers.length - 1] === '') headers.pop();
  const rows: TableRow[] = [];
  ws.eachRow({ includeEmpty: false }, (row, n) => {
    if (n === 1) return;
    const cells: Cell[] = [];
    for (let c = 1; c <= headers.length; c++) cells.push(xlsxCell(row.getCell(c).value));
    if (cells.some((v) => v !== null)) rows.push({ row: n, cells });
  });
  return { headers, rows };
}

export async function readTable(data: Buffer, fileName = ''): Promise<Table> {
  return isXlsx(data, fileName) ? readXlsx(data) : readCsv(decodeText(data));
}

export interface ColumnSpec<K extends string> {
  key: K;
  header: string;
  /** Other headers accepted for the same column (e.g. the code name `village`). */
  aliases?: string[];
  required?: boolean;
}

/**
 * Where each expected column is. A missing required header is a problem on row 1; unknown headers are
 * ignored (a clerk's extra 备注 column does no harm).
 */
export function mapHeaders<K extends string>(headers: string[], specs: ColumnSpec<K>[]) {
  const index = {} as Record<K, number>;
  const problems: ImportProblem[] = [];
  const norm = (s: string) => s.replace(/\s+/g, '').replace(/[（]/g, '(').replace(/[）]/g, ')');
  for (const spec of specs) {
    const names = [spec.header, ...(spec.aliases ?? [])].map(norm);
    const at = headers.findIndex((h) => names.includes(norm(h)));
    index[spec.key] = at;
    if (at < 0 && spec.required !== false) {
      problems.push({ row: 1, column: spec.header, value: '', message: `缺少表头“${spec.header}”` });
    }
  }
  return { index, problems };
}

/** The cells of a row keyed by column key. */
export function pick<K extends string>(row: TableRow, index: Record<K, number>): Record<K, Cell> {
  const out = {} as Record<K, Cell>;
  for (const [k, i] of Object.entries(index) as [K, number][]) out[k] = i >= 0 ? (row.cells[i] ?? null) : null;
  return out;
}

/**
 * A cell as text (and as shown in a problem list). Our exports guard text that a spreadsheet would run as a
 * formula with a leading apostrophe ('=…, '+86…); that guard is taken off again, so an export imports back as it was.
 */
export function cellText(v: Cell): string {
  if (v == null) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  const t = String(v).trim();
  return /^'[=+\-@\t\r]/.test(t) ? t.slice(1) : t;
}

/** A non-negative integer; "1,234" and 1234.0 are accepted, "12.5" and "abc" are not. */
export function cellInt(v: Cell): number | undefined {
  if (typeof v === 'number') return Number.isInteger(v) ? v : undefined;
  const t = cellText(v).replace(/,/g, '');
  return /^-?\d+$/.test(t) ? Number(t) : undefined;
}

/** A date: an XLSX date cell, 2026-03-15, 2026/3/15 or 2026年3月15日. */
export function cellDate(v: Cell): string | undefined {
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(cellText(v));
  if (!m) return undefined;
  const d = `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}`;
  return isIsoDate(d) ? d : undefined;
}

/** A month: 2026-03, 2026/3, 2026年3月, 202603, or a date cell (Excel turns "2026-03" into 2026-03-01). */
export function cellMonth(v: Cell): string | undefined {
  if (v instanceof Date) return v.toISOString().slice(0, 7);
  const t = cellText(v);
  const m = /^(\d{4})[-/.年]?(\d{1,2})月?$/.exec(t);
  if (m) {
    const month = `${m[1]}-${m[2].padStart(2, '0')}`;
    return isMonth(month) ? month : undefined;
  }
  const d = cellDate(v);
  return d && d.endsWith('-01') ? d.slice(0, 7) : undefined;
}

/** A code from a GLOSSARY list, given as the code or its Chinese label. */
export function cellCode<K extends string>(list: CodeList<K>, v: Cell): K | undefined {
  const t = cellText(v);
  return t === '' ? undefined : codeFromInput(list, t);
}

/** "第 3 行 期末总人口「abc」：应为整数" — one line per problem, for the CLI and the import page. */
export function problemLine(p: ImportProblem): string {
  return `第 ${p.row} 行 ${p.column}${p.value ? `「${p.value}」` : ''}：${p.message}`;
}
