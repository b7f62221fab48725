/**
 * Aggregate validation rules (DHIS2's validation rules, peer-systems §1.3–1.4): checks a statistician runs per
 * village and month before signing the monthly report, kept as data (level, active, params) so the county admin
 * can tune them. A warning is acknowledged with a comment per village-month; a blocking finding stops the
 * township's submission. Population figures gain the entered moves (迁入 / 迁出) the balance needs.
 */
import type { Knex } from 'knex';

const KINDS = ['population_balance', 'population_range', 'births_without_pregnancy', 'procedure_age', 'drop_vs_last_year'];
const LEVELS = ['blocking', 'warning'];
const list = (values: string[]) => values.map((v) => `'${v}'`).join(', ');

const RULES = [
  { code: 'population_balance', name: '人口平衡：期初 + 出生 − 死亡 + 迁入 − 迁出 = 期末', kind: 'population_balance', level: 'warning', params: { tolerance: 5 }, sort_order: 10 },
  { code: 'population_range', name: '期末总人口、死亡人数超出本村前 12 个月的范围', kind: 'population_range', level: 'warning', params: { margin: 0.02 }, sort_order: 20 },
  { code: 'births_without_pregnancy', name: '出生无孕情记录', kind: 'births_without_pregnancy', level: 'warning', params: {}, sort_order: 30 },
  { code: 'procedure_age', name: '手术对象年龄不在 15–49 岁', kind: 'procedure_age', level: 'blocking', params: {}, sort_order: 40 },
  { code: 'births_drop', name: '出生人数比上年同月大幅下降', kind: 'drop_vs_last_year', level: 'warning', params: { figure: 'births', share: 0.5, min_base: 5 }, sort_order: 50 },
  { code: 'first_marriages_drop', name: '初婚人数比上年同月大幅下降', kind: 'drop_vs_last_year', level: 'warning', params: { figure: 'first_marriages', share: 0.5, min_base: 5 }, sort_order: 60 },
] as const;

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    alter table population_figures
      add column moved_in integer null,
      add column moved_out integer null,
      add constraint population_figures_moved_in_check check (moved_in is null or moved_in >= 0),
      add constraint population_figures_moved_out_check check (moved_out is null or moved_out >= 0);
  `);

  await knex.schema.createTable('validation_rules', (t) => {
    t.text('code').primary();
    t.text('name').notNullable();
    t.text('kind').notNullable();
    t.text('level').notNullable();
    t.jsonb('params').notNullable().defaultTo('{}');
    t.boolean('active').notNullable().defaultTo(true);
    t.integer('sort_order').notNullable().defaultTo(0);
    t.integer('updated_by').references('users.id');
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.integer('version').notNullable().defaultTo(1);
  });
  await knex.raw(`
    alter table validation_rules
      add constraint validation_rules_kind_check check (kind in (${list(KINDS)})),
      add constraint validation_rules_level_check check (level in (${list(LEVELS)})),
      add constraint validation_rules_params_check check (jsonb_typeof(params) = 'object');
  `);
  await knex('validation_rules').insert(RULES.map((r) => ({ ...r, params: JSON.stringify(r.params) })));

  await knex.schema.createTable('validation_acknowledgements', (t) => {
    t.increments('id');
    t.text('rule_code').notNullable().references('validation_rules.code');
    t.integer('village_id').notNullable().references('regions.id');
    t.date('month').notNullable();
    t.text('comment').notNullable();
    t.integer('acknowledged_by').references('users.id');
    t.timestamp('acknowledged_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['rule_code', 'village_id', 'month']);
  });
  await knex.raw(`
    alter table validation_acknowledgements
      add constraint validation_acknowledgements_comment_check check (char_length(comment) between 1 and 500),
      add constraint validation_acknowledgements_month_check check (month = date_trunc('month', month)::date);
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('validation_acknowledgements');
  await knex.schema.dropTable('validation_rules');
  await knex.raw('alter table population_figures drop column moved_in, drop column moved_out');
}
