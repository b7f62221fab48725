/**
 * Birth policy as dated rules with a condition on the couple (DESIGN §4, §5; GLOSSARY 政策属性). A rule set (the
 * national history, a province's regulations) is a list of rules; each says from when to when, under which
 * condition (双独, 单独, 农村一孩为女孩, 再婚, 少数民族, or none) and for whom (城乡, 农村, 城镇), how many children a
 * couple may have. The proposal for a birth takes the rules in force on the birth date in the county's set plus
 * the national rules without a condition (a province never allows fewer than the nation), keeps those whose
 * condition holds for the couple, and allows the highest number among them.
 *
 * Facts are three-valued: an unknown fact (本人是否独生子女 not filled in) makes a condition false, and the
 * explanation then names the fact that would change the answer, so the clerk can complete the card.
 */
import { deliveries, sameDelivery } from './births.ts';
import type { IsoDate } from './dates.ts';
import type { PolicyAppliesTo, PolicyCondition, PolicyStatus } from './codes.ts';

export const NATIONAL_RULE_SET = 'national';

export interface PolicyRule {
  rule_set_code: string;
  /** The set's name, for the explanation (国家政策, 示例省人口与计划生育条例). */
  rule_set_name: string;
  effective_from: IsoDate;
  effective_to: IsoDate | null;
  condition: PolicyCondition;
  applies_to: PolicyAppliesTo;
  children_allowed: number;
  citation: string;
}

/** What the conditions read about a couple; null is 不详. */
export interface CoupleFacts {
  only_child: boolean | null;
  spouse_only_child: boolean | null;
  hukou_kind: string;
  ethnicity: string;
  marital_status: string;
  marriage_date: IsoDate | null;
  /** Her children other than the birth being decided (born before it count as earlier children). */
  children: readonly { birth_date: IsoDate; sex: string }[];
}

export interface PolicyDecisionProposal {
  status: PolicyStatus;
  /** The rule that allows the most children among those that hold (none before the first national rule). */
  rule?: PolicyRule;
  /** Children allowed on the birth date; null when no rule was in force (no limit). */
  allowed: number | null;
  /** Why, in Chinese, naming the rule and the couple's fact, and what a missing fact would change. */
  explanation: string;
}

type Truth = 'yes' | 'no' | 'unknown';

const and = (a: Truth, b: Truth): Truth => (a === 'no' || b === 'no' ? 'no' : a === 'yes' && b === 'yes' ? 'yes' : 'unknown');
const or = (a: Truth, b: Truth): Truth => (a === 'yes' || b === 'yes' ? 'yes' : a === 'no' && b === 'no' ? 'no' : 'unknown');
const truth = (v: boolean | null | undefined): Truth => (v == null ? 'unknown' : v ? 'yes' : 'no');

/** 农业 is rural, 非农业 urban; a unified 居民 hukou says neither. */
function isRural(c: CoupleFacts): Truth {
  return c.hukou_kind === 'agricultural' ? 'yes' : c.hukou_kind === 'non_agricultural' ? 'no' : 'unknown';
}
function isUrban(c: CoupleFacts): Truth {
  return c.hukou_kind === 'non_agricultural' ? 'yes' : c.hukou_kind === 'agricultural' ? 'no' : 'unknown';
}

/** Her first delivery before the birth date was of girls only (no earlier child: no). */
function firstChildGirl(c: CoupleFacts, birthDate: IsoDate): Truth {
  const earlier = deliveries(c.children.filter((k) => k.birth_date < birthDate && !sameDelivery(k.birth_date, birthDate)));
  if (earlier.length === 0) return 'no';
  return earlier[0].every((k) => k.sex === 'female') ? 'yes' : 'no';
}

function conditionHolds(condition: PolicyCondition, c: CoupleFacts, birthDate: IsoDate): Truth {
  switch (condition) {
    case 'none':
      return 'yes';
    case 'both_only_children':
      return and(truth(c.only_child), truth(c.spouse_only_child));
    case 'one_only_child':
      return or(truth(c.only_child), truth(c.spouse_only_child));
    case 'rural_first_girl':
      return firstChildGirl(c, birthDate);
    case 'remarried': {
      if (c.marital_status !== 'remarried') return 'no';
      if (!c.marriage_date) return 'unknown';
      const before = c.children.filter((k) => k.birth_date < c.marriage_date!).length;
      return before <= 1 ? 'yes' : 'no';
    }
    case 'ethnic_minority':
      return c.ethnicity !== '' && c.ethnicity !== '汉族' ? 'yes' : 'no';
  }
}

