/**
 * Printed village sheets (rosters, work orders) cut into A4 pages on the server.
 *
 * Why here and not in CSS: each village's pages are headed "第 x 页 共 y 页" counted within the village, and
 * Chromium's CSS page counters only number the whole document (counter(page)/counter(pages)), with no reset
 * per village. So the page breaks are decided here, from the lines each row takes: the columns have fixed
 * widths (table-layout: fixed), names, ID numbers and dates never wrap, and the few cells that may wrap
 * (address, reason) are measured in em of the print font. Each page is then its own `section.sheet` with a
 * page break before it, so the numbering printed is the numbering on paper. The print test (test/e2e/print-pdf.test.ts)
 * counts the PDF's pages to hold this true.
 */

/*
 * The page model, in text lines of the print font (9pt × line-height 1.3 ≈ 4.1 mm; views/assets/print.css).
 * A village sheet prints on A4 landscape (the address column needs the width): 190 mm of height between the
 * page margins, less the sheet's header, its signature block and a margin of safety, leaves 35 lines.
 */
export const PAGE_LINES = 35;
/** A row's padding and border; a table's header row; a section heading (h2) above it; a 合计 line; an empty section's line. */
const ROW_EXTRA = 0.5;
const TABLE_HEAD = 1.5;
const HEADING = 2;
const TOTAL = 1.5;
const EMPTY = 2;
/** An empty section of the work order: its heading says so on one line ("二、双查（0） 本季度尚未开启双查。"). */
const EMPTY_HEADED = 2;

/** Width of the table on an A4 landscape sheet: 297 mm less the page margins (8 mm) and the sheet's padding (6 mm). */
export const SHEET_WIDTH_MM = 269;
/** 1em of the print font (9pt) in mm, and a cell's side padding. */
const EM_MM = 3.175;
const CELL_PAD_MM = 2.4;

/** Width of a text in em: CJK and full-width characters 1em, anything else (digits, Latin, '-') at most 0.6em. */
export function textEm(text: string): number {
  let em = 0;
  for (const ch of text) em += ch.codePointAt(0)! >= 0x2e80 ? 1 : 0.6;
  return em;
}

/**
 * Lines a text takes in a column `widthMm` wide, filled as the browser fills it: Chinese may break between any
 * two characters, a run of digits or Latin letters (a phone number, a date) only at a space — it moves whole
 * to the next line — unless it is longer than a line (overflow-wrap: anywhere).
 */
export function linesIn(text: string, widthMm: number): number {
  const perLine = Math.max(1, (widthMm - CELL_PAD_MM) / EM_MM);
  const tokens = text.trim().match(/[\u2e80-\uffff]|[^\s\u2e80-\uffff]+|\s+/gu) ?? [];
  let lines = 1;
  let used = 0;
  for (const tok of tokens) {
    const w = /^\s/.test(tok) ? 0.3 : textEm(tok);
    if (used + w <= perLine + 1e-9) used += w;
    else if (/^\s/.test(tok))
      continue; // a space at a line's end takes no room on the next one
    else if (w > perLine) {
      lines += Math.floor((used + w) / perLine);
      used = (used + w) % perLine;
    } else {
      lines += 1;
      used = w;
    }
  }
  return lines;
}

/**
 * A table's columns in mm (CSS classes col.w<N> in print.css, table-layout: fixed), one `null` for the column
 * that takes what is left (the address, or the write-in column): so how a cell wraps can be counted here.
 */
export type Columns = (number | null)[];
export function columnWidth(cols: Columns, i: number): number {
  return cols[i] ?? SHEET_WIDTH_MM - cols.reduce<number>((a, c) => a + (c ?? 0), 0);
}

/** The lines a row takes: its tallest wrapping cell (names, ID numbers and dates never wrap). */
export function rowLines(cols: Columns, cells: [number, string][]): number {
  return Math.max(1, ...cells.map(([i, text]) => linesIn(text, columnWidth(cols, i))));
}

export interface SheetSection<T> {
  key: string;
  rows: T[];
  /** Lines each row takes (rowLines); 1 when not given. */
  lines?: (row: T) => number;
  /** The section has a heading (h2) above its table (the work order's 一、随访 …). */
  heading?: boolean;
}

/** A part of a section on one page: its rows from `offset` (for 序号), and whether it starts or ends there. */
export interface SheetPart<T> {
  key: string;
  rows: T[];
  offset: number;
  first: boolean;
  last: boolean;
}

