/**
 * Cutting a village's printed sheet into pages (src/features/services/print/sheets.ts): every row printed once
 * and in order, numbered on from the page before, the 合计 with the last rows, a wrapping address counted as
 * the lines it takes. The PDF test (test/e2e/print-pdf.test.ts) checks the model against Chromium's pages.
 */
import { describe, expect, it } from 'vitest';
import { linesIn, paginateSheet, PAGE_LINES, textEm } from '../../../src/features/services/service.ts';

const rows = (n: number) => Array.from({ length: n }, (_v, i) => i);

describe('print sheets', () => {
  it('measures text in em and counts the lines it wraps to in a column', () => {
    expect(textEm('东街村2组11号')).toBeCloseTo(6.8);
    expect(linesIn('东街村2组11号 13900000001', 80)).toBe(1);
    // 28.6 em: two lines in a 24 em column (80 mm) and in a 16.6 em one (55 mm); in 13 em (44 mm) the phone
    // number (6.6 em, no break inside) does not fit after the address's last characters: a third line.
    const long = '城关镇南关村第5村民小组幸福路149号院内东侧 13900000049';
    expect(textEm(long)).toBeCloseTo(28.6);
    expect(linesIn(long, 80)).toBe(2);
    expect(linesIn(long, 55)).toBe(2);
    expect(linesIn(long, 44)).toBe(3);
    expect(linesIn('13900000049', 20)).toBe(2);
  });

  it('a short list is one page; a long one is cut with every row once, in order, and the 合计 on the last page', () => {
    const one = paginateSheet([{ key: 'rows', rows: rows(5) }]);
    expect(one.map((p) => [p.no, p.of, p.last])).toEqual([[1, 1, true]]);

    const pages = paginateSheet([{ key: 'rows', rows: rows(60) }]);
    expect(pages.length).toBeGreaterThan(1);
    expect(pages.map((p) => `${p.no}/${p.of}`)).toEqual(pages.map((_p, i) => `${i + 1}/${pages.length}`));
    const parts = pages.flatMap((p) => p.parts);
    expect(parts.flatMap((x) => x.rows)).toEqual(rows(60));
    expect(parts.map((x) => x.offset)).toEqual(parts.map((_x, i) => parts.slice(0, i).reduce((n, y) => n + y.rows.length, 0)));
    expect(parts.map((x) => x.last)).toEqual(parts.map((_x, i) => i === parts.length - 1));
    expect(pages.filter((p) => p.last).length).toBe(1);
  });

  it('rows of two lines take more pages than rows of one; a section heading never ends a page alone', () => {
    const single = paginateSheet([{ key: 'rows', rows: rows(40) }]);
    const double = paginateSheet([{ key: 'rows', rows: rows(40), lines: () => 2 }]);
    expect(double.length).toBeGreaterThan(single.length);
    const sections = paginateSheet(
      [
        { key: 'a', rows: rows(PAGE_LINES - 8), heading: true },
        { key: 'b', rows: rows(10), heading: true },
      ],
      { totals: false },
    );
    for (const p of sections) for (const part of p.parts) if (part.key === 'b') expect(part.rows.length).toBeGreaterThan(0);
    expect(sections.flatMap((p) => p.parts.filter((x) => x.key === 'b')).flatMap((x) => x.rows)).toEqual(rows(10));
  });

  it('empty sections print their line and take no page of their own', () => {
    const pages = paginateSheet(
      [
        { key: 'a', rows: [], heading: true },
        { key: 'b', rows: rows(3), heading: true },
        { key: 'c', rows: [], heading: true },
      ],
      { totals: false },
    );
    expect(pages.length).toBe(1);
    expect(pages[0].parts.map((x) => x.key)).toEqual(['a', 'b', 'c']);
  });
});
