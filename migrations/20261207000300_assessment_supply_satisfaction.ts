/**
 * 免费计划生育药具获得率 and 群众满意率 now have their records (free_supplies; satisfaction on follow-ups and
 * services) and report keys: the catalogue computes them from the report instead of showing 数据待建.
 */
import type { Knex } from 'knex';

const NOW_FROM_REPORT = [
  { code: 'free_contraceptive_access_rate', numerator_keys: ['free_supply_users'], denominator_key: 'short_acting_users' },
  { code: 'satisfaction_rate', numerator_keys: ['satisfaction_positive'], denominator_key: 'satisfaction_responses' },
];

export async function up(knex: Knex): Promise<void> {
  for (const i of NOW_FROM_REPORT) {
    await knex('assessment_indicators').where({ code: i.code }).update({ source: 'report', numerator_keys: i.numerator_keys, denominator_key: i.denominator_key });
  }
}

export async function down(knex: Knex): Promise<void> {
  await knex('assessment_indicators')
    .whereIn(
      'code',
      NOW_FROM_REPORT.map((i) => i.code),
    )
    .update({ source: 'records_pending', numerator_keys: null, denominator_key: null });
}
