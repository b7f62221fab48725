/** One line of Chinese per audit row of a card, for the card page's 修改记录 (the raw JSON stays in /audit). */
import { CERTIFICATE_KIND, EPISODE_END_REASON, EXIT_REASON, METHOD, PREGNANCY_OUTCOME, SEX, label } from '../../../domain/codes.ts';
import { FLOATING_EVENT, MARITAL_EVENT } from '../../../domain/status-history.ts';
import { HUKOU_KIND } from '../../../domain/codes.ts';
import { CARD_FIELD_LABELS } from '../cards/schemas.ts';

type Json = Record<string, unknown>;
const s = (v: unknown) => (v == null || v === '' ? '（空）' : String(v));
/** A card field's value as the form shows it (本人/配偶是否独生子女 are 是/否/不详). */
const YES_NO_FIELDS = new Set(['only_child', 'spouse_only_child']);
const cardValue = (k: string, v: unknown) => (YES_NO_FIELDS.has(k) ? (v == null || v === '' ? '不详' : String(v) === 'true' ? '是' : '否') : s(v));

/** 离婚 / 流出 / 户口性质改为居民 …: one status-history event in words. */
function historyEventLabel(history: string, kind: string): string {
  if (history === 'marital') return label(MARITAL_EVENT, kind);
  if (history === 'floating') return label(FLOATING_EVENT, kind);
  return `${history === 'hukou_spouse' ? '配偶' : ''}户口性质改为${label(HUKOU_KIND, kind)}`;
}

export function auditSummary(action: string, before: Json | null, after: Json | null, reason: string | null): string {
  const a = after ?? {};
  const b = before ?? {};
  let text = '';
  switch (action) {
    case 'card.update':
      text = Object.keys(a)
        .filter((k) => k !== 'version')
        .map((k) => `${CARD_FIELD_LABELS[k] ?? k}：${cardValue(k, b[k])} → ${cardValue(k, a[k])}`)
        .join('；');
      break;
    case 'history.record':
      text = ((a.events as Json[] | undefined) ?? []).map((e) => `${historyEventLabel(String(e.history), String(e.kind))} ${s(e.effective_on)}`).join('；');
      break;
    case 'history.date':
      text = `${historyEventLabel(String(b.history), String(b.kind))}日期：${s(b.effective_on)} → ${s(a.effective_on)}`;
      break;
    case 'card.transfer':
    case 'card.transfer_send':
    case 'card.transfer_accept':
      text = `${s(b.village_name)} → ${a.township ? `${a.township} ` : ''}${s(a.village_name)}`;
      break;
    case 'card.transfer_request':
      text = `从 ${s(a.from_township)} ${s(a.from_village)} 迁入 ${s(a.village_name)}`;
      break;
    case 'card.exit':
      text = `${label(EXIT_REASON, String(a.exit_reason ?? ''))}，${s(a.exit_date)}`;
      break;
    case 'birth.record':
      text =
        ((a.children as Json[] | undefined) ?? []).map((c) => `第${s(c.birth_order)}孩${c.name ? ` ${c.name}` : ''}（${label(SEX, String(c.sex))}，${s(c.birth_date)}）`).join('、') +
        (a.pregnancy_closed ? '，孕情以活产结束' : '');
      break;
    case 'child.update':
      text = Object.keys(a)
        .filter((k) => k !== 'child_id' && k !== 'renumbered')
        .map((k) => `${k}：${s(b[k])} → ${s(a[k])}`)
        .join('；');
      break;
    case 'pregnancy.open':
      text = `${s(a.found_on)} 发现${a.contraceptive_failure ? '（避孕失败）' : ''}`;
      break;
    case 'pregnancy.close':
      text = `${label(PREGNANCY_OUTCOME, String(a.outcome ?? ''))}，${s(a.outcome_date)}`;
      break;
    case 'episode.open':
      text = `${label(METHOD, String(a.method ?? ''))}，${s(a.started_on)} 起`;
      break;
    case 'episode.close':
      text = `${label(METHOD, String(a.method ?? ''))}，${s(a.ended_on)} 止（${label(EPISODE_END_REASON, String(a.end_reason ?? ''))}）`;
      break;
    case 'certificate.issue':
    case 'certificate.revoke':
      text = `${label(CERTIFICATE_KIND, String(a.kind ?? ''))} ${s(a.number)}`;
      break;
  }
  return [text, reason ? `原因：${reason}` : ''].filter(Boolean).join('　');
}
