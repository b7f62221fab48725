import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addMonths, ageOn, chinaDate, daysBetween, isCalendarMonth, isIsoDate, monthEnd, monthLabel, parseTypedDate, wholeMonthsOf } from '../../../src/domain/dates.ts';

describe('dates in China time', () => {
  it('takes the calendar date in Asia/Shanghai, whatever the server zone', () => {
    expect(chinaDate(new Date('2026-03-31T16:30:00Z'))).toBe('2026-04-01');
    expect(chinaDate(new Date('2026-03-31T15:59:59Z'))).toBe('2026-03-31');
  });
  it('computes whole years of age', () => {
    expect(ageOn('1976-11-23', '2026-11-22')).toBe(49);
    expect(ageOn('1976-11-23', '2026-11-23')).toBe(50);
    expect(ageOn('2000-02-29', '2001-02-28')).toBe(0);
  });
  it('adds months clamping to the end of the month', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2026-11-15', 3)).toBe('2027-02-15');
    expect(addMonths('2026-03-31', -1)).toBe('2026-02-28');
  });
  it('validates real dates only', () => {
    expect(isIsoDate('2026-02-29')).toBe(false);
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2026-2-1')).toBe(false);
  });
  it('labels months and knows their last day', () => {
    expect(monthLabel('2026-03')).toBe('2026年3月');
    expect(monthEnd('2026-02')).toBe('2026-02-28');
    expect(daysBetween('2026-01-01', '2026-03-01')).toBe(59);
  });
});

/* The one parser of typed dates (issue 14): every spelling a clerk copies from paper, one ISO date out, and nothing but real calendar dates. */
const SEED = 20261205;

/** A real calendar date as its parts (1900–2099: the years a register holds, leap days included). */
const realDate = fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => ({
  y: d.getUTCFullYear(),
  m: d.getUTCMonth() + 1,
  d: d.getUTCDate(),
  iso: d.toISOString().slice(0, 10),
}));

const pad = (n: number) => String(n).padStart(2, '0');
const toFullWidth = (s: string) => s.replace(/[0-9\-./]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

/** Every spelling of one date: each separator, one or two digit month/day, spaces around separators, 日 or not. */
function spellings(p: { y: number; m: number; d: number }, twoDigits: boolean, spaced: boolean): string[] {
  const m = twoDigits ? pad(p.m) : String(p.m);
  const d = twoDigits ? pad(p.d) : String(p.d);
  const sp = spaced ? ' ' : '';
  return [...['-', '.', '/'].map((sep) => `${p.y}${sp}${sep}${sp}${m}${sp}${sep}${sp}${d}`), `${p.y}${pad(p.m)}${pad(p.d)}`, `${p.y}${sp}年${sp}${m}${sp}月${sp}${d}${sp}日`, `${p.y}年${m}月${d}`];
}

describe('parseTypedDate', () => {
  it('reads the spellings of the issue as the ISO date', () => {
    for (const s of ['2021-05-01', '2021.5.1', '2021/5/1', '20210501', '2021年5月1日', '2021年5月1', '2021-5-1', '2021.05.01', '2021 . 5 . 1', ' 2021/05/1 ', '2021 年 5 月 1 日']) {
      expect(parseTypedDate(s), s).toBe('2021-05-01');
    }
  });

  it('folds full-width digits and punctuation, and the ideographic full stop of a Chinese input method', () => {
    expect(parseTypedDate('２０２１．５．１')).toBe('2021-05-01');
    expect(parseTypedDate('２０２１－０５－０１')).toBe('2021-05-01');
    expect(parseTypedDate('２０２１年５月１日')).toBe('2021-05-01');
    expect(parseTypedDate('2021。5。1')).toBe('2021-05-01');
    expect(parseTypedDate('\u30002021/5/1\u3000')).toBe('2021-05-01');
  });

  it('refuses dates that are not on the calendar, and what is not a date', () => {
    for (const s of ['2021-02-30', '2021.2.30', '20210230', '2021年2月29日', '2023.2.29', '2021.13.1', '2021.0.1', '2021.1.0', '2021.4.31', '00000101']) {
      expect(parseTypedDate(s), s).toBeUndefined();
    }
    for (const s of [
      '',
      '  ',
      '2021',
      '202151',
      '2021051',
      '202105011',
      '21.5.1',
      '2021.5',
      '2021-5/1',
      '2021..5.1',
      '2021.5.1.',
      '2021.123.1',
      '2021年5月1日日',
      'abc',
      '2021-05-01T00:00',
      '5/1/2021',
      '１٢٣٤.5.1',
    ]) {
      expect(parseTypedDate(s), s).toBeUndefined();
    }
  });

  it('keeps leap days on leap years only', () => {
    expect(parseTypedDate('2024.2.29')).toBe('2024-02-29');
    expect(parseTypedDate('2000年2月29日')).toBe('2000-02-29');
    expect(parseTypedDate('19000229')).toBeUndefined();
  });

  it('property: every real date in every spelling (full-width too) round-trips to its ISO date', () => {
    fc.assert(
      fc.property(realDate, fc.boolean(), fc.boolean(), fc.boolean(), (p, twoDigits, spaced, fullWidth) => {
        for (const s of spellings(p, twoDigits, spaced)) expect(parseTypedDate(fullWidth ? toFullWidth(s) : s), s).toBe(p.iso);
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it('property: random strings never throw, and anything accepted is a real ISO date', () => {
    const digitsAndSeparators = fc.string({ unit: fc.constantFrom(...'0123456789-./年月日 ０１２３'.split('')), maxLength: 14 });
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'grapheme', maxLength: 20 }), digitsAndSeparators), (s) => {
        const r = parseTypedDate(s);
        if (r !== undefined) expect(isIsoDate(r), `${s} → ${r}`).toBe(true);
      }),
      { seed: SEED, numRuns: 2000 },
    );
  });

  it('property: a day past the end of its month is refused in every spelling', () => {
    const pastEnd = fc.tuple(fc.integer({ min: 1900, max: 2099 }), fc.integer({ min: 1, max: 12 })).chain(([y, m]) => {
      const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
      return fc.integer({ min: last + 1, max: 31 + 1 }).map((d) => ({ y, m, d }));
    });
    fc.assert(
      fc.property(pastEnd, fc.boolean(), (p, spaced) => {
        for (const s of spellings(p, true, spaced)) expect(parseTypedDate(s), s).toBeUndefined();
      }),
      { seed: SEED, numRuns: 200 },
    );
  });

  it('property: a strict ISO date is accepted exactly when isIsoDate accepts it', () => {
    const isoShaped = fc
      .tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }))
      .map(([y, m, d]) => `${String(y).padStart(4, '0')}-${pad(m)}-${pad(d)}`);
    fc.assert(
      fc.property(isoShaped, (s) => {
        expect(parseTypedDate(s) === s, s).toBe(isIsoDate(s));
      }),
      { seed: SEED, numRuns: 1000 },
    );
  });
});