export interface SheetPage<T> {
  parts: SheetPart<T>[];
  /** 1-based page within the village, and the village's page count. */
  no: number;
  of: number;
  /** The last page of the village: it carries the signature block. */
  last: boolean;
}

/**
 * Lay a village's sections out on pages of `PAGE_LINES`: a section's heading never ends a page without rows
 * under it, a section's 合计 line stays on the page of its last rows, a continued table repeats its header.
 * `totals`: each section ends with a 合计 line (rosters); `firstPage`: lines the first page gives to something
 * above the sections (the work order's summary).
 */
export function paginateSheet<T>(sections: SheetSection<T>[], opts: { totals?: boolean; firstPage?: number } = {}): SheetPage<T>[] {
  const total = opts.totals === false ? 0 : TOTAL;
  const pages: SheetPart<T>[][] = [[]];
  let room = PAGE_LINES - (opts.firstPage ?? 0);
  const newPage = () => {
    pages.push([]);
    room = PAGE_LINES;
  };
  for (const s of sections) {
    const start = TABLE_HEAD + (s.heading ? HEADING : 0);
    if (s.rows.length === 0) {
      const cost = s.heading ? EMPTY_HEADED : start + EMPTY;
      if (room < cost && pages.at(-1)!.length) newPage();
      pages.at(-1)!.push({ key: s.key, rows: [], offset: 0, first: true, last: true });
      room -= cost;
      continue;
    }
    const cost = s.rows.map((r) => (s.lines ? s.lines(r) : 1) + ROW_EXTRA);
    let offset = 0;
    while (offset < s.rows.length) {
      // How many rows fit under the table's head; the last rows also need the 合计 line under them.
      let used = start;
      let take = 0;
      while (offset + take < s.rows.length && used + cost[offset + take] + (offset + take + 1 === s.rows.length ? total : 0) <= room) {
        used += cost[offset + take];
        take += 1;
      }
      if (take === 0 && pages.at(-1)!.length) {
        newPage();
        continue;
      }
      take = Math.max(take, 1); // a row taller than a page still prints, on a page of its own
      const last = offset + take === s.rows.length;
      pages.at(-1)!.push({ key: s.key, rows: s.rows.slice(offset, offset + take), offset, first: offset === 0, last });
      room -= used + (last ? total : 0);
      offset += take;
      if (!last) newPage();
    }
  }
  return pages.map((parts, i) => ({ parts, no: i + 1, of: pages.length, last: i === pages.length - 1 }));
}

export interface VillageSheet<T> {
  village_code: string;
  village_name: string;
  township_name: string;
  pages: SheetPage<T>[];
}

/**
 * A printed sheet per village that has rows (a village with nothing on the list gets no page), headed with
 * its township. `townshipOf` names a village's township from the caller's village choices.
 */
export function villageSheets<G extends { village_code: string; village_name: string }, T>(
  groups: G[],
  townshipOf: (villageCode: string) => string,
  sections: (g: G) => SheetSection<T>[],
): VillageSheet<T>[] {
  return groups
    .map((g) => ({ g, s: sections(g) }))
    .filter(({ s }) => s.some((x) => x.rows.length > 0))
    .map(({ g, s }) => ({ village_code: g.village_code, village_name: g.village_name, township_name: townshipOf(g.village_code), pages: paginateSheet(s) }));
}

/** The township of each village, from the village choices (a county user's labels read "城关镇 · 东街村"). */
export function townshipNamer(options: { code: string; label: string }[], scope: { level: string }, ownName: string): (code: string) => string {
  if (scope.level !== 'county') return () => ownName;
  const byCode = new Map(options.map((o) => [o.code, o.label.split(' · ')[0]]));
  return (code) => byCode.get(code) ?? '';
}

/** Group rows by village for print (a sheet per village, page breaks between). */
export function byVillage<T extends { village_code: string; village_name: string }>(rows: T[]): { village_code: string; village_name: string; rows: T[] }[] {
  const groups = new Map<string, { village_code: string; village_name: string; rows: T[] }>();
  for (const r of rows) {
    const g = groups.get(r.village_code) ?? { village_code: r.village_code, village_name: r.village_name, rows: [] };
    g.rows.push(r);
    groups.set(r.village_code, g);
  }
  return [...groups.values()].sort((a, b) => (a.village_code < b.village_code ? -1 : 1));
}
