/**
 * Reading an upload into a Table, bounded: XLSX through exceljs's streaming reader and CSV through csv-parse's
 * stream, one row at a time, so a file is refused as soon as it passes a limit and a sheet is never
 * materialised whole (a 1.4 MB XLSX can declare ten million rows). An XLSX is first measured: its parts are
 * inflated into nothing, counting bytes, so a zip bomb is refused before any XML is parsed.
 * Cells a database would refuse or that carry no value (control characters, a formula without a cached result,
 * an Excel error) are not errors of the whole file: they become problems at their row and column, like any
 * other problem of the dry run.
 */
import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { normaliseText } from '../../../domain/text.ts';
import unzipper from 'unzipper';
import type { Cell, ImportProblem, Table, TableRow } from './read-table.ts';

/** What one county office's file needs (a county register is ~100,000 cards), with room to spare. */
export const IMPORT_LIMITS = {
  rows: 200_000,
  columns: 100,
  cellChars: 2_000,
  /** Sum of an XLSX's parts once inflated (a 200,000-row template sheet is ~150 MB of XML). */
  uncompressedBytes: 400 * 1024 * 1024,
};
export type ImportLimits = typeof IMPORT_LIMITS;

/** A file past a limit: the whole file is refused with this message (it names the limit). */
export class TableLimitError extends Error {}

const fmt = (n: number) => n.toLocaleString('en-US');

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

// Shown in a problem's value as \uXXXX, so the list says where the character is.
const CONTROL_ALL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]/g;
/**
 * A cell's text as a string of its own. A parser's substring can be a slice that keeps the whole chunk it came
 * from alive (V8 sliced strings), so 100,000 rows of short cells would pin every chunk of the file; a UTF-16
 * round trip copies it (lone surrogates included) so only the cell's characters stay.
 */
const own = (s: string) => (s.length > 12 ? Buffer.from(s, 'utf16le').toString('utf16le') : s);
const shown = (s: string) => s.replace(CONTROL_ALL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/** Collects the rows of a table, applying the limits and the cell checks shared by CSV and XLSX. */
class TableBuilder {
  headers: string[] = [];
  rows: TableRow[] = [];
  problems: ImportProblem[] = [];
  constructor(private readonly limits: ImportLimits) {}

  private columnName(i: number): string {
    return this.headers[i] || `第 ${i + 1} 列`;
  }

  /** A row of raw cells (index 0 = column A); `bad` marks cells refused while reading (message by index). */
  add(rowNumber: number, cells: Cell[], bad: Map<number, string> = new Map()): void {
    let last = cells.length - 1;
    while (last >= 0 && cells[last] == null && !bad.has(last)) last -= 1;
    if (last + 1 > this.limits.columns) throw new TableLimitError(`文件超过 ${fmt(this.limits.columns)} 列的上限（第 ${fmt(rowNumber)} 行有第 ${fmt(last + 1)} 列）`);
    if (rowNumber === 1) {
      this.headers = cells.slice(0, last + 1).map((c) => String(c ?? '').trim());
      return;
    }
    if (rowNumber - 1 > this.limits.rows) throw new TableLimitError(`文件超过 ${fmt(this.limits.rows)} 行的上限，请分成几个文件导入`);
    if (last < 0) return;
    const out: Cell[] = [];
    for (let i = 0; i < Math.max(this.headers.length, last + 1); i++) {
      const v = cells[i] ?? null;
      if (typeof v === 'string') {
        if (v.length > this.limits.cellChars) throw new TableLimitError(`第 ${fmt(rowNumber)} 行“${this.columnName(i)}”超过单元格 ${fmt(this.limits.cellChars)} 个字符的上限`);
        // The forms' own normaliser (NFC, trimmed; control, bidi, zero-width and invisible-only text refused),
        // so a file is held to exactly what a clerk may type.
        const text = normaliseText(v, this.columnName(i));
        if (!text.ok) {
          bad.set(i, text.message);
          out.push(null);
          continue;
        }
        out.push(text.value === undefined ? null : own(text.value));
        continue;
      }
      out.push(v);
    }
    for (const [i, message] of bad) {
      const v = cells[i];
      this.problems.push({ row: rowNumber, column: this.columnName(i), value: typeof v === 'string' ? shown(v) : '', message });
    }
    if (out.some((c) => c !== null) || bad.size) this.rows.push({ row: rowNumber, cells: out });
  }

  table(): Table {
    return { headers: this.headers, rows: this.rows, problems: this.problems };
  }
}

async function readCsv(data: Buffer, limits: ImportLimits): Promise<Table> {
  const text = decodeText(data);
  const firstLine = text.slice(0, 64 * 1024).split(/\r?\n/, 1)[0] ?? '';
  const delimiter = firstLine.includes('\t') && !firstLine.includes(',') ? '\t' : ',';
  // A record (an unclosed quote swallows the rest of the file into one) may not be longer than a full row.
  const parser = Readable.from(chunks(text)).pipe(parse({ delimiter, relax_column_count: true, skip_empty_lines: false, info: true, trim: false, max_record_size: limits.cellChars * limits.columns }));
  const b = new TableBuilder(limits);
  let first = true;
  try {
    for await (const r of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      b.add(
        first ? 1 : r.info.lines,
        r.record.map((c) => (c.trim() === '' ? null : c)),
      );
      first = false;
    }
  } catch (err) {
    parser.destroy();
    if (err instanceof TableLimitError) throw err;
    if ((err as { code?: string }).code === 'CSV_MAX_RECORD_SIZE') throw new TableLimitError(`文件中有一行超过 ${fmt(limits.cellChars * limits.columns)} 个字符的上限（可能有未配对的引号）`);
    throw err;
  }
  return b.table();
}

function* chunks(text: string): Generator<string> {
  for (let i = 0; i < text.length; i += 64 * 1024) yield text.slice(i, i + 64 * 1024);
}

type ZipEntry = Awaited<ReturnType<typeof unzipper.Open.buffer>>['files'][number];

/** Inflate every part into nothing, counting: refuse before parsing when the parts add up past the limit. */
async function measureZip(files: ZipEntry[], limits: ImportLimits): Promise<void> {
  const tooBig = () => new TableLimitError(`文件解压后超过 ${fmt(limits.uncompressedBytes / 1024 / 1024)} MB 的上限，请分成几个文件导入`);
  if (files.reduce((s, f) => s + f.uncompressedSize, 0) > limits.uncompressedBytes) throw tooBig();
  let total = 0;
  for (const f of files) {
    const stream = f.stream();
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      total += chunk.length;
      if (total > limits.uncompressedBytes) {
        stream.destroy();
        throw tooBig();
      }
    }
  }
}