describe('whole months of a range (the figure store reads month sums for them, days at the ragged ends)', () => {
  it('cuts ranges as a report reads them', () => {
    expect(wholeMonthsOf({ from: '2026-03-01', to: '2026-03-31' })).toEqual({ months: { from: '2026-03-01', to: '2026-03-31' }, days: [] });
    expect(wholeMonthsOf({ from: '2026-02-02', to: '2026-03-31' })).toEqual({ months: { from: '2026-03-01', to: '2026-03-31' }, days: [{ from: '2026-02-02', to: '2026-02-28' }] });
    expect(wholeMonthsOf({ from: '2025-10-01', to: '2026-09-30' })).toEqual({ months: { from: '2025-10-01', to: '2026-09-30' }, days: [] });
    expect(wholeMonthsOf({ from: '2026-03-02', to: '2026-03-30' })).toEqual({ days: [{ from: '2026-03-02', to: '2026-03-30' }] });
    expect(wholeMonthsOf({ from: '2024-02-10', to: '2024-04-29' })).toEqual({
      months: { from: '2024-03-01', to: '2024-03-31' },
      days: [
        { from: '2024-02-10', to: '2024-02-29' },
        { from: '2024-04-01', to: '2024-04-29' },
      ],
    });
  });
  it('covers every day of any range exactly once, in order', () => {
    const day = fc.integer({ min: 0, max: 3 * 366 }).map((d) => new Date(Date.UTC(2023, 0, 1) + d * 86_400_000).toISOString().slice(0, 10));
    fc.assert(
      fc.property(day, day, (a, b) => {
        const r = a <= b ? { from: a, to: b } : { from: b, to: a };
        const { months, days } = wholeMonthsOf(r);
        const parts = [...days, ...(months ? [months] : [])].sort((x, y) => (x.from < y.from ? -1 : 1));
        expect(parts[0]!.from).toBe(r.from);
        expect(parts.at(-1)!.to).toBe(r.to);
        for (let i = 1; i < parts.length; i++) expect(daysBetween(parts[i - 1]!.to, parts[i]!.from)).toBe(1);
        if (!months) return;
        // Months from a first day to a last day; the ragged ends each inside one month.
        expect([months.from.endsWith('-01'), months.to === monthEnd(months.to.slice(0, 7))]).toEqual([true, true]);
        for (const d of days) expect(d.from.slice(0, 7)).toBe(d.to.slice(0, 7));
      }),
      { seed: SEED, numRuns: 500 },
    );
  });
  it('knows a calendar month', () => {
    expect(isCalendarMonth({ from: '2024-02-01', to: '2024-02-29' })).toBe(true);
    expect(isCalendarMonth({ from: '2024-02-01', to: '2024-02-28' })).toBe(false);
    expect(isCalendarMonth({ from: '2024-01-01', to: '2024-02-29' })).toBe(false);
    expect(isCalendarMonth({ from: '2024-02-02', to: '2024-02-29' })).toBe(false);
  });
});
