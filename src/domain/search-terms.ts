/**
 * What a person typed into a search box, as a search (issue 14): the one normaliser of every name/ID search box
 * (the card list, services, follow-ups, subsidy applications and eligibility).
 *
 * - NFKC: full-width digits and letters become ASCII (`１９９０` → `1990`, `ｘ` → `x`), the ideographic space a
 *   plain one; invisible characters a copy and paste brings along are dropped (`stripInvisible`).
 * - An ID fragment is digits and X once spaces and hyphens are taken out and the letters upper-cased
 *   (`1990 05-12` → `19900512`, `123x` → `123X`).
 * - Anything else is a name: every space inside it is removed (`黄 莉莉` and `黄\u3000莉莉` → `黄莉莉`); names are stored
 *   without spaces (a minority name keeps its middle dot: `阿依古丽·买买提`).
 *
 * For an ID fragment, `idMatchParts` says which parts of the stored number it matched (地址码 1–6, 出生日期 7–14,
 * 顺序码 15–17, 校验码 18), so a hit whose matching digits the mask hides does not look like a wrong hit. It names
 * parts only: no hidden digit is shown.
 */
import { stripInvisible } from './text.ts';

export type SearchTerms = { kind: 'name'; name: string } | { kind: 'id'; fragment: string };

/** Separators clerks type or paste inside a number: spaces and hyphens/dashes of every width (after NFKC). */
const ID_SEPARATORS = /[\s\-\u2010-\u2015\u2212]/gu;
const ID_FRAGMENT = /^[0-9X]+$/;

/** The search a box's text asks for; undefined when nothing is left to search for. */
export function searchTerms(raw: string | undefined | null): SearchTerms | undefined {
  if (raw == null) return undefined;
  const text = stripInvisible(raw).normalize('NFKC').trim();
  if (text === '') return undefined;
  const compact = text.replace(ID_SEPARATORS, '').toUpperCase();
  if (ID_FRAGMENT.test(compact)) return { kind: 'id', fragment: compact };
  const name = text.replace(/\s+/gu, '');
  return name === '' ? undefined : { kind: 'name', name };
}

/**
 * What the name index is asked for (migration 20261209000300_home_counts, `name_grams`): the pairs of adjacent
 * characters of the typed name, or its one character. A name containing the query contains every one of them.
 */
export function nameQueryGrams(name: string): string[] {
  const chars = Array.from(name);
  if (chars.length <= 1) return chars;
  return [...new Set(chars.slice(1).map((c, i) => chars[i] + c))];
}

/** A LIKE pattern matching `s` anywhere, with the user's % and _ (and the escape character) taken literally. */
export function likeContains(s: string): string {
  return `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** The parts of an 18-character resident ID number (GB 11643-1999), by 0-based [from, to) positions. */
export const ID_PARTS = [
  { label: '地址码', from: 0, to: 6 },
  { label: '出生日期', from: 6, to: 14 },
  { label: '顺序码', from: 14, to: 17 },
  { label: '校验码', from: 17, to: 18 },
] as const;

export type IdPartLabel = (typeof ID_PARTS)[number]['label'];

/** The parts a fragment [start, start + length) covers, in order. */
export function idPartsAt(start: number, length: number): IdPartLabel[] {
  const end = start + length;
  return ID_PARTS.filter((p) => start < p.to && end > p.from).map((p) => p.label);
}

/**
 * Which parts of `idNumber` the fragment matched, at its first match; undefined when it does not occur (or the
 * number is not 18 characters).
 */
export function idMatchParts(idNumber: string, fragment: string): IdPartLabel[] | undefined {
  if (idNumber.length !== 18 || fragment === '') return undefined;
  const at = idNumber.indexOf(fragment);
  return at < 0 ? undefined : idPartsAt(at, fragment.length);
}

/** `出生日期`, `出生日期、顺序码` …: what a list row shows after 匹配：. */
export function idMatchLabel(idNumber: string, fragment: string): string | undefined {
  return idMatchParts(idNumber, fragment)?.join('、');
}
