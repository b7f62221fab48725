/**
 * The one text normaliser (issue 12 item 6): every free-text value a person types or a file carries goes through
 * `normaliseText` before it is checked or stored, so forms and imports accept and refuse exactly the same text.
 *
 * NFC (a name typed with a combining mark and the same name precomposed are one name), trimmed, and refused when
 * it carries characters that change how the text is shown without being seen: C0/C1 control characters, bidi
 * controls (a U+202E in a name reverses what the roster prints), zero-width and other format characters, lone
 * surrogates (they arrive as U+FFFD in the database) and U+FFFD itself (text already damaged by a wrong encoding).
 * Tab and line breaks stay allowed: notes are typed in textareas and the forms never refused them.
 * Private-use characters are kept on purpose: rare characters in names are often encoded there.
 */

export type TextResult = { ok: true; value: string | undefined } | { ok: false; message: string };

const BIDI = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;
const ZERO_WIDTH = /[\u200B-\u200D\u2060\uFEFF]/u;
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u2028\u2029]/u;
/** Other format characters (soft hyphen, invisible operators, tag characters, …). */
const FORMAT = /\p{Cf}/u;
const SURROGATE = /\p{Cs}/u;
/**
 * Characters that show nothing on their own. A value made only of these (with the ones refused above already
 * gone) is blank to the eye: combining marks with no base, variation selectors, Hangul fillers, the braille blank.
 */
const INVISIBLE = /^[\s\p{M}\p{Default_Ignorable_Code_Point}\u2800\u3164\u115F\u1160\uFFA0]+$/u;

const hex = (ch: string) => 'U+' + ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');

function firstMatch(s: string, re: RegExp): string | undefined {
  return re.exec(s)?.[0];
}

/** Why `value` cannot be stored, as a Chinese message naming the field and the character; undefined when fine. */
export function textProblem(value: string, label: string): string | undefined {
  let ch = firstMatch(value, SURROGATE);
  if (ch !== undefined || value.includes('\uFFFD')) return `${label}含有无法识别的字符（乱码），请检查文字或文件编码后重新输入`;
  if ((ch = firstMatch(value, CONTROL)) !== undefined) return `${label}含有不可见的控制字符（${hex(ch)}），请删除后重新输入`;
  if ((ch = firstMatch(value, BIDI)) !== undefined) return `${label}含有改变文字方向的控制字符（${hex(ch)}），请删除后重新输入`;
  if ((ch = firstMatch(value, ZERO_WIDTH)) !== undefined) return `${label}含有零宽字符（${hex(ch)}），请删除后重新输入`;
  if ((ch = firstMatch(value, FORMAT)) !== undefined) return `${label}含有不可见的格式字符（${hex(ch)}），请删除后重新输入`;
  if (INVISIBLE.test(value)) return `${label}只含有空白或不可见的字符，请填写实际内容`;
  return undefined;
}

/**
 * A typed value as it is stored: NFC, trimmed; `undefined` when nothing is left (a blank field), or a refusal
 * with a Chinese message. `label` is the field's Chinese name (姓名, 住址 …), used in the message.
 */
export function normaliseText(raw: string, label: string): TextResult {
  // Lone surrogates survive neither NFC nor the database: check them before anything changes the string.
  if (SURROGATE.test(raw)) return { ok: false, message: textProblem(raw, label)! };
  const value = raw.normalize('NFC').trim();
  if (value === '') return { ok: true, value: undefined };
  const problem = textProblem(value, label);
  return problem ? { ok: false, message: problem } : { ok: true, value };
}

/**
 * A search box or a link is not stored: there the invisible characters (bidi, zero-width, format) that a copy
 * and paste brings along are dropped rather than refused, so a search finds what the user sees.
 */
export function stripInvisible(s: string): string {
  return s.replace(/[\u061C\u200B-\u200F\u202A-\u202E\u2060\u2066-\u2069\uFEFF]|\p{Cf}/gu, '');
}

/*
 * Phone numbers by pattern: a mobile number (1[3-9] and 9 digits, +86 allowed), or a landline with its area code
 * (0 + 2–3 digits, a hyphen optional, 7–8 digits), optionally an extension (转/-/ext and 1–6 digits). Full-width
 * digits and hyphens are folded (NFKC), spaces and the brackets of "(0551)" are dropped.
 */
const MOBILE = /^(?:\+?86)?(1[3-9]\d{9})$/;
const LANDLINE = /^(0\d{2,3})-?(\d{7,8})(?:(?:-|转|ext\.?|x)(\d{1,6}))?$/i;

export type PhoneResult = { ok: true; value: string | undefined } | { ok: false; message: string };

export function normalisePhone(raw: string, label = '联系电话'): PhoneResult {
  const text = normaliseText(raw, label);
  if (!text.ok || text.value === undefined) return text;
  const s = text.value
    .normalize('NFKC')
    .replace(/[\s\u3000]/g, '')
    .replace(/^\((0\d{2,3})\)/, '$1-');
  const mobile = MOBILE.exec(s);
  if (mobile) return { ok: true, value: mobile[1] };
  const land = LANDLINE.exec(s);
  if (land) return { ok: true, value: `${land[1]}-${land[2]}${land[3] ? `-${land[3]}` : ''}` };
  return { ok: false, message: `${label}格式有误：手机号为 11 位（如 13812345678），固定电话须带区号（如 0551-1234567，分机可写 0551-1234567-801）` };
}
