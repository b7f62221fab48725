/**
 * Types and the rule catalogue of the consistency rules (see consistency.ts). Kept apart from the runner so the
 * rule files can import it without an import cycle.
 */
import type { IsoDate } from './dates.ts';

export type Level = 'E' | 'W';

export interface WomanFacts {
  id_number: string;
  name: string;
  birth_date: IsoDate;
  status: string;
  marital_status: string;
  marriage_date?: IsoDate | null;
  early_marriage_note?: string | null;
  spouse_name?: string | null;
  spouse_id_number?: string | null;
  migrant_status: string;
  migrant_since?: IsoDate | null;
  migrant_verified_on?: IsoDate | null;
}

export interface ChildFacts {
  id?: number;
  name?: string | null;
  sex: string;
  birth_date: IsoDate;
  birth_order: number;
  policy_status: string;
  policy_proposed?: string | null;
  policy_reason?: string | null;
  permit_no?: string | null;
  vital_status: string;
  death_date?: IsoDate | null;
}

export interface PregnancyFacts {
  id?: number;
  lmp_date?: IsoDate | null;
  found_on: IsoDate;
  outcome: string;
  outcome_date?: IsoDate | null;
  contraceptive_failure: boolean;
}

export interface EpisodeFacts {
  id?: number;
  method: string;
  started_on: IsoDate;
  ended_on?: IsoDate | null;
  end_reason?: string | null;
  due_on?: IsoDate | null;
}

export interface CertificateFacts {
  id?: number;
  kind: string;
  number: string;
  issued_on: IsoDate;
  expires_on?: IsoDate | null;
  revoked_on?: IsoDate | null;
}

export interface ServiceFacts {
  id?: number;
  kind: string;
  performed_on: IsoDate;
}

/** Another active card with the same ID number (filled in by the service when it looked). */
export interface DuplicateFacts {
  woman_id: number;
  township_name: string;
  village_name: string;
}

export interface CardSnapshot {
  woman: WomanFacts;
  children: ChildFacts[];
  pregnancies: PregnancyFacts[];
  episodes: EpisodeFacts[];
  certificates: CertificateFacts[];
  services?: ServiceFacts[];
  duplicates?: DuplicateFacts[];
}

export interface Finding {
  rule: RuleKey;
  level: Level;
  /** Chinese, names the conflict ("第2孩（2019-03-01）与第1孩（2018-12-01）出生间隔不足6个月"). */
  message: string;
  /** The form field to fix, when there is one (a field of the form whose save produced it). */
  field?: string;
}

export type Rule = (s: CardSnapshot, today: IsoDate) => Finding[];

/** Every rule key with its level and the label shown on the exception list. Keys are stored in data_findings. */
export const RULES = {
  id_number_invalid: { level: 'E', label: '身份证号无效' },
  id_birth_date_mismatch: { level: 'E', label: '出生日期与身份证号不符' },
  id_not_female: { level: 'E', label: '身份证号性别不是女性' },
  duplicate_active_card: { level: 'E', label: '重复建卡' },
  spouse_id_invalid: { level: 'E', label: '配偶身份证号有误' },
  marriage_dates: { level: 'E', label: '婚姻状况与结婚日期矛盾' },
  marriage_age: { level: 'E', label: '结婚时未满20周岁' },
  child_birth_date: { level: 'E', label: '子女出生日期不合理' },
  child_vital_dates: { level: 'E', label: '子女死亡日期有误' },
  birth_order_sequence: { level: 'E', label: '孩次与出生顺序不符' },
  birth_spacing: { level: 'E', label: '两次生育间隔不足6个月' },
  policy_override_unexplained: { level: 'E', label: '政策属性改动无依据' },
  policy_permit_unexplained: { level: 'E', label: '持生育证却为不符合政策且无说明' },
  pregnancy_multiple_ongoing: { level: 'E', label: '同时有多个妊娠中孕情' },
  pregnancy_dates: { level: 'E', label: '孕情日期有误' },
  pregnancy_overlap: { level: 'E', label: '孕情时间重叠' },
  birth_during_open_pregnancy: { level: 'E', label: '已生育但孕情未结束' },
  live_birth_without_child: { level: 'E', label: '活产未登记子女' },
  abortion_pregnancy_open: { level: 'E', label: '流引产后孕情未结束' },
  removal_without_method: { level: 'E', label: '取环/取皮埋时无在用措施' },
  method_overlap: { level: 'E', label: '同时有多项避孕措施' },
  episode_dates: { level: 'E', label: '避孕措施日期有误' },
  after_sterilization: { level: 'E', label: '绝育后又有其他措施' },
  pregnancy_method_unmarked: { level: 'E', label: '带措施怀孕未标记避孕失败' },
  pregnant_with_method: { level: 'E', label: '妊娠中仍有在用措施' },
  early_marriage: { level: 'W', label: '早婚（已记录说明）' },
  spouse_missing: { level: 'W', label: '已婚未登记配偶' },
  pregnancy_overdue: { level: 'W', label: '孕情超过43周未结束' },
  should_adopt: { level: 'W', label: '已婚未避孕（应措）' },
  outflow_unverified: { level: 'W', label: '流出超过6个月未核实' },
  over_age: { level: 'W', label: '已满50周岁仍在册' },
  iud_overdue: { level: 'W', label: '节育器/皮埋已到期' },
  glory_certificate_children: { level: 'W', label: '光荣证持证人有多个子女' },
  sterilized_no_children: { level: 'W', label: '无子女已绝育' },
} as const satisfies Record<string, { level: Level; label: string }>;

export type RuleKey = keyof typeof RULES;

export function finding(rule: RuleKey, message: string, field?: string): Finding {
  return field ? { rule, level: RULES[rule].level, message, field } : { rule, level: RULES[rule].level, message };
}
