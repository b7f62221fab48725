/**
 * The type-to-find box of views/assets/app.js (partials/select `find`, the transfer pages' village picker), run in a
 * sandbox with a stub document: the box is shown only by the script, a datalist entry picked or typed selects its
 * village in the select, and text naming several villages (a township's name) changes nothing.
 */
import { readFileSync } from 'node:fs';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';

const SOURCE = readFileSync(new URL('../../../views/assets/app.js', import.meta.url), 'utf8');

const ENTRIES = [
  ['城关镇 · 西街村（本乡镇）', '990100001002'],
  ['东山镇 · 上河村', '990100002001'],
  ['东山镇 · 下河村', '990100002002'],
];

function picker() {
  const handlers: Record<string, () => void> = {};
  const wrap = { hidden: true };
  const changes: string[] = [];
  const select = { value: '', dispatchEvent: (e: { type: string }) => changes.push(e.type) };
  const input = {
    value: '',
    dataset: { selectFind: 'f-village' } as Record<string, string>,
    list: { options: ENTRIES.map(([value, code]) => ({ value, getAttribute: (a: string) => (a === 'data-value' ? code : null) })) },
    closest: () => wrap,
    addEventListener: (ev: string, fn: () => void) => (handlers[ev] = fn),
  };
  const onDocument: Record<string, (() => void)[]> = {};
  const document = {
    addEventListener: (ev: string, fn: () => void) => (onDocument[ev] ??= []).push(fn),
    querySelector: () => null,
    querySelectorAll: (sel: string) => (sel === '[data-select-find]' ? [input] : []),
    getElementById: (id: string) => (id === 'f-village' ? select : null),
  };
  class Event {
    constructor(public type: string) {}
  }
  runInNewContext(SOURCE, { document, window: { confirm: () => true, history: { length: 1 } }, Element: class {}, Event });
  for (const fn of onDocument.DOMContentLoaded ?? []) fn();
  return {
    wrap,
    select,
    changes,
    type(value: string) {
      input.value = value;
      handlers.input();
      return select.value;
    },
  };
}

describe('村(社区)选择的查找框', () => {
  it('is shown by the script (hidden without it)', () => {
    expect(picker().wrap.hidden).toBe(false);
  });

  it('a picked datalist entry selects its village and tells the select it changed', () => {
    const p = picker();
    expect(p.type('东山镇 · 下河村')).toBe('990100002002');
    expect(p.changes).toEqual(['change']);
  });

  it('a village name typed alone, or with stray spaces, selects the one village it names', () => {
    const p = picker();
    expect(p.type('上河')).toBe('990100002001');
    expect(p.type('西 街村')).toBe('990100001002');
  });

  it('a township naming several villages, or text naming none, leaves the choice alone', () => {
    const p = picker();
    expect(p.type('东山镇')).toBe('');
    expect(p.type('北山')).toBe('');
    expect(p.changes).toEqual([]);
  });
});
