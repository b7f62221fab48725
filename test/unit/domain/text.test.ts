/**
 * The one text normaliser (src/domain/text.ts): what it keeps it keeps in one spelling (NFC, trimmed, stable
 * when applied again); what it refuses — control, bidi, zero-width and format characters, lone surrogates,
 * all-invisible values — it refuses anywhere in the value with a message naming the field and the character.
 * Phone numbers by pattern. Properties are checked with fast-check on a fixed seed (printed on failure).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalisePhone, normaliseText, textProblem } from '../../../src/domain/text.ts';
import { parseForm } from '../../../src/parse.ts';
import type { ValidationError } from '../../../src/errors.ts';
import { CardForm } from '../../../src/features/women/service.ts';

const SEED = 20261205;
const RUNS = 400;
const check = (prop: fc.IProperty<unknown> | fc.IAsyncProperty<unknown>) => fc.assert(prop as fc.IProperty<unknown>, { seed: SEED, numRuns: RUNS });

const BIDI = ['\u200e', '\u200f', '\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069'];
const ZERO_WIDTH = ['\u200b', '\u200c', '\u200d', '\u2060', '\ufeff'];
const CONTROL = [...Array.from({ length: 32 }, (_, i) => String.fromCharCode(i)).filter((c) => !'\t\n\r'.includes(c)), '\u007f', '\u0085', '\u009f'];
const FORBIDDEN = [...BIDI, ...ZERO_WIDTH, ...CONTROL, '\u00ad', '\u2061', '\udc00', '\ud800'];

/** Text a clerk types: Chinese, Latin, digits, punctuation, emoji, with spaces around. */
const typed = fc
  .array(fc.oneof(fc.constantFrom('王', '秀', '英', '李', '村', '组', '号', 'A', 'b', '3', '-', '（', '）', '·', '😀', 'é', '𠀀', ' '), fc.string({ unit: 'grapheme-composite', maxLength: 3 })), {
    minLength: 1,
    maxLength: 12,
  })
  .map((p) => p.join(''));

const clean = (s: string) => FORBIDDEN.every((c) => /\p{Cs}/u.test(c) || !s.includes(c)) && !/\p{Cf}|\p{Cs}|[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029\ufffd]/u.test(s);

