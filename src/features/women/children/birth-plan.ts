/**
 * What a birth (or an edited child) means for the card's children: the order each child should have (twins
 * share one), the policy status proposed by the couple-level rules in use (src/domain/birth-policy.ts), and the checks a clerk's own entries must
 * pass (an order that disagrees with the dates; an override of the proposal without a permit or a reason; 不符合
 * 政策 beside a permit without a reason). A permit with no status chosen saves the birth as 符合政策.
 */
import { proposePolicy, type CoupleFacts, type PolicyRule } from '../../../domain/birth-policy.ts';
import { decidePolicyStatus, proposeBirthOrders } from '../../../domain/births.ts';
import { POLICY_STATUS, label, type PolicyStatus, type Sex, type VitalStatus } from '../../../domain/codes.ts';
import { ValidationError } from '../../../errors.ts';
import type { ChildRow } from '../cards/rows.ts';

export interface ChildEntry {
  name?: string;
  sex: Sex;
  birth_date: string;
  birth_order?: number;
  policy_status?: PolicyStatus;
  permit_no?: string;
  policy_reason?: string;
  vital_status: VitalStatus;
  disability_grade?: number;
  death_date?: string;
}

export interface PlannedChild {
  entry: ChildEntry;
  birth_order: number;
  policy_status: PolicyStatus;
  policy_proposed: PolicyStatus;
  explanation: string;
}

/** The rules the county decides with and what the conditions read about the couple (her children aside). */
export interface PolicyContext {
  rules: PolicyRule[];
  couple: Omit<CoupleFacts, 'children'>;
}

export interface BirthPlan {
  planned: PlannedChild[];
  /** Existing children whose order moves because of the new dates. */
  renumber: { id: number; birth_order: number }[];
}

/** Field checks of one child entry that need no other record (vital status details). */
export function checkChildEntry(e: ChildEntry): void {
  if (e.vital_status === 'deceased' && !e.death_date) throw ValidationError.field('death_date', '子女已死亡，请填写死亡日期');
  if (e.vital_status !== 'deceased' && e.death_date) throw ValidationError.field('death_date', '只有健康状况为“死亡”时才填写死亡日期');
  if (e.vital_status === 'disabled' && !e.disability_grade) throw ValidationError.field('disability_grade', '伤残子女请选择伤残等级');
  if (e.vital_status !== 'disabled' && e.disability_grade) throw ValidationError.field('disability_grade', '只有健康状况为“伤残”时才填写伤残等级');
}

/**
 * Plan the children of a card after adding `entries` (new) and/or replacing one existing child (`replacing`).
 * Throws a field error when an entered order or policy status cannot stand.
 */
export function planBirth(existing: ChildRow[], entries: ChildEntry[], policy: PolicyContext, replacing?: number): BirthPlan {
  const kept = existing.filter((c) => c.id !== replacing);
  const all: { birth_date: string }[] = [...kept, ...entries];
  const orders = proposeBirthOrders(all);
  const planned = entries.map((entry, i) => {
    checkChildEntry(entry);
    const order = orders[kept.length + i];
    if (entry.birth_order !== undefined && entry.birth_order !== order) {
      throw ValidationError.field('birth_order', `按出生日期排列，该子女应为第 ${order} 孩（双胞胎同孩次），不是第 ${entry.birth_order} 孩`);
    }
    const others = [...kept, ...entries.filter((e) => e !== entry)].map((c) => ({ birth_date: c.birth_date, sex: c.sex }));
    const proposal = proposePolicy(policy.rules, { ...policy.couple, children: others }, entry.birth_date, order);
    const decision = decidePolicyStatus(proposal.status, entry);
    const status = decision.status;
    if (!decision.ok && decision.problem === 'permit_unexplained') {
      throw ValidationError.field('policy_reason', `已填写生育证号，持证生育应为“${label(POLICY_STATUS, 'compliant')}”；如仍判定为“${label(POLICY_STATUS, status)}”，请说明理由`);
    }
    if (!decision.ok) {
      throw ValidationError.field('policy_reason', `系统建议为“${label(POLICY_STATUS, proposal.status)}”（${proposal.explanation}）；改为“${label(POLICY_STATUS, status)}”须填写生育证号或说明理由`);
    }
    return { entry, birth_order: order, policy_status: status, policy_proposed: proposal.status, explanation: proposal.explanation };
  });
  const renumber = kept
    .map((c, i) => ({ id: c.id, birth_order: orders[i], was: c.birth_order }))
    .filter((c) => c.birth_order !== c.was)
    .map(({ id, birth_order }) => ({ id, birth_order }));
  return { planned, renumber };
}

export function childRowValues(p: PlannedChild) {
  return {
    name: p.entry.name ?? null,
    sex: p.entry.sex,
    birth_date: p.entry.birth_date,
    birth_order: p.birth_order,
    policy_status: p.policy_status,
    policy_proposed: p.policy_proposed,
    policy_reason: p.entry.policy_reason ?? null,
    permit_no: p.entry.permit_no ?? null,
    vital_status: p.entry.vital_status,
    disability_grade: p.entry.disability_grade ?? null,
    death_date: p.entry.death_date ?? null,
  };
}
