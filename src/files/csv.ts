/**
 * The one CSV writer (csv-stringify, the sibling of the csv-parse our imports read with). Every CSV the portal
 * writes goes through here, so the rules hold for all of them: fields quoted when they hold a separator, quote or
 * line break; CRLF line ends (what Excel writes); and text a spreadsheet would run as a formula (= + - @, a leading
 * tab or CR) neutralised with a leading apostrophe, which our own import takes off again.
 */
import { stringify } from 'csv-stringify/sync';

export type CellValue = string | number | null | undefined;

/** The byte-order mark that makes Excel on a Chinese Windows read the file as UTF-8. */
export const CSV_BOM = '\ufeff';

const FORMULA_START = /^[=+\-@\t\r]/;

/** A text cell as it is written: neutralised when a spreadsheet would run it as a formula. */
export function neutraliseFormula(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

function cell(v: CellValue): string {
  if (v == null) return '';
  return typeof v === 'number' ? String(v) : neutraliseFormula(v);
}

/** Rows as CSV text, each line ending in CRLF (no BOM: add `CSV_BOM` once at the start of a file). */
export function csvLines(rows: readonly (readonly CellValue[])[]): string {
  if (rows.length === 0) return '';
  return stringify(
    rows.map((r) => r.map(cell)),
    { record_delimiter: 'windows', quoted_match: /[\r\n]/ },
  );
}

/** One row as a CSV line (CRLF-terminated). */
export function csvLine(values: readonly CellValue[]): string {
  return csvLines([values]);
}
