/// <reference lib="dom" />
/**
 * axe-core in the page (evaluated through the DevTools protocol, so the portal's CSP does not have to allow
 * it) and keyboard helpers. Serious and critical violations fail; the rest are returned for the log.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { root } from './server.ts';

const axeSource = fs.readFileSync(path.join(root, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

export async function runAxe(page: Page): Promise<AxeViolation[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
      resultTypes: ['violations'],
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target as string[], failureSummary: n.failureSummary })),
    }));
  });
}

export function isBlocking(v: AxeViolation): boolean {
  return v.impact === 'serious' || v.impact === 'critical';
}

export function describeViolations(vs: AxeViolation[]): string {
  return vs
    .map(
      (v) =>
        `  [${v.impact}] ${v.id}: ${v.help}\n${v.nodes
          .slice(0, 5)
          .map((n) => `      ${n.target.join(' ')}`)
          .join('\n')}`,
    )
    .join('\n');
}

/** What has focus: the name, id or text of the active element. */
export async function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return '(body)';
    const name = el.getAttribute('name');
    if (name && name !== '_csrf') return `${el.tagName.toLowerCase()}[name=${name}]`;
    if (el.id) return `#${el.id}`;
    return `${el.tagName.toLowerCase()}:${(el.textContent ?? '').trim().slice(0, 20)}`;
  });
}

/**
 * What a keyboard user reaches inside a form, in DOM order: its controls (hidden and disabled ones excluded) and
 * the links and disclosure widgets (summary) between them, named as `focused` names them.
 */
export async function tabbableControls(page: Page, formSelector: string): Promise<string[]> {
  const kinds = ['input', 'select', 'textarea', 'button', 'a[href]', 'summary'];
  return page.$$eval(kinds.map((k) => `${formSelector} ${k}`).join(', '), (els) =>
    (els as HTMLInputElement[])
      .filter((el) => el.type !== 'hidden' && !el.disabled && el.tabIndex >= 0 && el.getClientRects().length > 0)
      .map((el) => {
        const name = el.getAttribute('name');
        if (name && name !== '_csrf') return `${el.tagName.toLowerCase()}[name=${name}]`;
        if (el.id) return `#${el.id}`;
        return `${el.tagName.toLowerCase()}:${(el.textContent ?? '').trim().slice(0, 20)}`;
      }),
  );
}
