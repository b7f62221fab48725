/**
 * From spreadsheet cells to the typed input of a service (the same shapes a form posts), and from a service's
 * refusal back to problems located by row, column and value. The services' own schemas then check the values,
 * so an import says exactly what the form would say.
 */
import { maskIdNumbersInText } from '../../../domain/id-number.ts';
import { AppError, ValidationError } from '../../../errors.ts';
import { cellDate, cellText, type Cell, type ColumnSpec, type ImportProblem } from './read-table.ts';

/** Text as typed ('' when blank: the schemas treat it as missing). */
export const inputText = (v: Cell): string => cellText(v);

/** A date cell or a typed date as YYYY-MM-DD; anything else as typed, so the schema names the problem. */
export const inputDate = (v: Cell): string => cellDate(v) ?? cellText(v);

const YES = new Set(['是', '1', 'y', 'true']);
const NO = new Set(['否', '0', 'n', 'false']);

/**
 * A 是 / 否 / 不详 cell as the card form's select posts it: '是', '否', or '' for 不详 and blank. 1/0, Y/N and
 * true/false (an XLSX TRUE cell too), in full-width forms as well, read as 是/否; anything else stays as typed,
 * so the schema names the problem.
 */
export function inputYesNo(v: Cell): string {
  const t = cellText(v);
  const folded = t.normalize('NFKC').trim().toLowerCase();
  if (YES.has(folded)) return '是';
  if (NO.has(folded)) return '否';
  return folded === '不详' || folded === '' ? '' : t;
}

/** Drop blank values, so optional columns that are absent or empty look like an empty form field. */
export function compact<T extends Record<string, string>>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== '')) as T;
}

export interface Located {
  row: number;
  cells: Record<string, Cell>;
}

/** One problem at a field: in the column of that field (its template header, else its label), with the cell. */
export function problemAt(at: Located, field: string, message: string, specs: readonly ColumnSpec<string>[], labels: Record<string, string> = {}): ImportProblem {
  if (!field) return { row: at.row, column: '', value: '', message: maskIdNumbersInText(message) };
  const column = specs.find((s) => s.key === field)?.header ?? labels[field] ?? '';
  // The uploader has the file; the job row and the page keep no full ID number (row and column find the cell).
  return { row: at.row, column, value: maskIdNumbersInText(cellText(at.cells[field] ?? null)), message: maskIdNumbersInText(message) };
}

/**
 * Problems of a refusal: each field message at its column, messages about the whole record in an empty column.
 * Anything but a refusal (a bug, the database gone) is rethrown: the import stops and nothing is written.
 */
export function problemsOf(err: unknown, at: Located, specs: readonly ColumnSpec<string>[], labels: Record<string, string> = {}): ImportProblem[] {
  if (err instanceof ValidationError) {
    const out = Object.entries(err.fieldErrors).map(([field, message]) => problemAt(at, field, message, specs, labels));
    for (const message of err.formErrors) out.push(problemAt(at, '', message, specs));
    return out;
  }
  if (err instanceof AppError && err.status < 500) return [problemAt(at, '', err.message, specs)];
  throw err;
}

export function byRow(a: ImportProblem, b: ImportProblem): number {
  return a.row - b.row;
}
