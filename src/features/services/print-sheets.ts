/**
 * Printed village sheets (rosters, work orders) cut into A4 pages on the server.
 *
 * Why here and not in CSS: each village's pages are headed "第 x 页 共 y 页" counted within the village, and
 * Chromium's CSS page counters only number the whole document (counter(page)/counter(pages)), with no reset
 * per village. So the page breaks are decided here, from a row budget that a page always holds: every row of
 * these tables is at most two lines (names, ID numbers and dates never wrap; only the address column may),
 * and `PAGE_BUDGET` such rows, with the sheet's header and signature block, fit on an A4 portrait page at the
 * print font size (views/assets/print.css). Each page is then its own `section.sheet` with a page break
 * before it, so the numbering printed is the numbering on paper. The print test (test/e2e/print-pdf.test.ts)
 * counts the PDF's pages to hold this true.
 */

/** Rows (of at most two lines) one A4 portrait page holds under the sheet's header, with the signature block. */
export const PAGE_BUDGET = 22;
/** A section's heading and its table header take the room of about two rows; a 合计 line one. */
const SECTION_COST = 2;
/** An empty section prints one line ("本月无随访。"). */
const EMPTY_COST = 1;

export interface SheetSection<T> {
  key: string;
  rows: T[];
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
 * Lay a village's sections out on pages: a section's heading never ends a page without rows under it, and a
 * section's 合计 line stays on the page of its last rows.
 */
export function paginateSheet<T>(sections: SheetSection<T>[], opts: { budget?: number; totals?: boolean } = {}): SheetPage<T>[] {
  const budget = opts.budget ?? PAGE_BUDGET;
  const TOTAL_COST = opts.totals === false ? 0 : 1;
  const pages: SheetPart<T>[][] = [[]];
  let room = budget;
  const newPage = () => {
    pages.push([]);
    room = budget;
  };
  for (const s of sections) {
    if (s.rows.length === 0) {
      if (room < SECTION_COST + EMPTY_COST) newPage();
      pages.at(-1)!.push({ key: s.key, rows: [], offset: 0, first: true, last: true });
      room -= SECTION_COST + EMPTY_COST;
      continue;
    }
    let offset = 0;
    while (offset < s.rows.length) {
      // Room for the heading, one row, and the 合计 when that row would be the last.
      const need = SECTION_COST + 1 + (offset + 1 === s.rows.length ? TOTAL_COST : 0);
      if (room < need) newPage();
      let take = Math.min(s.rows.length - offset, room - SECTION_COST);
      // The last rows carry the 合计 line: leave room for it, or hold one row back for the next page.
      if (offset + take === s.rows.length && take + SECTION_COST + TOTAL_COST > room) take -= 1;
      pages.at(-1)!.push({ key: s.key, rows: s.rows.slice(offset, offset + take), offset, first: offset === 0, last: offset + take === s.rows.length });
      room -= SECTION_COST + take + (offset + take === s.rows.length ? TOTAL_COST : 0);
      offset += take;
    }
  }
  return pages.map((parts, i) => ({ parts, no: i + 1, of: pages.length, last: i === pages.length - 1 }));
}

/** One table per village (the rosters): its rows in pages. */

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
