/**
 * An audit row in Chinese: its before/after JSON as a list of changes (户口性质：农业 → 非农业), or for the events
 * of a card that read better as one sentence (a birth, a transfer, a method), that sentence. One translator for
 * /audit, the home panel and the card's 修改记录. Pure, and total: any JSON gives strings, never an exception.
 */
import { CERTIFICATE_KIND, EPISODE_END_REASON, EXIT_REASON, HUKOU_KIND, METHOD, PREGNANCY_OUTCOME, SEX, type CodeList } from './codes.ts';
import { FIELD_CODES, FIELD_CODES_BY_SUBJECT, FIELD_LABELS } from './field-labels.ts';
import { maskIdNumbersInText } from './id-number.ts';
import { FLOATING_EVENT, MARITAL_EVENT } from './status-history.ts';

export interface AuditChange {
  /** The field's Chinese name (the raw key when it has none). */
  field: string;
  /** The value before, or '' when the row has no before at all (a creation). */
  from: string;
  to: string;
}

export interface AuditDescription {
  /** One sentence for the events that have one ('' otherwise). */
  summary: string;
  changes: AuditChange[];
  reason: string;
}

type Json = Record<string, unknown>;

export const EMPTY_VALUE = '（空）';
/** Book-keeping keys that mean nothing to a reader. */
const HIDDEN = new Set(['version']);
/** 本人/配偶是否独生子女 are 是/否/不详 on the form: an empty value is 不详, not （空）. */
const YES_NO_UNKNOWN = new Set(['only_child', 'spouse_only_child']);
const MAX_DEPTH = 4;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
/** A dictionary lookup that never finds Object.prototype's members (a key 'constructor' is just a key). */
const own = <T>(dict: Readonly<Record<string, T>> | undefined, key: string): T | undefined => (dict && Object.hasOwn(dict, key) ? dict[key] : undefined);

/** A code's label, or the code itself (as codes.label, but for any string a stored row may hold). */
function label(list: CodeList<string>, code: string): string {
  return own(list, code) ?? code;
}

function codeListOf(key: string, subject: string): CodeList<string> | undefined {
  return own(own(FIELD_CODES_BY_SUBJECT, subject), key) ?? own(FIELD_CODES, key);
}

export function fieldLabel(key: string): string {
  return own(FIELD_LABELS, key) ?? key;
}

/** A subsidy application's eligibility check (src/domain/eligibility.ts) in words: 符合：本人健在 符合、… */
const CONDITION_RESULT: Readonly<Record<string, string>> = { met: '符合', not_met: '不符合', unknown: '待核实' };

function eligibilityValue(e: Json): string {
  const word = (r: unknown) => own(CONDITION_RESULT, String(r)) ?? String(r);
  const conditions = (e.conditions as unknown[]).filter(isObject).map((c) => `${String(c.label)} ${word(c.result)}`);
  return `${word(e.result)}${e.evaluatedOn ? `（${String(e.evaluatedOn)}）` : ''}：${conditions.join('、')}`;
}

/** A value as a reader sees it: codes in Chinese, 是/否, dates as they are, （空） for nothing; ID numbers stay masked. */
export function auditValue(key: string, value: unknown, subject = '', depth = 0): string {
  if (YES_NO_UNKNOWN.has(key) && (value == null || value === '')) return '不详';
  if (value === null || value === undefined || value === '') return EMPTY_VALUE;
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (YES_NO_UNKNOWN.has(key) && (value === 'true' || value === 'false')) return value === 'true' ? '是' : '否';
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (typeof value === 'string') {
    const list = codeListOf(key, subject);
    return maskIdNumbersInText(list ? label(list, value) : value);
  }
  if (depth >= MAX_DEPTH) return '…';
  if (key === 'eligibility' && isObject(value) && Array.isArray(value.conditions)) return maskIdNumbersInText(eligibilityValue(value));
  if (Array.isArray(value)) return value.length ? value.map((v) => auditValue(key, v, subject, depth + 1)).join('、') : EMPTY_VALUE;
  if (isObject(value)) {
    const parts = Object.entries(value)
      .filter(([k, v]) => !HIDDEN.has(k) && v !== undefined)
      .map(([k, v]) => `${fieldLabel(k)} ${auditValue(k, v, subject, depth + 1)}`);
    return parts.length ? parts.join('，') : EMPTY_VALUE;
  }
  return maskIdNumbersInText(String(value as string));
}

