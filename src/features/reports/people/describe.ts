/** How a record behind a count is described on the drill-down list (Chinese, from the code lists). */
import {
  BIRTH_MATCH,
  CHECK_STATUS,
  FLOATING_QUERY_KIND,
  FOLLOW_UP_LEVEL,
  GYN_RESULT,
  METHOD,
  PRECONCEPTION_RESULT,
  PRECONCEPTION_WHOSE,
  MIGRANT_STATUS,
  NO_METHOD_LABEL,
  POLICY_STATUS,
  PREGNANCY_OUTCOME,
  SATISFACTION,
  SERVICE_KIND,
  SEX,
  SHORT_ACTING_METHODS,
  SUBSIDY_PROGRAM,
  label,
} from '../../../domain/codes.ts';
import type { PersonRow } from '../engine/queries.ts';
import type { SourceName } from '../engine/sources.ts';

const ORDER = ['', '一孩', '二孩', '三孩', '四孩', '五孩'];

export function describeRecord(source: SourceName, r: PersonRow): string {
  switch (source) {
    case 'births':
    case 'births_previous':
      return [`出生 ${label(SEX, r.what)}`, ORDER[Number(r.birth_order)] ?? `${r.birth_order}孩`, label(POLICY_STATUS, r.policy_status as string)].join(' · ');
    case 'pregnancies':
      return `孕情（${label(PREGNANCY_OUTCOME, r.what)}）`;
    case 'procedures':
      return `${label(SERVICE_KIND, r.what)}${r.after_first_child ? ' · 一孩上环' : ''}`;
    case 'certificates':
      return `独生子女父母光荣证 ${r.what ?? ''}`;
    case 'marriages':
      return `初婚${r.at_23_or_older ? ' · 23岁及以上' : ''}`;
    case 'migration':
      return label(MIGRANT_STATUS, r.what);
    case 'follow_ups':
      return `${label(FOLLOW_UP_LEVEL, r.what)} · ${r.done_on ? `已随访 ${String(r.done_on)}` : '未随访'}`;
    case 'long_acting':
      return `${ORDER[Number(r.birth_order)] ?? `${String(r.birth_order)}孩`} ${String(r.birth_date)} 出生 · 期限 ${String(r.event_date)} · ${r.done ? '已落实' : '未落实'}`;
    case 'satisfaction':
      return `${r.kind === 'follow_up' ? '随访' : '技术服务'} ${String(r.event_date)} · ${label(SATISFACTION, r.what)}${r.satisfaction_note ? `（${String(r.satisfaction_note)}）` : ''}`;
    case 'stock': {
      if (!r.married) return '未婚或非在婚';
      if (!r.method) return NO_METHOD_LABEL;
      const method = label(METHOD, r.method as string);
      if (!(SHORT_ACTING_METHODS as readonly unknown[]).includes(r.method)) return method;
      return `${method} · ${r.supplied ? '期内领取过免费药具' : '期内未领取免费药具'}`;
    }
    case 'preconception': {
      const start = String(r.start_on) === String(r.married_on) ? `${String(r.married_on)} 结婚` : `${String(r.planned_on)} 登记计划怀孕`;
      return `${start} · ${r.checked ? '夫妇已检查' : '未全部检查'}`;
    }
    case 'preconception_checks':
      return `${label(PRECONCEPTION_WHOSE, r.whose as string)} · ${label(PRECONCEPTION_RESULT, r.what)}${r.referred ? ` · 已转诊${r.referred_to ? `（${String(r.referred_to)}）` : ''}` : ''}`;
    case 'check_rounds':
      return `${String(r.year)}年第${String(r.quarter)}季度 · ${label(CHECK_STATUS, r.what)}${r.includes_gyn_exam ? ` · 查病：${r.gyn_result ? label(GYN_RESULT, r.gyn_result as string) : '未查'}` : ''}`;
    case 'special_families':
      return `${r.what === 'loss' ? '失独家庭' : `伤残家庭（${String(r.disability_grade)}级）`} · ${r.has_file ? '已建档' : '未建档'}`;
    case 'special_family_care':
      return `${r.what === 'loss' ? '失独家庭' : '伤残家庭'} · ${String(r.opened_on)} 建档 · ${r.schedule_met ? '关怀已落实' : '关怀未落实'}`;
    case 'floating_queries':
      return `协查 ${label(FLOATING_QUERY_KIND, r.what)} · ${String(r.sent_on)} 发出 · 期限 ${String(r.event_date)} · ${r.answered_on ? `${String(r.answered_on)} 反馈${r.on_time ? '' : '（逾期）'}` : '未反馈'}`;
    case 'outside_births':
      return `院外名单出生 ${label(SEX, r.sex as string)} · ${label(BIRTH_MATCH, r.what)}`;
    case 'birth_timeliness':
      return `出生 ${String(r.event_date)} · 录入 ${String(r.entered_on)}`;
    case 'late': {
      const what = r.what === 'birth' ? '出生' : r.what === 'pregnancy' ? '孕情' : r.what === 'certificate' ? '领独生子女证' : label(SERVICE_KIND, r.what);
      return `补报：${what} ${String(r.occurred_on)}（该月验收后录入）`;
    }
    case 'record_quality': {
      const what = r.what === 'birth' ? '出生' : r.what === 'pregnancy' ? '孕情' : r.what === 'certificate' ? '领独生子女证' : label(SERVICE_KIND, r.what);
      const flagged = r.what === 'birth' ? '录入时无孕情记录' : '手术对象年龄不在15–49岁';
      const verdict = [r.late ? '补报' : '', r.flagged ? flagged : ''].filter(Boolean).join('、') || '按时准确';
      return `${what} ${String(r.occurred_on)} · ${verdict}`;
    }
    case 'eligibility_reviews':
      return `${label(SUBSIDY_PROGRAM, r.program as string)} · ${r.what === 'met' ? '仍符合条件' : r.what === 'unknown' ? '资料不全' : '不再符合条件'}`;
  }
}
