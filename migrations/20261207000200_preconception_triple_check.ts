/**
 * 孕前优生健康检查 and 三查 (issue 15 §2). A couple planning a pregnancy is recorded on the woman's card
 * (pregnancy_plans: the day they said so, and the day the plan ended — a pregnancy found or the plan dropped);
 * each spouse's preconception check is a dated row on her card (whose = woman | spouse) with its result category
 * (一般人群 / 风险人群), the risk and the referral. A double-check round may include 查病 (the gynaecological exam),
 * whose result is kept on the round's list beside 查环 and 查孕.
 */
import type { Knex } from 'knex';

const list = (values: string[]) => values.map((v) => `'${v}'`).join(', ');

const WHOSE = ['woman', 'spouse'];
const PRECONCEPTION_RESULT = ['general', 'risk'];
const GYN_RESULT = ['normal', 'abnormal'];

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('pregnancy_plans', (t) => {
    t.increments('id');
    t.integer('woman_id').notNullable().references('women.id');
    t.date('planned_on').notNullable();
    t.date('ended_on');
    t.text('note');
    t.integer('created_by').references('users.id');
    t.timestamps(true, true);
    t.index(['woman_id', 'planned_on']);
  });
  await knex.raw(`
    alter table pregnancy_plans
      add constraint pregnancy_plans_ended_check check (ended_on is null or ended_on >= planned_on),
      add constraint pregnancy_plans_note_check check (note is null or length(note) <= 200)`);

  await knex.schema.createTable('preconception_checks', (t) => {
    t.increments('id');
    t.integer('woman_id').notNullable().references('women.id');
    t.integer('region_id').notNullable().references('regions.id');
    t.text('whose').notNullable();
    t.date('checked_on').notNullable();
    t.text('result').notNullable();
    t.text('risk_note');
    t.boolean('referred').notNullable().defaultTo(false);
    t.text('referred_to');
    t.integer('created_by').references('users.id');
    t.timestamps(true, true);
    t.index(['region_id', 'checked_on']);
    t.index(['woman_id', 'checked_on']);
  });
  await knex.raw(`
    alter table preconception_checks
      add constraint preconception_checks_whose_check check (whose in (${list(WHOSE)})),
      add constraint preconception_checks_result_check check (result in (${list(PRECONCEPTION_RESULT)})),
      add constraint preconception_checks_referral_check check (referred or referred_to is null),
      add constraint preconception_checks_risk_note_check check (risk_note is null or length(risk_note) <= 200),
      add constraint preconception_checks_referred_to_check check (referred_to is null or length(referred_to) <= 100)`);

  await knex.schema.alterTable('check_rounds', (t) => {
    t.boolean('includes_gyn_exam').notNullable().defaultTo(false);
  });
  await knex.schema.alterTable('check_results', (t) => {
    t.text('gyn_result');
    t.text('gyn_note');
  });
  await knex.raw(`
    alter table check_results
      add constraint check_results_gyn_check check (gyn_result is null or gyn_result in (${list(GYN_RESULT)})),
      add constraint check_results_gyn_note_check check (gyn_note is null or length(gyn_note) <= 200)`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`alter table check_results drop constraint if exists check_results_gyn_check, drop constraint if exists check_results_gyn_note_check`);
  await knex.schema.alterTable('check_results', (t) => {
    t.dropColumn('gyn_result');
    t.dropColumn('gyn_note');
  });
  await knex.schema.alterTable('check_rounds', (t) => {
    t.dropColumn('includes_gyn_exam');
  });
  await knex.schema.dropTable('preconception_checks');
  await knex.schema.dropTable('pregnancy_plans');
}
