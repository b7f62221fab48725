/**
 * The card's timeline (UI.md): everything that happened to her, newest first, with who recorded it. Built from
 * the records themselves (so imported and demo history shows too) plus the audit rows of edits, exits and
 * re-activations that have no record of their own.
 */
import type { Knex } from 'knex';
import { CERTIFICATE_KIND, EPISODE_END_REASON, EXIT_REASON, METHOD, PREGNANCY_OUTCOME, SERVICE_KIND, SEX, TRANSFER_STATUS, label } from '../../../domain/codes.ts';
import { auditActionLabel } from '../../../domain/audit-actions.ts';
import { chinaDate } from '../../../domain/dates.ts';
import type { AuditRow } from '../../audit/service.ts';
import { userNames } from '../cards/queries.ts';
import { CARD_FIELD_LABELS } from '../cards/schemas.ts';
import type { CardData } from '../snapshot/queries.ts';
import type { TransferListRow } from '../transfers/queries.ts';

export interface TimelineEvent {
  date: string;
  kind: 'birth' | 'pregnancy' | 'method' | 'service' | 'move' | 'certificate' | 'card';
  title: string;
  detail?: string;
  by?: string | null;
  /** Tie-break inside a day: later entries first. */
  seq: number;
}

const CARD_ACTIONS = new Set(['card.create', 'card.update', 'card.exit', 'card.reactivate', 'card.transfer_request']);

export async function buildTimeline(db: Knex, data: CardData, transfers: TransferListRow[], audit: (Omit<AuditRow, 'region_name'> & { by?: string | null })[]): Promise<TimelineEvent[]> {
  const ids: (number | null)[] = [];
  for (const list of [data.children, data.pregnancies, data.episodes, data.certificates, data.services]) {
    for (const r of list as { created_by: number | null }[]) ids.push(r.created_by);
  }
  const users = await userNames(db, ids);
  const who = (id: number | null) => (id ? (users.get(id) ?? null) : null);
  const out: TimelineEvent[] = [];
  let seq = 0;
  const push = (e: Omit<TimelineEvent, 'seq'>) => out.push({ ...e, seq: seq++ });

  for (const c of data.children) {
    push({ date: c.birth_date, kind: 'birth', title: `生育第${c.birth_order}孩${c.name ? ` ${c.name}` : ''}（${label(SEX, c.sex)}）`, by: who(c.created_by) });
  }
  for (const p of data.pregnancies) {
    push({
      date: p.found_on,
      kind: 'pregnancy',
      title: p.contraceptive_failure ? '发现孕情（避孕失败）' : '发现孕情',
      detail: p.lmp_date ? `末次月经 ${p.lmp_date}` : undefined,
      by: who(p.created_by),
    });
    if (p.outcome_date) push({ date: p.outcome_date, kind: 'pregnancy', title: `妊娠结局：${label(PREGNANCY_OUTCOME, p.outcome)}`, by: who(p.created_by) });
  }
  for (const e of data.episodes) {
    push({ date: e.started_on, kind: 'method', title: `开始措施：${label(METHOD, e.method)}`, by: who(e.created_by) });
    if (e.ended_on) push({ date: e.ended_on, kind: 'method', title: `结束措施：${label(METHOD, e.method)}（${label(EPISODE_END_REASON, e.end_reason)}）`, by: who(e.created_by) });
  }
  for (const s of data.services) {
    push({ date: s.performed_on, kind: 'service', title: `技术服务：${label(SERVICE_KIND, s.kind)}`, detail: s.facility ?? undefined, by: who(s.created_by) });
  }
  for (const c of data.certificates) {
    push({ date: c.issued_on, kind: 'certificate', title: `领取${label(CERTIFICATE_KIND, c.kind)}（${c.number}）`, by: who(c.created_by) });
    if (c.revoked_on) push({ date: c.revoked_on, kind: 'certificate', title: `注销${label(CERTIFICATE_KIND, c.kind)}`, detail: c.revoke_reason ?? undefined });
  }
  for (const t of [...transfers].reverse()) {
    const where = `${t.from_township === t.to_township ? '' : `${t.from_township} `}${t.from_village} → ${t.from_township === t.to_township ? '' : `${t.to_township} `}${t.to_village}`;
    push({ date: t.moved_on, kind: 'move', title: `迁移：${where}`, detail: label(TRANSFER_STATUS, t.status), by: t.created_by_name });
  }
  for (const a of [...audit].reverse()) {
    if (!CARD_ACTIONS.has(a.action)) continue;
    const after = (a.after ?? {}) as Record<string, unknown>;
    let detail: string | undefined;
    if (a.action === 'card.update')
      detail = `修改：${Object.keys(after)
        .filter((k) => k !== 'version')
        .map((k) => CARD_FIELD_LABELS[k] ?? k)
        .join('、')}`;
    if (a.action === 'card.exit') detail = `${label(EXIT_REASON, String(after.exit_reason ?? ''))}${a.reason ? `：${a.reason}` : ''}`;
    if (a.action === 'card.reactivate') detail = a.reason ?? undefined;
    push({ date: chinaDate(new Date(a.created_at)), kind: 'card', title: auditActionLabel(a.action), detail, by: a.by ?? a.username });
  }
  return out.sort((x, y) => (x.date < y.date ? 1 : x.date > y.date ? -1 : y.seq - x.seq));
}
