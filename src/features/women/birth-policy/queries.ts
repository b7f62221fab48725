/** The birth-policy rule sets, their rules, and the county's choice (county_settings 'policy_rule_set'). */
import type { Knex } from 'knex';
import type { PolicyRule } from '../../../domain/birth-policy.ts';

export const RULE_SET_KEY = 'policy_rule_set';

export interface RuleSetRow {
  code: string;
  name: string;
  note: string;
}

export async function ruleSets(db: Knex): Promise<RuleSetRow[]> {
  return db('policy_rule_sets').select('code', 'name', 'note').orderByRaw(`code <> 'national', code`);
}

export async function ruleSetByCode(db: Knex, code: string): Promise<RuleSetRow | undefined> {
  return db('policy_rule_sets').where({ code }).first('code', 'name', 'note');
}

/** Every rule with its set's name, by set, then date. */
export async function allRules(db: Knex): Promise<(PolicyRule & { id: number })[]> {
  return db('policy_rules as r')
    .join('policy_rule_sets as s', 's.code', 'r.rule_set_code')
    .orderBy([{ column: 'r.rule_set_code' }, { column: 'r.effective_from' }, { column: 'r.condition' }, { column: 'r.applies_to' }])
    .select('r.id', 'r.rule_set_code', 's.name as rule_set_name', 'r.effective_from', 'r.effective_to', 'r.condition', 'r.applies_to', 'r.children_allowed', 'r.citation');
}

export interface ChosenSetting {
  value: string;
  updated_by: number | null;
  updated_at: Date;
  updated_by_name: string | null;
}

export async function chosenRuleSet(db: Knex): Promise<ChosenSetting | undefined> {
  return db('county_settings as c').leftJoin('users as u', 'u.id', 'c.updated_by').where('c.key', RULE_SET_KEY).first('c.value', 'c.updated_by', 'c.updated_at', 'u.display_name as updated_by_name');
}

/** The choice, written (insert or replace) and locked for the transaction. */
export async function saveChosenRuleSet(db: Knex, value: string, userId: number | null): Promise<void> {
  await db('county_settings').insert({ key: RULE_SET_KEY, value, updated_by: userId, updated_at: db.fn.now() }).onConflict('key').merge(['value', 'updated_by', 'updated_at']);
}
