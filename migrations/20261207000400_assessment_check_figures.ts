/**
 * 孕前优生覆盖率 and 双查到位率 now come from the report engine's keys (preconception_targets/checked; the rounds'
 * double_check_due/done, counted on each quarter's last day), so the board, the monthly report and the drill-down
 * show one number for each.
 */
import type { Knex } from 'knex';

const NOW_FROM_REPORT = [
  { code: 'pre_pregnancy_check_coverage', numerator_keys: ['preconception_checked'], denominator_key: 'preconception_targets', before: 'records_pending' as const },
  { code: 'double_check_rate', numerator_keys: ['double_check_done'], denominator_key: 'double_check_due', before: 'check_rounds' as const },
];

export async function up(knex: Knex): Promise<void> {
  for (const i of NOW_FROM_REPORT) {
    await knex('assessment_indicators').where({ code: i.code }).update({ source: 'report', numerator_keys: i.numerator_keys, denominator_key: i.denominator_key });
  }
  await knex('assessment_indicators').where({ code: 'double_check_rate' }).update({ definition: '季度末在报告期内的各轮双查中，已登记查环查孕结果的人数 ÷ 应查人数（不含免查）× 100%' });
}

export async function down(knex: Knex): Promise<void> {
  for (const i of NOW_FROM_REPORT) {
    await knex('assessment_indicators').where({ code: i.code }).update({ source: i.before, numerator_keys: null, denominator_key: null });
  }
}