/**
 * Fields in the forms' order (the dictionary's), unknown ones after: PostgreSQL's jsonb keeps keys sorted by
 * length, not in the order they were written.
 */
const ORDER = new Map(Object.keys(FIELD_LABELS).map((k, i) => [k, i]));
const orderOf = (key: string) => ORDER.get(key) ?? ORDER.size;

function same(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

/** What names one element of a list snapshot (population figures: a village's month). */
const IDENTITY_KEYS = ['village', 'month'];

/**
 * A list snapshot (the population grid writes one element per village and month): one set of changes per
 * element of the after, paired with the before's element of the same village and month (or position), each
 * change named by the element: 990100001001 2026-03 期末人口：1200 → 1210.
 */
function listChanges(before: unknown[], after: unknown[], action: string): AuditChange[] {
  const identity = (e: unknown, i: number) =>
    isObject(e) && IDENTITY_KEYS.some((k) => k in e)
      ? IDENTITY_KEYS.filter((k) => k in e)
          .map((k) => auditValue(k, e[k]))
          .join(' ')
      : `第${i + 1}项`;
  const rest = (e: unknown) => (isObject(e) ? Object.fromEntries(Object.entries(e).filter(([k]) => !IDENTITY_KEYS.includes(k))) : { 内容: e });
  const earlier = new Map(before.map((e, i) => [identity(e, i), e]));
  return after.flatMap((e, i) => {
    const name = identity(e, i);
    const was = earlier.get(name);
    return auditChanges(was === undefined ? null : rest(was), rest(e), action).map((c) => ({ ...c, field: `${name} ${c.field}` }));
  });
}

/**
 * The fields of before/after in Chinese. With both sides present, unchanged fields are left out; with only an
 * after (a creation), the fields filled in are listed with an empty from. Fields come in the forms' order.
 */
export function auditChanges(before: unknown, after: unknown, action = ''): AuditChange[] {
  const subject = action.split('.')[0] ?? '';
  const b = isObject(before) ? before : undefined;
  const a = isObject(after) ? after : undefined;
  if (!a && !b) {
    if (before == null && after == null) return [];
    if (Array.isArray(after) && (before == null || Array.isArray(before))) return listChanges(before ?? [], after, action);
    // Any other snapshot: one line for the whole value.
    return [{ field: '内容', from: before == null ? '' : auditValue('', before, subject), to: after == null ? EMPTY_VALUE : auditValue('', after, subject) }];
  }
  const keys = [...new Set([...Object.keys(a ?? {}), ...Object.keys(b ?? {})])].filter((k) => !HIDDEN.has(k)).sort((x, y) => orderOf(x) - orderOf(y));
  const out: AuditChange[] = [];
  for (const k of keys) {
    const from = b?.[k];
    const to = a?.[k];
    if (b && a && same(from, to)) continue;
    if (from === undefined && to === undefined) continue;
    // A creation lists what was filled in, not the blanks.
    if (!b && (to === null || to === '')) continue;
    const change = { field: fieldLabel(k), from: b ? auditValue(k, from, subject) : '', to: auditValue(k, to, subject) };
    if (change.from !== change.to) out.push(change);
  }
  return out;
}

/** 离婚 / 流出 / 户口性质改为居民 …: one status-history event in words. */
function historyEventLabel(history: string, kind: string): string {
  if (history === 'marital') return label(MARITAL_EVENT, kind);
  if (history === 'floating') return label(FLOATING_EVENT, kind);
  return `${history === 'hukou_spouse' ? '配偶' : ''}户口性质改为${label(HUKOU_KIND, kind)}`;
}

const s = (v: unknown) => (v == null || v === '' ? EMPTY_VALUE : typeof v === 'object' ? auditValue('', v) : maskIdNumbersInText(String(v as string)));
const list = (v: unknown): Json[] => (Array.isArray(v) ? v.filter(isObject) : []);

/** The events of a card that are one sentence rather than a list of fields; '' for every other action. */
function sentence(action: string, b: Json, a: Json): string {
  switch (action) {
    case 'history.record':
      return list(a.events)
        .map((e) => `${historyEventLabel(String(e.history), String(e.kind))} ${s(e.effective_on)}`)
        .join('；');
    case 'history.date':
      return `${historyEventLabel(String(b.history), String(b.kind))}日期：${s(b.effective_on)} → ${s(a.effective_on)}`;
    case 'card.transfer':
    case 'card.transfer_send':
    case 'card.transfer_accept':
      return `${s(b.village_name)} → ${a.township ? `${s(a.township)} ` : ''}${s(a.village_name)}`;
    case 'card.transfer_request':
      return `从 ${s(a.from_township)} ${s(a.from_village)} 迁入 ${s(a.village_name)}`;
    case 'card.exit':
      return `${label(EXIT_REASON, String(a.exit_reason ?? ''))}，${s(a.exit_date)}`;
    case 'birth.record':
      return (
        list(a.children)
          .map((c) => `第${s(c.birth_order)}孩${c.name ? ` ${s(c.name)}` : ''}（${label(SEX, String(c.sex))}，${s(c.birth_date)}）`)
          .join('、') + (a.pregnancy_closed ? '，孕情以活产结束' : '')
      );
    case 'pregnancy.open':
      return `${s(a.found_on)} 发现${a.contraceptive_failure ? '（避孕失败）' : ''}`;
    case 'pregnancy.close':
      return `${label(PREGNANCY_OUTCOME, String(a.outcome ?? ''))}，${s(a.outcome_date)}`;
    case 'episode.open':
      return `${label(METHOD, String(a.method ?? ''))}，${s(a.started_on)} 起`;
    case 'episode.close':
      return `${label(METHOD, String(a.method ?? ''))}，${s(a.ended_on)} 止（${label(EPISODE_END_REASON, String(a.end_reason ?? ''))}）`;
    case 'certificate.issue':
    case 'certificate.revoke':
      return `${label(CERTIFICATE_KIND, String(a.kind ?? ''))} ${s(a.number)}`;
    default:
      return '';
  }
}

/** Ids the reader cannot use: the sentence or the object column already says what the row is about. */
const REFERENCE_KEYS = /(^|_)ids?$/;

export function describeAudit(row: { action: string; before: unknown; after: unknown; reason?: string | null }): AuditDescription {
  const b = isObject(row.before) ? row.before : {};
  const a = isObject(row.after) ? row.after : {};
  const summary = sentence(row.action, b, a);
  const strip = (v: unknown) => (isObject(v) ? Object.fromEntries(Object.entries(v).filter(([k]) => !REFERENCE_KEYS.test(k) || Object.hasOwn(FIELD_LABELS, k))) : v);
  const changes = summary ? [] : auditChanges(strip(row.before), strip(row.after), row.action);
  return { summary, changes, reason: row.reason ? maskIdNumbersInText(row.reason) : '' };
}

/** One change as a line: 户口性质：农业 → 非农业 (or 户口性质：农业 for a creation). */
export function changeLine(c: AuditChange): string {
  return c.from ? `${c.field}：${c.from} → ${c.to}` : `${c.field}：${c.to}`;
}

/** The whole row on one line (the card's timeline, exports): the sentence or the changes, then the reason. */
export function auditSummary(action: string, before: unknown, after: unknown, reason: string | null): string {
  const d = describeAudit({ action, before, after, reason });
  const text = d.summary || d.changes.map(changeLine).join('；');
  return [text, d.reason ? `原因：${d.reason}` : ''].filter(Boolean).join('　');
}