function appliesTo(rule: PolicyRule, c: CoupleFacts): Truth {
  return rule.applies_to === 'rural' ? isRural(c) : rule.applies_to === 'urban' ? isUrban(c) : 'yes';
}

export function ruleHolds(rule: PolicyRule, c: CoupleFacts, birthDate: IsoDate): Truth {
  return and(conditionHolds(rule.condition, c, birthDate), appliesTo(rule, c));
}

export function ruleInForce(rule: PolicyRule, date: IsoDate): boolean {
  return rule.effective_from <= date && (rule.effective_to === null || date <= rule.effective_to);
}

/** The rules a county using `setCode` decides with: its set's rules and the national rules without a condition. */
export function rulesInUse(all: readonly PolicyRule[], setCode: string): PolicyRule[] {
  return all.filter((r) => r.rule_set_code === setCode || (r.rule_set_code === NATIONAL_RULE_SET && r.condition === 'none'));
}

/** The phrase of a condition in an explanation (the couple's fact). */
const CONDITION_PHRASE: Record<PolicyCondition, string> = {
  none: '',
  both_only_children: '夫妻双方均为独生子女',
  one_only_child: '夫妻一方为独生子女',
  rural_first_girl: '农村一孩为女孩',
  remarried: '再婚夫妻（女方婚前子女不超过一个）',
  ethnic_minority: '少数民族',
};

/** What to fill in on the card for an unknown fact of a condition. */
const MISSING_FACT: Record<PolicyCondition, string> = {
  none: '',
  both_only_children: '“本人是否独生子女”和“配偶是否独生子女”',
  one_only_child: '“本人是否独生子女”和“配偶是否独生子女”',
  rural_first_girl: '户口性质（农业/非农业）',
  remarried: '结婚日期',
  ethnic_minority: '户口性质（农业/非农业）',
};

function whom(rule: PolicyRule): string {
  const place = rule.applies_to === 'rural' ? '农村' : rule.applies_to === 'urban' ? '城镇' : '';
  const phrase = CONDITION_PHRASE[rule.condition];
  return phrase.startsWith(place) ? phrase : `${place}${phrase}`;
}

export function ruleSentence(rule: PolicyRule): string {
  if (rule.condition === 'none') return `按 ${rule.effective_from} 起施行的${rule.rule_set_name}可生育 ${rule.children_allowed} 个孩子`;
  return `按${rule.rule_set_name}（${rule.effective_from} 起施行），${whom(rule)}可生育 ${rule.children_allowed} 个孩子`;
}

/**
 * The proposed policy status of a birth of order `birthOrder` on `birthDate` for this couple. `rules` are the
 * rules in use (rulesInUse): whichever of them is in force on the date and holds for the couple allows the most.
 */
export function proposePolicy(rules: readonly PolicyRule[], couple: CoupleFacts, birthDate: IsoDate, birthOrder: number): PolicyDecisionProposal {
  const inForce = rules.filter((r) => ruleInForce(r, birthDate));
  if (inForce.length === 0) return { status: 'compliant', allowed: null, explanation: `${birthDate} 时尚无生育数量限制，本次为第 ${birthOrder} 孩` };
  let best: PolicyRule | undefined;
  for (const r of inForce) {
    if (ruleHolds(r, couple, birthDate) !== 'yes') continue;
    if (!best || r.children_allowed > best.children_allowed || (r.children_allowed === best.children_allowed && best.condition !== 'none' && r.condition === 'none')) best = r;
  }
  if (!best) {
    // Only conditioned rules in force and none holds: no general limit applies either (a set without its base).
    return { status: 'compliant', allowed: null, explanation: `${birthDate} 时没有适用于该夫妻的生育数量规定，本次为第 ${birthOrder} 孩` };
  }
  const status: PolicyStatus = birthOrder <= best.children_allowed ? 'compliant' : 'non_compliant';
  let explanation = `${ruleSentence(best)}，本次为第 ${birthOrder} 孩`;
  if (status === 'non_compliant') {
    const hints = inForce
      .filter((r) => r.children_allowed >= birthOrder && ruleHolds(r, couple, birthDate) === 'unknown')
      .map((r) => `如${whom(r)}可生育 ${r.children_allowed} 个孩子，请在信息卡补填${MISSING_FACT[r.condition]}`);
    for (const hint of new Set(hints)) explanation += `；${hint}`;
  }
  return { status, rule: best, allowed: best.children_allowed, explanation };
}

/** A couple of whom nothing beyond the birth dates is known (the national rules need no more). */
export function unknownCouple(children: CoupleFacts['children'] = []): CoupleFacts {
  return { only_child: null, spouse_only_child: null, hukou_kind: '', ethnicity: '汉族', marital_status: 'first_marriage', marriage_date: null, children };
}
