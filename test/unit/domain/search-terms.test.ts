import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeIdNumber } from '../../../src/domain/id-number.ts';
import { ID_PARTS, idMatchLabel, idMatchParts, idPartsAt, likeContains, nameQueryGrams, searchTerms } from '../../../src/domain/search-terms.ts';

const CJK = fc.integer({ min: 0x4e00, max: 0x9fa5 }).map((c) => String.fromCharCode(c));
const SPACES = fc.array(fc.constantFrom(' ', '\u3000', '\t', '  '), { maxLength: 2 }).map((s) => s.join(''));
const ID = fc
  .record({
    area: fc.integer({ min: 110000, max: 659999 }).map(String),
    days: fc.integer({ min: 0, max: 30000 }),
    seq: fc.integer({ min: 0, max: 999 }),
  })
  .map(({ area, days, seq }) => makeIdNumber(area, new Date(Date.UTC(1940, 0, 1) + days * 86400000).toISOString().slice(0, 10), seq));
const fullWidth = (s: string) => s.replace(/[0-9A-Za-z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

describe('search terms (what a search box was typed with)', () => {
  it('reads a name with spaces as the name, and digits (full-width, lower-case x, separators) as an ID fragment', () => {
    expect(searchTerms('黄 莉莉')).toEqual({ kind: 'name', name: '黄莉莉' });
    expect(searchTerms('黄\u3000莉 莉 ')).toEqual({ kind: 'name', name: '黄莉莉' });
    expect(searchTerms('阿依古丽·买买提')).toEqual({ kind: 'name', name: '阿依古丽·买买提' });
    expect(searchTerms('１９９０')).toEqual({ kind: 'id', fragment: '1990' });
    expect(searchTerms('123x')).toEqual({ kind: 'id', fragment: '123X' });
    expect(searchTerms('１２３ｘ')).toEqual({ kind: 'id', fragment: '123X' });
    expect(searchTerms('1990 05-12')).toEqual({ kind: 'id', fragment: '19900512' });
    expect(searchTerms('1990－05—12')).toEqual({ kind: 'id', fragment: '19900512' });
    expect(searchTerms('\u200b1990')).toEqual({ kind: 'id', fragment: '1990' });
    expect(searchTerms('')).toBeUndefined();
    expect(searchTerms('\u3000 ')).toBeUndefined();
    expect(searchTerms(undefined)).toBeUndefined();
  });

  it('takes the LIKE wildcards a user types literally', () => {
    expect(likeContains('50%_a\\')).toBe('%50\\%\\_a\\\\%');
  });

  it('any name with spaces inserted still reads as the name', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(CJK, SPACES), { minLength: 1, maxLength: 6 }), SPACES, (parts, lead) => {
        const name = parts.map(([c]) => c).join('');
        const typed = lead + parts.map(([c, sp]) => c + sp).join('');
        expect(searchTerms(typed)).toEqual({ kind: 'name', name });
      }),
    );
  });

  it('any piece of a number, typed full-width or with a lower-case x, reads as that piece', () => {
    fc.assert(
      fc.property(ID, fc.nat(17), fc.integer({ min: 1, max: 18 }), fc.boolean(), (id, start, len, wide) => {
        const piece = id.slice(start, start + len);
        const typed = wide ? fullWidth(piece.toLowerCase()) : piece.toLowerCase();
        expect(searchTerms(typed)).toEqual({ kind: 'id', fragment: piece });
      }),
    );
  });

  it('names the parts of the number a fragment matched', () => {
    const id = makeIdNumber('990100', '1990-05-12', 24);
    expect(idMatchLabel(id, '990100')).toBe('地址码');
    expect(idMatchLabel(id, '19900512')).toBe('出生日期');
    expect(idMatchLabel(id, '0512')).toBe('出生日期');
    expect(idMatchLabel(id, id.slice(14, 17))).toBe('顺序码');
    expect(idMatchLabel(id, id.slice(12, 16))).toBe('出生日期、顺序码');
    expect(idMatchLabel(id, id.slice(15))).toBe('顺序码、校验码');
    expect(idMatchLabel(id, id)).toBe('地址码、出生日期、顺序码、校验码');
    expect(idMatchLabel(id, '77777')).toBeUndefined();
    expect(idMatchLabel('12345', '123')).toBeUndefined();
    // The first match counts: 0 occurs first in the area code.
    expect(idMatchParts(id, '0')).toEqual(['地址码']);
  });

  it('any substring of a number maps to the parts its first position covers, in order', () => {
    fc.assert(
      fc.property(ID, fc.nat(17), fc.integer({ min: 1, max: 18 }), (id, s, len) => {
        const piece = id.slice(s, s + len);
        const at = id.indexOf(piece);
        const parts = idMatchParts(id, piece)!;
        expect(parts).toEqual(idPartsAt(at, piece.length));
        // Consistent with the position: the first part holds the first character, the last part the last one.
        const partOf = (i: number) => ID_PARTS.find((p) => i >= p.from && i < p.to)!.label;
        expect(parts[0]).toBe(partOf(at));
        expect(parts[parts.length - 1]).toBe(partOf(at + piece.length - 1));
        const order = ID_PARTS.map((p) => p.label as string);
        expect(parts.map((p) => order.indexOf(p))).toEqual([...new Set(parts.map((p) => order.indexOf(p)))].sort((a, b) => a - b));
        expect(order.slice(order.indexOf(parts[0]), order.indexOf(parts[parts.length - 1]) + 1)).toEqual(parts);
      }),
    );
  });
});

describe('nameQueryGrams', () => {
  it('asks the name index for the pairs of adjacent characters, or the one character', () => {
    expect(nameQueryGrams('秀英')).toEqual(['秀英']);
    expect(nameQueryGrams('王秀英')).toEqual(['王秀', '秀英']);
    expect(nameQueryGrams('英')).toEqual(['英']);
    expect(nameQueryGrams('英英英')).toEqual(['英英']);
    expect(nameQueryGrams('𠮷田')).toEqual(['𠮷田']);
  });
});
