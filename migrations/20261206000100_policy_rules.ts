/**
 * Birth policy as data at the couple level: rule sets (the national history, a province's regulations) made of
 * dated rules with a condition on the couple (双独, 单独, 一孩半, 再婚, 少数民族); the county's choice of rule set
 * (county_settings, key 'policy_rule_set'; no row means 'national'); and the couple facts the conditions need
 * (本人/配偶是否独生子女, null = 不详). The rules themselves are reference data (seeds/reference.ts).
 * birth_policies stays as it is: the national history.
 */
import type { Knex } from 'knex';

const list = (values: string[]) => values.map((v) => `'${v}'`).join(', ');

const CONDITION = ['none', 'both_only_children', 'one_only_child', 'rural_first_girl', 'remarried', 'ethnic_minority'];
const APPLIES_TO = ['all', 'rural', 'urban'];

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('policy_rule_sets', (t) => {
    t.text('code').primary();
    t.text('name').notNullable();
    t.text('note').notNullable().defaultTo('');
  });
  await knex.raw(`
    alter table policy_rule_sets
      add constraint policy_rule_sets_code_check check (code ~ '^[a-z][a-z0-9_]{1,39}$'),
      add constraint policy_rule_sets_name_check check (length(btrim(name)) between 1 and 100)`);

  await knex.schema.createTable('policy_rules', (t) => {
    t.increments('id');
    t.text('rule_set_code').notNullable().references('policy_rule_sets.code');
    t.date('effective_from').notNullable();
    t.date('effective_to');
    t.text('condition').notNullable();
    t.text('applies_to').notNullable().defaultTo('all');
    t.integer('children_allowed').notNullable();
    t.text('citation').notNullable();
    t.unique(['rule_set_code', 'effective_from', 'condition', 'applies_to']);
  });
  await knex.raw(`
    alter table policy_rules
      add constraint policy_rules_condition_check check (condition in (${list(CONDITION)})),
      add constraint policy_rules_applies_to_check check (applies_to in (${list(APPLIES_TO)})),
      add constraint policy_rules_children_allowed_check check (children_allowed between 1 and 9),
      add constraint policy_rules_period_check check (effective_to is null or effective_to >= effective_from),
      add constraint policy_rules_citation_check check (length(btrim(citation)) > 0)`);

  await knex.schema.createTable('county_settings', (t) => {
    t.text('key').primary();
    t.text('value').notNullable();
    t.integer('updated_by').references('users.id');
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw(`alter table county_settings add constraint county_settings_key_check check (key in ('policy_rule_set'))`);

  await knex.raw(`alter table women add column only_child boolean, add column spouse_only_child boolean`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('alter table women drop column only_child, drop column spouse_only_child');
  await knex.schema.dropTable('county_settings');
  await knex.schema.dropTable('policy_rules');
  await knex.schema.dropTable('policy_rule_sets');
}
