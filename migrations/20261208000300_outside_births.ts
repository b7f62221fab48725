/**
 * Births from outside (issue 16 §3): hospital delivery / 出生医学证明 lists and police newborn-registration lists,
 * each row matched to the register. A list is imported as a draft (its rows checked clean) and counts once it is
 * confirmed. A row's match: matched (the child is on the register, sex and birth date equal), differs (mother and
 * child found, sex or date differ), not_recorded (mother on the register, child not), unknown_mother. Open 漏报
 * items are the not_recorded and unknown_mother rows not yet explained. Mother ID numbers are stored as the
 * register stores them (18 characters, shown masked).
 * The 考核 catalogue's three 出生信息 indicators now come from the report engine's keys.
 */
import type { Knex } from 'knex';

const SOURCE_KINDS = ['hospital', 'police'];
const LIST_STATUSES = ['draft', 'confirmed'];
const MATCH_STATUSES = ['matched', 'differs', 'not_recorded', 'unknown_mother'];
const list = (values: string[]) => values.map((v) => `'${v}'`).join(', ');

const NOW_FROM_REPORT = [
  {
    code: 'birth_info_accuracy',
    numerator_keys: ['outside_births_matched'],
    denominator_key: 'outside_births_found',
    definition: '院外出生名单（医院、派出所）中能在本系统找到子女的出生里，性别和出生日期都一致的数 ÷ 找到的数 × 100%',
  },
  {
    code: 'birth_info_timeliness',
    numerator_keys: ['births_timely'],
    denominator_key: 'births',
    definition: '报告期内出生、在出生后 30 日内（按北京时间的录入日期）录入本系统的出生数 ÷ 报告期内出生数 × 100%',
  },
  {
    code: 'birth_info_completeness',
    numerator_keys: ['outside_births_found'],
    denominator_key: 'outside_births_listed',
    definition: '院外出生名单（医院、派出所）中报告期内出生、已在本系统登记的出生数 ÷ 名单中报告期内出生数 × 100%（按村统计）',
  },
];

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('outside_birth_lists', (t) => {
    t.increments('id').primary();
    t.text('source_kind').notNullable();
    t.text('name').notNullable();
    t.text('period');
    t.text('file_name').notNullable();
    t.integer('region_id').notNullable().references('id').inTable('regions');
    t.text('status').notNullable().defaultTo('draft');
    t.integer('row_count').notNullable().defaultTo(0);
    t.timestamp('matched_at', { useTz: true });
    t.timestamp('confirmed_at', { useTz: true });
    t.integer('created_by').references('id').inTable('users');
    t.timestamps(true, true);
  });
  await knex.raw(`
    alter table outside_birth_lists
      add constraint outside_birth_lists_source_check check (source_kind in (${list(SOURCE_KINDS)})),
      add constraint outside_birth_lists_status_check check (status in (${list(LIST_STATUSES)})),
      add constraint outside_birth_lists_name_check check (char_length(name) between 1 and 100),
      add constraint outside_birth_lists_period_check check (period is null or char_length(period) <= 50),
      add constraint outside_birth_lists_rows_check check (row_count >= 0);
  `);
  await knex.schema.createTable('outside_births', (t) => {
    t.increments('id').primary();
    t.integer('list_id').notNullable().references('id').inTable('outside_birth_lists').onDelete('CASCADE');
    t.integer('row_no').notNullable();
    t.text('mother_id_number');
    t.text('mother_name').notNullable();
    t.text('child_name');
    t.text('sex').notNullable();
    t.date('birth_date').notNullable();
    t.text('facility');
    t.text('certificate_no');
    t.integer('village_id').references('id').inTable('regions');
    t.integer('region_id').notNullable().references('id').inTable('regions');
    t.text('match_status');
    t.integer('woman_id').references('id').inTable('women');
    t.integer('child_id').references('id').inTable('children').onDelete('SET NULL');
    t.text('register_sex');
    t.date('register_birth_date');
    t.timestamp('matched_at', { useTz: true });
    t.text('explanation');
    t.integer('explained_by').references('id').inTable('users');
    t.timestamp('explained_at', { useTz: true });
    t.integer('version').notNullable().defaultTo(1);
    t.timestamps(true, true);
  });
  await knex.raw(`
    alter table outside_births
      add constraint outside_births_mother_id_shape check (mother_id_number is null or mother_id_number ~ '^[0-9]{17}[0-9X]$'),
      add constraint outside_births_mother_name_check check (char_length(mother_name) between 1 and 50),
      add constraint outside_births_child_name_check check (child_name is null or char_length(child_name) between 1 and 50),
      add constraint outside_births_sex_check check (sex in ('male', 'female')),
      add constraint outside_births_register_sex_check check (register_sex is null or register_sex in ('male', 'female')),
      add constraint outside_births_facility_check check (facility is null or char_length(facility) <= 100),
      add constraint outside_births_certificate_check check (certificate_no is null or char_length(certificate_no) <= 30),
      add constraint outside_births_match_check check (match_status is null or match_status in (${list(MATCH_STATUSES)})),
      add constraint outside_births_explanation_check check ((explanation is null) = (explained_at is null) and (explanation is null or char_length(explanation) between 1 and 500)),
      add constraint outside_births_row_no_check check (row_no >= 1);
    create index outside_births_list_idx on outside_births (list_id, row_no);
    create index outside_births_region_idx on outside_births (region_id, match_status);
    create index outside_births_birth_date_idx on outside_births (birth_date);
    create index outside_births_woman_idx on outside_births (woman_id);
    create index outside_births_child_idx on outside_births (child_id);
  `);
  for (const i of NOW_FROM_REPORT) {
    await knex('assessment_indicators').where({ code: i.code }).update({ source: 'report', numerator_keys: i.numerator_keys, denominator_key: i.denominator_key, definition: i.definition });
  }
}

export async function down(knex: Knex): Promise<void> {
  for (const i of NOW_FROM_REPORT) {
    await knex('assessment_indicators').where({ code: i.code }).update({ source: 'records_pending', numerator_keys: null, denominator_key: null });
  }
  await knex.schema.dropTable('outside_births');
  await knex.schema.dropTable('outside_birth_lists');
}
