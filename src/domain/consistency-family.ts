/**
 * Rules about children and pregnancies (DESIGN §5; domain-notes C5, C6, C13): plausible birth dates, birth
 * order by date with twins sharing one, six months between deliveries, one ongoing pregnancy that a birth or an
 * abortion closes, and no pregnancy left open past 43 weeks.
 */
import { deliveries, farEnoughApart, MIN_BIRTH_INTERVAL_MONTHS, MIN_MOTHER_AGE_AT_BIRTH, motherOldEnough, proposeBirthOrders, sameDelivery } from './births.ts';
import { finding, type ChildFacts, type Finding, type PregnancyFacts, type Rule } from './consistency-core.ts';
import { addDays, daysBetween } from './dates.ts';
import { POLICY_STATUS, PREGNANCY_OUTCOME, label } from './codes.ts';

export const PREGNANCY_MAX_DAYS = 43 * 7;
const ABORTION_SERVICES = ['surgical_abortion', 'medical_abortion', 'induced_labour'];

export function childLabel(c: ChildFacts): string {
  return `第${c.birth_order}孩${c.name ? ` ${c.name}` : ''}（${c.birth_date}出生）`;
}

/** When a pregnancy began, as far as the card knows: the LMP, else the day it was found. */
export function pregnancyStart(p: PregnancyFacts): string {
  return p.lmp_date ?? p.found_on;
}

function pregnancyLabel(p: PregnancyFacts): string {
  return p.lmp_date ? `末次月经 ${p.lmp_date} 的孕情` : `${p.found_on} 发现的孕情`;
}

/**
 * E: born when the mother was at least 14, and not in the future. A child born on or before the mother's own
 * birth date is said as such ("the mother was under 14" would send the clerk looking at the wrong date).
 */
export const childBirthDate: Rule = ({ woman, children }, today) => {
  const out: Finding[] = [];
  for (const c of children) {
    if (c.birth_date > today) out.push(finding('child_birth_date', `${childLabel(c)}的出生日期晚于今天`, 'birth_date'));
    else if (c.birth_date <= woman.birth_date) {
      out.push(
        finding(
          'child_birth_date',
          `${childLabel(c)}的出生日期${c.birth_date < woman.birth_date ? '早于' : '与'}母亲本人的出生日期 ${woman.birth_date}${c.birth_date < woman.birth_date ? '' : '相同'}，请核对两个日期`,
          'birth_date',
        ),
      );
    } else if (!motherOldEnough(woman.birth_date, c.birth_date)) {
      out.push(finding('child_birth_date', `${childLabel(c)}出生时母亲未满 ${MIN_MOTHER_AGE_AT_BIRTH} 周岁（母亲 ${woman.birth_date} 出生）`, 'birth_date'));
    }
  }
  return out;
};

/** E: a death date lies between the birth and today. */
export const childVitalDates: Rule = ({ children }, today) =>
  children
    .filter((c) => c.death_date && (c.death_date < c.birth_date || c.death_date > today))
    .map((c) => finding('child_vital_dates', `${childLabel(c)}的死亡日期 ${c.death_date} 不在出生日期与今天之间`, 'death_date'));

/** E: birth orders run 1..n by birth date; twins share one. */
export const birthOrderSequence: Rule = ({ children }) => {
  const expected = proposeBirthOrders(children);
  return children
    .map((c, i) => ({ c, want: expected[i] }))
    .filter(({ c, want }) => c.birth_order !== want)
    .map(({ c, want }) => finding('birth_order_sequence', `${childLabel(c)}按出生日期应为第 ${want} 孩`, 'birth_order'));
};

/** E: two deliveries of one mother are at least six months apart (twins are one delivery). */
export const birthSpacing: Rule = ({ children }) => {
  const out: Finding[] = [];
  const groups = deliveries(children);
  for (let i = 1; i < groups.length; i++) {
    const prev = groups[i - 1][groups[i - 1].length - 1];
    const next = groups[i][0];
    if (!farEnoughApart(prev.birth_date, next.birth_date)) {
      out.push(finding('birth_spacing', `${childLabel(next)}与${childLabel(prev)}出生间隔不足 ${MIN_BIRTH_INTERVAL_MONTHS} 个月（双胞胎请填同一出生日期）`, 'birth_date'));
    }
  }
  return out;
};

/** E: a policy status other than the one the system proposed needs a permit number or a written reason. */
export const policyOverride: Rule = ({ children }) =>
  children
    .filter((c) => c.policy_proposed && c.policy_proposed !== c.policy_status && !c.permit_no?.trim() && !c.policy_reason?.trim())
    .map((c) =>
      finding(
        'policy_override_unexplained',
        `${childLabel(c)}的政策属性由系统建议的“${label(POLICY_STATUS, c.policy_proposed)}”改为“${label(POLICY_STATUS, c.policy_status)}”，须填写生育证号或说明理由`,
        'policy_reason',
      ),
    );

/** E: 不符合政策 beside a permit number needs a written reason (a permit makes a birth 符合政策). */
export const policyPermitUnexplained: Rule = ({ children }) =>
  children
    .filter((c) => c.policy_status === 'non_compliant' && c.permit_no?.trim() && !c.policy_reason?.trim())
    .map((c) =>
      finding(
        'policy_permit_unexplained',
        `${childLabel(c)}登记了生育证号 ${c.permit_no!.trim()}，政策属性却为“${label(POLICY_STATUS, 'non_compliant')}”；持证生育应为“${label(POLICY_STATUS, 'compliant')}”，否则须说明理由`,
        'policy_reason',
      ),
    );

