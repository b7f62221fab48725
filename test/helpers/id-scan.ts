/**
 * The full-ID-number scanner: finds every 18-character resident ID number (17 digits and a digit or X) in any
 * text — a page, a CSV or XLSX export turned to text, a log, an audit row. Use it on every output that may
 * not show full numbers:  expectNoFullIdNumbers(res.text, 'GET /women')  (pass `allow` for a number the user
 * explicitly revealed or typed in themselves).
 */
import { expect } from 'vitest';
import { maskIdNumber } from '../../src/domain/id-number.ts';

const FULL_ID = /(?<!\d)\d{17}[\dXx](?![\dXx])/g;

export function fullIdNumbers(text: string): string[] {
  return [...text.matchAll(FULL_ID)].map((m) => m[0].toUpperCase());
}

export function expectNoFullIdNumbers(text: string, where: string, allow: string[] = []) {
  const found = fullIdNumbers(text).filter((id) => !allow.includes(id));
  // The message shows them masked: a failing test should not print the numbers it protects.
  expect(found.map(maskIdNumber), `full ID numbers in ${where}`).toEqual([]);
}
