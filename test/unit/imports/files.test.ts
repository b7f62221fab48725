import { describe, expect, it } from 'vitest';
import { csvLine } from '../../../src/files/csv.ts';
import { cellDate, cellMonth, cellText, inputYesNo } from '../../../src/features/imports/service.ts';

/** One field as the CSV writer writes it (a line of one field, without its line end). */
const csvField = (v: string | number | null) => csvLine([v]).replace(/\r\n$/, '');

describe('CSV export fields (written by src/files/csv.ts, read back by the import)', () => {
  it('neutralise formulas with an apostrophe that the import takes off again', () => {
    for (const v of ['=HYPERLINK("http://x")', '+86 138', '-1+2', '@SUM(A1)']) {
      const field = csvField(v);
      expect(field.replace(/^"|"$/g, '').replace(/""/g, '"').startsWith("'")).toBe(true);
      expect(cellText(field.replace(/^"|"$/g, '').replace(/""/g, '"'))).toBe(v);
    }
    expect(csvField(-5)).toBe('-5');
    expect(csvField('王秀英')).toBe('王秀英');
    expect(cellText("'王")).toBe("'王");
  });

  it('quote separators, quotes and line breaks', () => {
    expect(csvLine(['a,b', 'say "hi"', 'x\ny', null, 3])).toBe('"a,b","say ""hi""","x\ny",,3\r\n');
  });
});

describe('是 / 否 / 不详 cells (the card’s couple facts)', () => {
  it('read 是/否, 1/0, Y/N, true/false (full-width too) as 是/否, blank and 不详 as blank, anything else as typed', () => {
    for (const v of ['是', '1', 'Y', 'y', 'true', 'TRUE', true, 1, 'Ｙ', '１', ' 是 ']) expect(inputYesNo(v)).toBe('是');
    for (const v of ['否', '0', 'N', 'n', 'false', false, 0, 'Ｎ', '０']) expect(inputYesNo(v)).toBe('否');
    for (const v of ['', '不详', ' 不详 ', null]) expect(inputYesNo(v)).toBe('');
    expect(inputYesNo('独生')).toBe('独生');
    expect(inputYesNo('2')).toBe('2');
  });
});

describe('date and month cells (the one typed-date parser, issue 14)', () => {
  it('read a date typed in any spelling a form accepts, and an XLSX date cell as it is', () => {
    for (const v of ['2021-05-01', '2021.5.1', '2021/5/1', '20210501', '2021年5月1日', '２０２１．５．１']) expect(cellDate(v), v).toBe('2021-05-01');
    expect(cellDate(20210501)).toBe('2021-05-01');
    expect(cellDate(new Date(Date.UTC(2021, 4, 1)))).toBe('2021-05-01');
    for (const v of ['2021.2.30', '2021.5', 'abc', '', null, 44317]) expect(cellDate(v), String(v)).toBeUndefined();
  });

  it('read a month as 2021-05 from 2021-05, 2021.5, 2021/5, 2021年5月, 202105 or the 1st of the month', () => {
    for (const v of ['2021-05', '2021.5', '2021/5', '2021年5月', '2021 年 5 月', '202105', '２０２１．５', '2021-05-01', '2021.5.1', '2021年5月1日']) expect(cellMonth(v), v).toBe('2021-05');
    expect(cellMonth(new Date(Date.UTC(2021, 4, 1)))).toBe('2021-05');
    for (const v of ['2021.13', '2021年0月', '2021-05-02', 'abc', '']) expect(cellMonth(v), v).toBeUndefined();
  });
});
