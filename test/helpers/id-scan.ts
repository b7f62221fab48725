/**
 * The full-ID-number scanner: finds every 18-character resident ID number (17 digits and a digit or X) in any
 * text — a page, a CSV or XLSX export turned to text, a log, an audit row. Use it on every output that may
 * not show full numbers:  expectNoFullIdNumbers(res.text, 'GET /women')  (pass `allow` for a number the user
 * explicitly revealed or typed in themselves).
 */
import { expect } from 'vitest';
import { maskIdNumber } from '../../src/domain/id-number.ts';

const FULL_ID = /(?<!\d)\d{17}[\dXx](?![\dXx])/g;
/** A random hex token (the CSRF token is 256 hex characters): now and then it holds a run of 18 digits. */
const HEX_TOKEN = /[0-9a-fA-F]{32,}/g;

export function fullIdNumbers(text: string): string[] {
  // Tokens with a hex letter are not text a person reads: blank them, so the scan fails on ID numbers, not on luck.
  const readable = text.replace(HEX_TOKEN, (token) => (/[a-fA-F]/.test(token) ? ' '.repeat(token.length) : token));
  return [...readable.matchAll(FULL_ID)].map((m) => m[0].toUpperCase());
}

export function expectNoFullIdNumbers(text: string, where: string, allow: string[] = []) {
  const found = fullIdNumbers(text).filter((id) => !allow.includes(id));
  // The message shows them masked: a failing test should not print the numbers it protects.
  expect(found.map(maskIdNumber), `full ID numbers in ${where}`).toEqual([]);
}

/** A masked number in any masking scheme: 18 characters of digits, X and at least one '*'. */
const MASKED = /(?<![\dXx*])(?=[\dXx]*\*)[\dXx*]{18}(?![\dXx*])/g;
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';

/**
 * How many valid 18-character numbers fit what a reader knows of `id`: the characters at `known` positions, plus
 * (worst case, since outputs print 出生日期 or an age beside a masked number) the 8 birth-date digits and the sex
 * (the parity of digit 17). Counted exactly over the MOD 11-2 check sum; 1 means the number is rebuilt.
 */
export function candidateCount(id: string, known: Set<number>): number {
  const fixed = new Set([...known, 6, 7, 8, 9, 10, 11, 12, 13]);
  let ways = new Array<number>(11).fill(0);
  ways[0] = 1;
  for (let i = 0; i < 17; i++) {
    const digits = fixed.has(i) ? [Number(id[i])] : [...Array(10).keys()].filter((d) => i !== 16 || d % 2 === Number(id[16]) % 2);
    const next = new Array<number>(11).fill(0);
    for (let r = 0; r < 11; r++) for (const d of digits) next[(r + d * WEIGHTS[i]) % 11] += ways[r];
    ways = next;
  }
  if (!fixed.has(17)) return ways.reduce((a, b) => a + b, 0);
  return ways[CHECK_CHARS.indexOf(id[17].toUpperCase())];
}

/**
 * For each register number shown masked in `text`: the positions its masks reveal (every mask in the text that
 * agrees with it, in whatever scheme, pooled) and the candidates left. Numbers not shown are left out.
 */
export function maskedExposure(text: string, register: string[]): { id: string; known: Set<number>; candidates: number }[] {
  const masks = [...new Set([...text.matchAll(MASKED)].map((m) => m[0].toUpperCase()))];
  const out: { id: string; known: Set<number>; candidates: number }[] = [];
  for (const id of register) {
    const known = new Set<number>();
    let shown = false;
    for (const m of masks) {
      if ([...m].some((c, i) => c !== '*' && c !== id[i])) continue;
      shown = true;
      [...m].forEach((c, i) => c !== '*' && known.add(i));
    }
    if (shown) out.push({ id, known, candidates: candidateCount(id, known) });
  }
  return out;
}

/** Fails when an output lets a register number be narrowed to fewer than `min` candidates; returns the fewest seen. */
export function expectNoRebuildableIdNumbers(text: string, where: string, register: string[], min = 2): number {
  const exposed = maskedExposure(text, register);
  const weak = exposed.filter((e) => e.candidates < min);
  expect(
    weak.map((e) => `${maskIdNumber(e.id)}: ${e.candidates} candidate(s)`),
    `ID numbers rebuildable from ${where}`,
  ).toEqual([]);
  return Math.min(Infinity, ...exposed.map((e) => e.candidates));
}
