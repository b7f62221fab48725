/**
 * 考核 (issue 15), the last two indicators with a source:
 *
 * - 奖扶特扶资格确认准确率 from dated re-checks. The eligibility audit (/subsidies/audit) re-checks every approved
 *   beneficiary against the register as it stands; a county supervisor saves a run, and each application's result
 *   is kept as a row dated that day (one per application and day; saving again the same day replaces it). The
 *   indicator counts, per period, each application's latest review in the period: met ÷ reviewed. A past period's
 *   figure reads only reviews dated in it, so it never moves.
 * - 统计准确率 (a new catalogue row beside 出生统计准确率) from the records entered in the period: births,
 *   pregnancies, the four procedures and 独生子女证 entered on time (their month not yet locked) and not flagged by
 *   a record-level validation rule (a birth entered with no pregnancy record entered before it; a procedure on a
 *   woman outside 15–49) ÷ all such records entered. No target is seeded: the county sets one.
 */
import type { Knex } from 'knex';

const RESULTS = ['met', 'not_met', 'unknown'];
const list = (values: string[]) => values.map((v) => `'${v}'`).join(', ');

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('subsidy_eligibility_reviews', (t) => {
    t.increments('id');
    t.integer('application_id').notNullable().references('subsidy_applications.id');
    t.integer('woman_id').notNullable().references('women.id');
    t.integer('region_id').notNullable().references('regions.id');
    t.text('program').notNullable();
    t.date('reviewed_on').notNullable();
    t.text('result').notNullable();
    t.jsonb('failing').notNullable().defaultTo('[]');
    t.integer('reviewed_by').references('users.id');
    t.timestamps(true, true);
    t.unique(['application_id', 'reviewed_on']);
  });
  await knex.raw(`
    alter table subsidy_eligibility_reviews
      add constraint subsidy_eligibility_reviews_result_check check (result in (${list(RESULTS)}));
    create index subsidy_eligibility_reviews_date_idx on subsidy_eligibility_reviews (reviewed_on, application_id);
  `);

  await knex('assessment_indicators')
    .where({ code: 'subsidy_eligibility_accuracy' })
    .update({
      source: 'report',
      numerator_keys: ['subsidy_review_confirmed'],
      denominator_key: 'subsidy_reviewed',
      definition: '报告期内保存的资格核查中，各已批准享受对象最近一次核查仍符合条件的人数 ÷ 核查人数 × 100%（按信息卡记录逐项重新审查，资料不全的不计为符合）',
    });
  // Shown right after 出生统计准确率.
  const births = await knex('assessment_indicators').where({ code: 'statistical_accuracy_rate' }).first<{ sort_order: number } | undefined>('sort_order');
  await knex('assessment_indicators').insert({
    code: 'report_accuracy_rate',
    name: '统计准确率',
    unit: '%',
    direction: 'higher',
    numerator_keys: ['records_accurate'],
    denominator_key: 'records_entered',
    source: 'report',
    definition:
      '报告期内录入的、发生时妇女已在册的出生、孕情、四项手术和独生子女证记录中，按时录入（所属月份尚未审核锁定）且未被校验规则标记（出生无孕情记录、手术对象年龄不在15–49岁）的条数 ÷ 报告期内录入的上述记录条数 × 100%（新建卡妇女的既往记录不计）',
    sort_order: (births?.sort_order ?? 0) + 5,
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex('assessment_targets').where({ indicator_code: 'report_accuracy_rate' }).delete();
  await knex('assessment_indicators').where({ code: 'report_accuracy_rate' }).delete();
  await knex('assessment_indicators')
    .where({ code: 'subsidy_eligibility_accuracy' })
    .update({ source: 'records_pending', numerator_keys: null, denominator_key: null, definition: '抽查核实资格确认正确的奖励扶助、特别扶助对象数 ÷ 抽查对象数 × 100%' });
  await knex.schema.dropTable('subsidy_eligibility_reviews');
}