describe('normaliseText', () => {
  it('keeps what it accepts in one spelling: NFC, trimmed, clean, and unchanged when normalised again', () => {
    check(
      fc.property(typed, (raw) => {
        const r = normaliseText(raw, '姓名');
        if (!r.ok || r.value === undefined) return;
        expect(r.value).toBe(r.value.normalize('NFC'));
        expect(r.value).toBe(r.value.trim());
        expect(clean(r.value)).toBe(true);
        expect(normaliseText(r.value, '姓名')).toEqual({ ok: true, value: r.value });
      }),
    );
  });

  it('accepts ordinary names and addresses unchanged, and blank as missing', () => {
    check(
      fc.property(fc.array(fc.constantFrom('王', '秀', '英', '欧阳', '娜', '·', '买买提', '东街村3组12号', 'A'), { minLength: 1, maxLength: 6 }), (parts) => {
        const s = parts.join('');
        expect(normaliseText(`  ${s}\u3000`, '姓名')).toEqual({ ok: true, value: s });
      }),
    );
    expect(normaliseText('   ', '姓名')).toEqual({ ok: true, value: undefined });
    expect(normaliseText('e\u0301', '姓名')).toEqual({ ok: true, value: '\u00e9' });
    expect(normaliseText('第一行\r\n第二行\t完', '备注')).toEqual({ ok: true, value: '第一行\r\n第二行\t完' });
  });

  it('refuses a forbidden character anywhere in a value, naming the field', () => {
    check(
      fc.property(typed, fc.constantFrom(...FORBIDDEN), fc.nat(), (raw, bad, at) => {
        const base = raw.trim() === '' ? '王秀英' : raw;
        const i = at % (base.length + 1);
        const r = normaliseText(base.slice(0, i) + bad + base.slice(i), '住址');
        // \v, \f and U+FEFF are whitespace to trim(): at either end they are trimmed away, never kept.
        if (r.ok && '\v\f\ufeff'.includes(bad)) {
          expect(r.value ?? '').not.toContain(bad);
          return;
        }
        expect(r.ok).toBe(false);
        if (!r.ok) expect(r.message).toMatch(/^住址/);
      }),
    );
  });

  it('says which problem it is, with the code point', () => {
    expect(textProblem('王\u202e英', '姓名')).toBe('姓名含有改变文字方向的控制字符（U+202E），请删除后重新输入');
    expect(textProblem('王\u200b英', '姓名')).toBe('姓名含有零宽字符（U+200B），请删除后重新输入');
    expect(textProblem('王\u0000英', '姓名')).toBe('姓名含有不可见的控制字符（U+0000），请删除后重新输入');
    expect(textProblem('王\u00ad英', '姓名')).toBe('姓名含有不可见的格式字符（U+00AD），请删除后重新输入');
    expect(normaliseText('王\ud800英', '姓名')).toEqual({ ok: false, message: '姓名含有无法识别的字符（乱码），请检查文字或文件编码后重新输入' });
    expect(normaliseText('\u200b\u200b\u200b', '姓名')).toMatchObject({ ok: false, message: '姓名含有零宽字符（U+200B），请删除后重新输入' });
    for (const invisible of ['\u0301\u0301', '\u3164', '\ufe0f', '\u2800\u2800', '\u034f']) {
      expect(normaliseText(invisible, '姓名')).toEqual({ ok: false, message: '姓名只含有空白或不可见的字符，请填写实际内容' });
    }
  });

  it('applies to every free-text field of a form through the zod helpers', () => {
    const post = { id_number: '11010519900307002X', name: '王\u202e秀英', village: '990100001001', hukou_kind: 'agricultural', marital_status: 'unmarried', address: '\u200b\u200b' };
    try {
      parseForm(CardForm, post);
      expect.unreachable();
    } catch (err) {
      expect((err as ValidationError).fieldErrors).toMatchObject({
        name: '姓名含有改变文字方向的控制字符（U+202E），请删除后重新输入',
        address: '住址含有零宽字符（U+200B），请删除后重新输入',
      });
    }
    expect(parseForm(CardForm, { ...post, name: ' 王秀英 ', address: 'Cafe\u0301' })).toMatchObject({ name: '王秀英', address: 'Café' });
  });
});

describe('normalisePhone', () => {
  const digits = (n: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((d) => d.join(''));

  it('accepts every mobile number 1[3-9]xxxxxxxxx, with +86, spaces or full-width digits, as 11 digits', () => {
    check(
      fc.property(fc.integer({ min: 3, max: 9 }), digits(9), (second, rest) => {
        const n = `1${second}${rest}`;
        expect(normalisePhone(n)).toEqual({ ok: true, value: n });
        expect(normalisePhone(`+86 ${n.slice(0, 3)} ${n.slice(3, 7)} ${n.slice(7)}`)).toEqual({ ok: true, value: n });
        const wide = n.replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d)));
        expect(normalisePhone(wide)).toEqual({ ok: true, value: n });
      }),
    );
  });

  it('accepts a landline with its area code (hyphen optional, extension allowed) as area-number[-ext]', () => {
    expect(normalisePhone('0551-1234567')).toEqual({ ok: true, value: '0551-1234567' });
    expect(normalisePhone('055112345678')).toEqual({ ok: true, value: '0551-12345678' });
    expect(normalisePhone('(010)87654321')).toEqual({ ok: true, value: '010-87654321' });
    expect(normalisePhone('0551-1234567转801')).toEqual({ ok: true, value: '0551-1234567-801' });
    expect(normalisePhone('')).toEqual({ ok: true, value: undefined });
  });

  it('refuses anything else, with one message: a leading minus, too short, letters, a 12-digit mobile', () => {
    for (const bad of ['-13800000000', '12812345678', '138000000001', '1380000000', 'abc', '1234567', '0551-123', '13800000000-', '+1 555 0100']) {
      const r = normalisePhone(bad);
      expect(r, bad).toMatchObject({ ok: false });
      if (!r.ok) expect(r.message).toMatch(/^联系电话格式有误/);
    }
    check(
      fc.property(fc.string({ maxLength: 20 }), (s) => {
        const r = normalisePhone(s);
        if (r.ok && r.value !== undefined) expect(r.value).toMatch(/^(1[3-9]\d{9}|0\d{2,3}-\d{7,8}(-\d{1,6})?)$/);
      }),
    );
  });
});
