/**
 * The ID-number preview of views/assets/app.js (progressive enhancement on the card and transfer forms), run in a
 * sandbox with a stub document and a Date fixed at the suite's clock: a birth date after today is refused (never a
 * negative age), and a wrong check character says the number does not check without naming the expected one.
 */
import { readFileSync } from 'node:fs';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { makeIdNumber, maskIdNumber } from '../../../src/domain/id-number.ts';
import { TEST_NOW } from '../../helpers/clock.ts';

const SOURCE = readFileSync(new URL('../../../views/assets/app.js', import.meta.url), 'utf8');

/** Load app.js against one input with data-id-preview; returns a function that types a value and reads the hint. */
function preview(): (value: string) => { text: string; className: string } {
  const out = { textContent: '', className: '' };
  const handlers: Record<string, () => void> = {};
  const input = { value: '', dataset: { idPreview: 'hint' } as Record<string, string>, addEventListener: (ev: string, fn: () => void) => (handlers[ev] = fn) };
  const onDocument: Record<string, (() => void)[]> = {};
  const document = {
    addEventListener: (ev: string, fn: () => void) => (onDocument[ev] ??= []).push(fn),
    querySelector: () => null,
    querySelectorAll: (sel: string) => (sel === '[data-id-preview]' ? [input] : []),
    getElementById: (id: string) => (id === 'hint' ? out : null),
  };
  // The preview's "today" is the suite's fixed day, never the wall clock.
  const RealDate = Date;
  class FixedDate extends RealDate {
    constructor(...args: unknown[]) {
      if (args.length === 0) super(TEST_NOW.getTime());
      else super(...(args as [number]));
    }
  }
  runInNewContext(SOURCE, { document, window: { confirm: () => true, history: { length: 1 } }, Element: class {}, Date: FixedDate });
  for (const fn of onDocument.DOMContentLoaded ?? []) fn();
  return (value: string) => {
    input.value = value;
    handlers.input();
    return { text: out.textContent, className: out.className };
  };
}

describe('ID number preview (app.js)', () => {
  it('shows birth date, age and sex for a valid number on the fixed day', () => {
    const type = preview();
    expect(type(makeIdNumber('990100', '1994-08-16', 2))).toEqual({ text: '出生日期 1994-08-16，32 岁，女', className: 'hint' });
  });

  it('refuses a birth date after today and prints no negative age', () => {
    const type = preview();
    const r = type(makeIdNumber('990100', '2030-05-12', 2));
    expect(r).toEqual({ text: '身份证号中的出生日期在今天之后，请核对证件', className: 'hint err-text' });
    expect(r.text).not.toMatch(/-\d/);
  });

  it('a wrong check character: the number does not check, and the expected character is not named', () => {
    const type = preview();
    const good = makeIdNumber('990100', '1990-05-12', 2);
    const bad = good.slice(0, 17) + (good[17] === '1' ? '2' : '1');
    expect(type(bad)).toEqual({ text: '身份证号校验不通过，请逐位核对证件', className: 'hint err-text' });
  });

  it('the edit form’s saved number, masked as maskIdNumber shows it, is taken as "kept" (not as a wrong length)', () => {
    const type = preview();
    const id = makeIdNumber('990100', '1990-05-12', 2);
    expect(type(maskIdNumber(id))).toEqual({ text: '已保存的号码（中间11位已隐藏）', className: 'hint' });
  });
});
