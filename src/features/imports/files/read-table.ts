/**
 * Reading an import file into rows of cells (DESIGN §12), shared by every import kind: CSV in UTF-8 (with or
 * without BOM) or GB18030 (what Excel on a Chinese Windows saves), or XLSX (first worksheet). The first row
 * holds the Chinese headers. Row numbers are the spreadsheet's (the header is row 1), so a problem list points
 * at the row a clerk sees. Cell helpers turn a cell into text, an integer, a date, a month or a code.
 */
import { codeFromInput, type CodeList } from '../../../domain/codes.ts';
import { isMonth, parseTypedDate } from '../../../domain/dates.ts';

export type Cell = string | number | boolean | Date | null;

export interface TableRow {
  /** Spreadsheet row number (header = 1). */
  row: number;
  cells: Cell[];
}

export interface Table {
  headers: string[];
  rows: TableRow[];
  /** Cells refused while reading (control characters, a formula without a result): problems like any other. */
  problems?: ImportProblem[];
}

/** One problem of an import, located like a clerk would look for it. */
export interface ImportProblem {
  row: number;
  column: string;
  value: string;
  message: string;
}

export interface ColumnSpec<K extends string> {
  key: K;
  header: string;
  /** Other headers accepted for the same column (e.g. the code name `village`, or 身份证号码 for 身份证号). */
  aliases?: string[];
  /** false: not in the template (an optional extra column). */
  required?: boolean;
  /** In the template, but a file may leave the column out (the form has a default or does not need it). */
  omittable?: boolean;
}

export const normHeader = (s: string) => s.replace(/\s+/g, '').replace(/[（]/g, '(').replace(/[）]/g, ')').replace(/[*＊]/g, '').toLowerCase();

/** Headers of a file that no column of the kind reads (shown to the user as ignored). */
export function unknownHeaders(headers: string[], specs: readonly ColumnSpec<string>[]): string[] {
  const known = new Set(specs.flatMap((s) => [s.header, ...(s.aliases ?? [])].map(normHeader)));
  return headers.filter((h) => h.trim() !== '' && !known.has(normHeader(h)));
}

/**
 * Where each expected column is. A missing header is a problem on row 1 only for a column the rows cannot do
 * without; unknown headers are ignored (a clerk's extra 备注 column does no harm; the job lists them).
 */
export function mapHeaders<K extends string>(headers: string[], specs: ColumnSpec<K>[]) {
  const index = {} as Record<K, number>;
  const problems: ImportProblem[] = [];
  const norm = normHeader;
  for (const spec of specs) {
    const names = [spec.header, ...(spec.aliases ?? [])].map(norm);
    const at = headers.findIndex((h) => names.includes(norm(h)));
    index[spec.key] = at;
    if (at < 0 && spec.required !== false && !spec.omittable) {
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

/**
 * A date: an XLSX date cell as it is, or text in any spelling a form accepts (`parseTypedDate`: 2026-03-15,
 * 2026.3.15, 2026/3/15, 20260315, 2026年3月15日), as YYYY-MM-DD. A number cell of 8 digits (20260315 typed into
 * a spreadsheet) reads the same as its text.
 */
export function cellDate(v: Cell): string | undefined {
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  return parseTypedDate(cellText(v));
}

/**
 * A month: 2026-03, 2026.3, 2026/3, 2026年3月, 202603 (full-width digits too), or a date cell or typed date on
 * the 1st (Excel turns "2026-03" into 2026-03-01).
 */
export function cellMonth(v: Cell): string | undefined {
  if (v instanceof Date) return v.toISOString().slice(0, 7);
  const t = cellText(v)
    .normalize('NFKC')
    .replace(/\u3002/g, '.');
  const m = /^(\d{4})\s*[-/.年]?\s*(\d{1,2})\s*月?$/.exec(t);
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
