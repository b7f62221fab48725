/**
 * Birth policy as data (src/domain/birth-policy.ts): the rule sets and their rules, the county's choice of set
 * (changed by the admin with a reason, audited), and what a birth is decided with — the rules in use and the
 * couple's facts from her card. Stored children keep the status decided at entry; reports read that.
 */
import type { Knex } from 'knex';
import type { Actor } from '../../../auth/actor.ts';
import { NATIONAL_RULE_SET, rulesInUse, type PolicyRule } from '../../../domain/birth-policy.ts';
import { ValidationError } from '../../../errors.ts';
import { recordAudit } from '../../audit/service.ts';
import type { WomanRow } from '../cards/rows.ts';
import type { PolicyContext } from '../children/birth-plan.ts';
import * as q from './queries.ts';
import type { ChooseRuleSetValues } from './schemas.ts';

/** The code of the county's rule set ('national' until an admin chooses another). */
export async function chosenRuleSetCode(db: Knex): Promise<string> {
  return (await q.chosenRuleSet(db))?.value ?? NATIONAL_RULE_SET;
}

/** The rules births are decided with today: the chosen set's and the national rules without a condition. */
export async function policyRulesInUse(db: Knex): Promise<PolicyRule[]> {
  const [code, rules] = await Promise.all([chosenRuleSetCode(db), q.allRules(db)]);
  return rulesInUse(rules, code);
}

/** What the rules read about a couple, from her card (her children are added by the birth plan). */
export function coupleOf(w: Pick<WomanRow, 'only_child' | 'spouse_only_child' | 'hukou_kind' | 'ethnicity' | 'marital_status' | 'marriage_date'>): PolicyContext['couple'] {
  return {
    only_child: w.only_child,
    spouse_only_child: w.spouse_only_child,
    hukou_kind: w.hukou_kind,
    ethnicity: w.ethnicity,
    marital_status: w.marital_status,
    marriage_date: w.marriage_date,
  };
}

export async function policyContextOf(db: Knex, woman: WomanRow): Promise<PolicyContext> {
  return { rules: await policyRulesInUse(db), couple: coupleOf(woman) };
}

export interface RuleSetView extends q.RuleSetRow {
  rules: PolicyRule[];
  chosen: boolean;
}

/** The admin page: every set with its rules, the chosen one marked, and who chose it when. */
export async function birthPolicyPage(db: Knex) {
  const [sets, rules, setting] = await Promise.all([q.ruleSets(db), q.allRules(db), q.chosenRuleSet(db)]);
  const chosen = setting?.value ?? NATIONAL_RULE_SET;
  const views: RuleSetView[] = sets.map((s) => ({ ...s, rules: rules.filter((r) => r.rule_set_code === s.code), chosen: s.code === chosen }));
  return { sets: views, chosen, setting };
}

/** Choose the county's rule set; the reason goes in the audit row with the old and new set. */
export async function chooseRuleSet(db: Knex, actor: Actor, v: ChooseRuleSetValues): Promise<q.RuleSetRow> {
  return db.transaction(async (trx) => {
    const set = await q.ruleSetByCode(trx, v.rule_set);
    if (!set) throw ValidationError.field('rule_set', '生育政策规则集不是有效选项，请从列表中选择');
    const before = (await q.chosenRuleSet(trx))?.value ?? NATIONAL_RULE_SET;
    await q.saveChosenRuleSet(trx, set.code, actor.userId || null);
    await recordAudit(trx, actor, {
      action: 'birth_policy.choose',
      entity: 'county_setting',
      entityId: q.RULE_SET_KEY,
      regionId: actor.scope.regionId,
      before: { rule_set: before },
      after: { rule_set: set.code },
      reason: v.reason,
    });
    return set;
  });
}
