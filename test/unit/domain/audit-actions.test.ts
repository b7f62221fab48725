/**
 * Every action the code writes to the audit log has a Chinese label: the source is scanned for the codes passed
 * to recordAudit / recordAudits / recordAnonymousAudit / auditCard (literals, both arms of a ternary), and the
 * computed ones (`report.${action}` …) are expanded from their code lists. A new action without a label, or a
 * new computed action this file does not know how to expand, fails here.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ACTION_LABELS, auditActionLabel, isSessionAction } from '../../../src/domain/audit-actions.ts';
import { PAYMENT_STATUS, SUBSIDY_ACTION } from '../../../src/domain/codes.ts';
import { IMPORT_KINDS } from '../../../src/features/imports/service.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? tsFiles(full) : full.endsWith('.ts') ? [full] : [];
  });
}

const AUDIT_CODE = /'([a-z_]+\.[a-z_]+)'/g;

/** The computed actions and what they expand to (the template's variable takes the values of these lists). */
const COMPUTED: Record<string, string[]> = {
  'report.${action}': ['submit', 'accept', 'return', 'unlock'].map((a) => `report.${a}`),
  'subsidy_application.${step.action}': Object.keys(SUBSIDY_ACTION).map((a) => `subsidy_application.${a}`),
  'subsidy_payment.${input.status}': Object.keys(PAYMENT_STATUS)
    .filter((s) => s !== 'pending')
    .map((s) => `subsidy_payment.${s}`),
  'import.${kind}': IMPORT_KINDS.map((k) => `import.${k.key}`),
};

/** The action codes written in one file, and the templates it computes actions with. */
function actionsIn(text: string): { codes: string[]; templates: string[] } {
  const codes: string[] = [];
  const templates: string[] = [];
  // `action: 'x.y'`, `action: cond ? 'x.y' : 'x.z'`, `action: \`x.${y}\`` (to the end of the line).
  for (const m of text.matchAll(/\baction:\s*([^\n]+)/g)) {
    const value = m[1]!;
    const template = /^`([^`]+)`/.exec(value);
    if (template) templates.push(template[1]!);
    else codes.push(...[...value.matchAll(AUDIT_CODE)].map((c) => c[1]!));
  }
  // auditCard(trx, actor, woman, 'x.y', …) and auditCard(…, moved ? 'x.y' : 'x.z', …)
  for (const m of text.matchAll(/\bauditCard\(([^{)]*(?:\{[^}]*\}[^{)]*)?)/g)) codes.push(...[...m[1]!.matchAll(AUDIT_CODE)].map((c) => c[1]!));
  return { codes, templates };
}

describe('audit action labels', () => {
  const files = [...tsFiles(path.join(root, 'src')), ...tsFiles(path.join(root, 'seeds'))];
  const found = files.map((f) => ({ file: path.relative(root, f), ...actionsIn(readFileSync(f, 'utf8')) }));

  it('the scan finds the actions written across the code (it is not blind)', () => {
    const all = new Set(found.flatMap((f) => f.codes));
    for (const known of [
      'service.record',
      'card.update',
      'card.transfer_send',
      'login.failed',
      'login.locked',
      'user.enable',
      'history.record',
      'demo.seed',
      'validation.acknowledge',
      'population.import',
      'subsidy_batch.export_full_account',
    ]) {
      expect(all, known).toContain(known);
    }
    expect(all.size).toBeGreaterThan(50);
    expect(new Set(found.flatMap((f) => f.templates))).toEqual(new Set(Object.keys(COMPUTED)));
  });

  it('every action written by the code has a Chinese label', () => {
    const missing: string[] = [];
    for (const f of found) {
      for (const code of [...f.codes, ...f.templates.flatMap((t) => COMPUTED[t] ?? [`${t} (unknown template: add its expansion to this test)`])]) {
        if (!Object.hasOwn(ACTION_LABELS, code)) missing.push(`${f.file}: ${code}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('labels are Chinese, and an unknown action shows its code', () => {
    for (const [code, label] of Object.entries(ACTION_LABELS)) expect(label, code).toMatch(/[\u4e00-\u9fff]/);
    expect(auditActionLabel('service.record')).toBe('登记技术服务');
    expect(auditActionLabel('no.such')).toBe('no.such');
    expect(auditActionLabel('constructor')).toBe('constructor');
  });

  it('sign-in actions are the session rows hidden by default', () => {
    expect(['login.success', 'login.failed', 'login.locked'].every(isSessionAction)).toBe(true);
    expect(isSessionAction('user.change_password')).toBe(false);
    expect(isSessionAction(undefined)).toBe(false);
  });
});