/** The parts of exceljs's streaming WorkbookReader that read one part each (exceljs 4.4.0, pinned). */
interface ReaderParts {
  model?: { sheets?: { rId: string }[] };
  workbookRels?: { Id: string; Target: string }[];
  _parseRels(entry: Readable): Promise<void>;
  _parseWorkbook(entry: Readable): Promise<void>;
  _parseSharedStrings(entry: Readable): AsyncIterable<unknown>;
  _parseStyles(entry: Readable): Promise<void>;
  _parseWorksheet(entry: Readable, sheetNo: string): Iterable<{ value: AsyncIterable<ExcelJS.Row> }>;
}

/**
 * The first worksheet's rows, streamed. exceljs's own parse() decodes every inflated chunk on its own, so a
 * Chinese character split across two chunks became U+FFFD, and it spools a sheet that comes before the shared
 * strings (as Excel orders them) to a temp file. Here each part is opened from the zip's directory in the order
 * needed and decoded as one UTF-8 stream, then handed to exceljs's readers of that part.
 */
async function* xlsxRows(files: ZipEntry[]): AsyncGenerator<ExcelJS.Row> {
  const part = (name: string) => files.find((f) => f.path.replace(/^\//, '') === name);
  const text = (f: ZipEntry) => {
    const stream = f.stream();
    stream.setEncoding('utf8');
    return stream;
  };
  const options = { worksheets: 'emit', sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'cache', entries: 'ignore' } as const;
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([]), options) as unknown as ReaderParts;
  const rels = part('xl/_rels/workbook.xml.rels');
  const workbook = part('xl/workbook.xml');
  const shared = part('xl/sharedStrings.xml');
  const styles = part('xl/styles.xml');
  if (rels) await reader._parseRels(text(rels));
  if (workbook) await reader._parseWorkbook(text(workbook));
  if (shared) for await (const _ of reader._parseSharedStrings(text(shared)));
  if (styles) await reader._parseStyles(text(styles));
  // The first sheet in the workbook's order (not the zip's).
  const firstRel = reader.workbookRels?.find((r) => r.Id === reader.model?.sheets?.[0]?.rId);
  const target = firstRel ? `xl/${firstRel.Target.replace(/^\/?xl\//, '')}` : undefined;
  const sheet = (target && part(target)) || files.filter((f) => /^xl\/worksheets\/sheet\d+\.xml$/.test(f.path)).sort((a, b) => a.path.localeCompare(b.path, 'en', { numeric: true }))[0];
  if (!sheet) return;
  const sheetNo = /(\d+)\.xml$/.exec(sheet.path)?.[1] ?? '1';
  for (const { value: ws } of reader._parseWorksheet(text(sheet), sheetNo)) yield* ws;
}

/** An XLSX cell as a plain value, or a message saying why it has none. */
export function xlsxCell(value: ExcelJS.CellValue): Cell | { refused: string } {
  if (value == null) return null;
  if (value instanceof Date || typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value === 'string') return value.trim() === '' ? null : value;
  if (typeof value === 'object') {
    if ('richText' in value) return xlsxCell(value.richText.map((t) => t.text).join(''));
    if ('formula' in value || 'sharedFormula' in value) {
      const result = (value as { result?: ExcelJS.CellValue }).result;
      if (result == null) return { refused: '单元格含公式且无计算结果，请粘贴为数值' };
      return xlsxCell(result);
    }
    if ('error' in value) return { refused: `单元格是公式错误 ${String((value as { error: unknown }).error)}，请更正或粘贴为数值` };
    if ('text' in value) return xlsxCell((value as { text: ExcelJS.CellValue }).text);
  }
  return String(value);
}

async function readXlsx(data: Buffer, limits: ImportLimits): Promise<Table> {
  const { files } = await unzipper.Open.buffer(data);
  await measureZip(files, limits);
  const b = new TableBuilder(limits);
  for await (const row of xlsxRows(files)) {
    const values = row.values as ExcelJS.CellValue[];
    const cells: Cell[] = [];
    const bad = new Map<number, string>();
    for (let c = 1; c < values.length; c++) {
      const v = xlsxCell(values[c]);
      if (v !== null && typeof v === 'object' && !(v instanceof Date)) {
        bad.set(c - 1, v.refused);
        cells.push(null);
      } else cells.push(v);
    }
    b.add(row.number, cells, bad);
  }
  return b.table();
}

/** Read a CSV or XLSX upload (the first row is the header row); throws TableLimitError past a limit. */
export async function readTable(data: Buffer, fileName = '', limits: ImportLimits = IMPORT_LIMITS): Promise<Table> {
  return isXlsx(data, fileName) ? readXlsx(data, limits) : readCsv(data, limits);
}