/** E: at most one ongoing pregnancy. */
export const oneOngoingPregnancy: Rule = ({ pregnancies }) => {
  const ongoing = pregnancies.filter((p) => p.outcome === 'ongoing');
  return ongoing.length > 1 ? [finding('pregnancy_multiple_ongoing', `同时有 ${ongoing.length} 个妊娠中的孕情（${ongoing.map(pregnancyLabel).join('、')}），最多只能有一个`, 'found_on')] : [];
};

/** E: LMP before the finding (by at most 43 weeks), outcome on or after it, nothing in the future. */
export const pregnancyDates: Rule = ({ pregnancies }, today) => {
  const out: Finding[] = [];
  for (const p of pregnancies) {
    const name = pregnancyLabel(p);
    if (p.found_on > today) out.push(finding('pregnancy_dates', `${name}的发现日期晚于今天`, 'found_on'));
    if (p.lmp_date && p.lmp_date > p.found_on) out.push(finding('pregnancy_dates', `${name}：末次月经 ${p.lmp_date} 晚于发现日期 ${p.found_on}`, 'lmp_date'));
    if (p.lmp_date && daysBetween(p.lmp_date, p.found_on) > PREGNANCY_MAX_DAYS) {
      out.push(finding('pregnancy_dates', `${name}：末次月经 ${p.lmp_date} 比发现日期 ${p.found_on} 早了 43 周以上`, 'lmp_date'));
    }
    if (p.outcome_date && p.outcome_date < p.found_on) out.push(finding('pregnancy_dates', `${name}：结局日期 ${p.outcome_date} 早于发现日期`, 'outcome_date'));
    if (p.outcome_date && p.outcome_date > today) out.push(finding('pregnancy_dates', `${name}：结局日期 ${p.outcome_date} 晚于今天`, 'outcome_date'));
  }
  return out;
};

/** E: a pregnancy is found only after the previous one ended. */
export const pregnancyOverlap: Rule = ({ pregnancies }) => {
  const out: Finding[] = [];
  const sorted = [...pregnancies].sort((a, b) => (a.found_on < b.found_on ? -1 : a.found_on > b.found_on ? 1 : 0));
  for (let i = 1; i < sorted.length; i++) {
    const prev = sorted[i - 1];
    const next = sorted[i];
    if (prev.outcome_date && next.found_on <= prev.outcome_date) {
      out.push(finding('pregnancy_overlap', `${pregnancyLabel(next)}发现于上一次孕情结束（${prev.outcome_date}）之前`, 'found_on'));
    }
  }
  return out;
};

/** E: a birth after an ongoing pregnancy began means that pregnancy ended (a live birth closes it). */
export const birthClosesPregnancy: Rule = ({ children, pregnancies }) => {
  const out: Finding[] = [];
  for (const p of pregnancies.filter((x) => x.outcome === 'ongoing')) {
    const born = children.filter((c) => c.birth_date >= pregnancyStart(p));
    if (born.length > 0) {
      out.push(finding('birth_during_open_pregnancy', `${childLabel(born[0])}，但${pregnancyLabel(p)}仍为妊娠中：登记出生应同时结束该孕情`, 'birth_date'));
    }
  }
  return out;
};

/** E: a pregnancy that ended in a live birth has its child(ren) on the card, born on the outcome date. */
export const liveBirthHasChild: Rule = ({ children, pregnancies }) =>
  pregnancies
    .filter((p) => p.outcome === 'live_birth' && p.outcome_date && !children.some((c) => sameDelivery(c.birth_date, p.outcome_date!)))
    .map((p) => finding('live_birth_without_child', `${pregnancyLabel(p)}以活产结束（${p.outcome_date}），但没有登记当日出生的子女`, 'outcome'));

/** E: an abortion or induced labour closes the pregnancy it ended (when the card knows the services). */
export const abortionClosesPregnancy: Rule = ({ pregnancies, services }) => {
  const out: Finding[] = [];
  for (const p of pregnancies.filter((x) => x.outcome === 'ongoing')) {
    const s = (services ?? []).find((x) => ABORTION_SERVICES.includes(x.kind) && x.performed_on >= pregnancyStart(p));
    if (s) out.push(finding('abortion_pregnancy_open', `${s.performed_on} 已做${label(PREGNANCY_OUTCOME, s.kind)}，但${pregnancyLabel(p)}仍为妊娠中`, 'outcome'));
  }
  return out;
};

/** W: an ongoing pregnancy older than 43 weeks (it must have ended: record the outcome). */
export const pregnancyOverdue: Rule = ({ pregnancies }, today) =>
  pregnancies
    .filter((p) => p.outcome === 'ongoing' && addDays(pregnancyStart(p), PREGNANCY_MAX_DAYS) < today)
    .map((p) => finding('pregnancy_overdue', `${pregnancyLabel(p)}已 ${Math.floor(daysBetween(pregnancyStart(p), today) / 7)} 周仍为妊娠中，请登记结局`, 'outcome'));

export const familyRules: readonly Rule[] = [
  childBirthDate,
  childVitalDates,
  birthOrderSequence,
  birthSpacing,
  policyOverride,
  policyPermitUnexplained,
  oneOngoingPregnancy,
  pregnancyDates,
  pregnancyOverlap,
  birthClosesPregnancy,
  liveBirthHasChild,
  abortionClosesPregnancy,
  pregnancyOverdue,
];
