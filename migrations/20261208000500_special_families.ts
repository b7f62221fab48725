/**
 * 计划生育特殊家庭 (issue 17 §2): a file per family (失独 or 伤残) with its household situation and its two contact
 * persons (usually a township cadre and a village doctor), dated care records, and the minimum care schedule as
 * data: a contact every month, and a home visit in each festival window (春节, 中秋; the windows are dated per year
 * because the festivals follow the lunar calendar). The 考核 catalogue's 建档率 and 落实率 now come from the report
 * engine's keys.
 */
import type { Knex } from 'knex';

const list = (values: string[]) => values.map((v) => `'${v}'`).join(', ');

const KIND = ['loss', 'disability'];
const INCOME = ['subsistence', 'low', 'average', 'above_average'];
const HEALTH = ['good', 'chronic', 'serious', 'disabled'];
const CLOSE_REASON = ['both_deceased', 'moved_out', 'not_special', 'other'];
const CONTACT_ROLE = ['township_cadre', 'village_doctor', 'village_cadre', 'other'];
const CARE_KIND = ['daily_life', 'old_age', 'serious_illness', 'emotional'];
const CARE_MODE = ['visit', 'phone'];
const RULE_KIND = ['monthly', 'window'];

/** Festival days (春节 and 中秋) by year; a window runs from 14 days before to 15 (春节, to 元宵) or 7 days after. */
const SPRING_FESTIVAL: Record<number, string> = { 2024: '2024-02-10', 2025: '2025-01-29', 2026: '2026-02-17', 2027: '2027-02-06', 2028: '2028-01-26' };
const MID_AUTUMN: Record<number, string> = { 2024: '2024-09-17', 2025: '2025-10-06', 2026: '2026-09-25', 2027: '2027-09-15', 2028: '2028-10-03' };

const shift = (iso: string, days: number) => {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
};

const NOW_FROM_REPORT = [
  { code: 'special_family_registration_rate', numerator_keys: ['special_families_filed'], denominator_key: 'special_families_eligible' },
  { code: 'special_family_support_rate', numerator_keys: ['special_families_cared'], denominator_key: 'special_families_open' },
];

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('special_family_files', (t) => {
    t.increments('id');
    t.integer('woman_id').notNullable().references('women.id');
    t.text('kind').notNullable();
    t.text('husband_name');
    t.text('child_name');
    t.date('child_event_on');
    t.smallint('disability_grade');
    t.integer('subsidy_application_id').references('subsidy_applications.id');
    t.boolean('lives_alone').notNullable().defaultTo(false);
    t.text('income_level');
    t.text('health');
    t.text('household_note');
    t.date('opened_on').notNullable();
    t.date('closed_on');
    t.text('close_reason');
    t.text('close_note');
    t.integer('version').notNullable().defaultTo(1);
    t.integer('created_by').references('users.id');
    t.integer('updated_by').references('users.id');
    t.timestamps(true, true);
    t.index(['woman_id']);
  });
  await knex.raw(`
    alter table special_family_files
      add constraint special_family_files_kind_check check (kind in (${list(KIND)})),
      add constraint special_family_files_grade_check check (disability_grade is null or disability_grade between 1 and 4),
      add constraint special_family_files_kind_grade_check check ((kind = 'disability') = (disability_grade is not null)),
      add constraint special_family_files_income_check check (income_level is null or income_level in (${list(INCOME)})),
      add constraint special_family_files_health_check check (health is null or health in (${list(HEALTH)})),
      add constraint special_family_files_close_reason_check check (close_reason is null or close_reason in (${list(CLOSE_REASON)})),
      add constraint special_family_files_closed_check check ((closed_on is null) = (close_reason is null)),
      add constraint special_family_files_closed_order_check check (closed_on is null or closed_on >= opened_on),
      add constraint special_family_files_husband_name_check check (husband_name is null or length(husband_name) <= 50),
      add constraint special_family_files_child_name_check check (child_name is null or length(child_name) <= 50),
      add constraint special_family_files_household_note_check check (household_note is null or length(household_note) <= 500),
      add constraint special_family_files_close_note_check check (close_note is null or length(close_note) <= 200)`);
  await knex.raw(`create unique index special_family_files_open_unique on special_family_files (woman_id) where closed_on is null`);

  await knex.schema.createTable('special_family_contacts', (t) => {
    t.increments('id');
    t.integer('file_id').notNullable().references('special_family_files.id').onDelete('CASCADE');
    t.smallint('position').notNullable();
    t.text('name').notNullable();
    t.text('role').notNullable();
    t.text('phone');
    t.timestamps(true, true);
    t.unique(['file_id', 'position']);
  });
  await knex.raw(`
    alter table special_family_contacts
      add constraint special_family_contacts_position_check check (position in (1, 2)),
      add constraint special_family_contacts_role_check check (role in (${list(CONTACT_ROLE)})),
      add constraint special_family_contacts_name_check check (length(name) between 1 and 50),
      add constraint special_family_contacts_phone_check check (phone is null or length(phone) <= 20)`);

  await knex.schema.createTable('special_family_care', (t) => {
    t.increments('id');
    t.integer('file_id').notNullable().references('special_family_files.id');
    t.date('cared_on').notNullable();
    t.text('carer').notNullable();
    t.text('kind').notNullable();
    t.text('mode').notNullable();
    t.text('content').notNullable();
    t.boolean('follow_up_needed').notNullable().defaultTo(false);
    t.text('follow_up_note');
    t.integer('created_by').references('users.id');
    t.timestamps(true, true);
    t.index(['file_id', 'cared_on']);
  });
  await knex.raw(`
    alter table special_family_care
      add constraint special_family_care_kind_check check (kind in (${list(CARE_KIND)})),
      add constraint special_family_care_mode_check check (mode in (${list(CARE_MODE)})),
      add constraint special_family_care_carer_check check (length(carer) between 1 and 50),
      add constraint special_family_care_content_check check (length(content) between 1 and 500),
      add constraint special_family_care_follow_up_note_check check (follow_up_note is null or length(follow_up_note) <= 200)`);

  await knex.schema.createTable('special_family_care_rules', (t) => {
    t.increments('id');
    t.text('code').notNullable().unique();
    t.text('label').notNullable();
    t.text('kind').notNullable();
    t.text('mode').notNullable();
    t.date('from_date');
    t.date('to_date');
  });
  await knex.raw(`
    alter table special_family_care_rules
      add constraint special_family_care_rules_kind_check check (kind in (${list(RULE_KIND)})),
      add constraint special_family_care_rules_mode_check check (mode in ('any', ${list(CARE_MODE)})),
      add constraint special_family_care_rules_window_check check ((kind = 'window') = (from_date is not null and to_date is not null)),
      add constraint special_family_care_rules_order_check check (to_date is null or to_date >= from_date)`);
  const rules: { code: string; label: string; kind: 'monthly' | 'window'; mode: 'any' | 'visit'; from_date: string | null; to_date: string | null }[] = [
    { code: 'monthly_contact', label: '每月联系（走访或电话）', kind: 'monthly', mode: 'any', from_date: null, to_date: null },
  ];
  for (const [year, day] of Object.entries(SPRING_FESTIVAL)) {
    rules.push({ code: `spring_festival_${year}`, label: `${year}年春节走访`, kind: 'window', mode: 'visit', from_date: shift(day, -14), to_date: shift(day, 15) });
  }
  for (const [year, day] of Object.entries(MID_AUTUMN)) {
    rules.push({ code: `mid_autumn_${year}`, label: `${year}年中秋走访`, kind: 'window', mode: 'visit', from_date: shift(day, -14), to_date: shift(day, 7) });
  }
  await knex('special_family_care_rules').insert(rules);

  for (const i of NOW_FROM_REPORT) {
    await knex('assessment_indicators').where({ code: i.code }).update({ source: 'report', numerator_keys: i.numerator_keys, denominator_key: i.denominator_key });
  }
  await knex('assessment_indicators')
    .where({ code: 'special_family_registration_rate' })
    .update({ definition: '报告期末按登记信息符合特别扶助条件（独生子女死亡或伤残一至三级、女方年满49周岁）的家庭中已建档（档案未结案）的家庭数 ÷ 符合条件的家庭数 × 100%' });
  await knex('assessment_indicators')
    .where({ code: 'special_family_support_rate' })
    .update({ definition: '报告期末已建档的特殊家庭中，报告期内每月都有联系记录、且期内的春节和中秋都有上门走访的家庭数 ÷ 已建档的家庭数 × 100%' });
}

export async function down(knex: Knex): Promise<void> {
  for (const i of NOW_FROM_REPORT) {
    await knex('assessment_indicators').where({ code: i.code }).update({ source: 'records_pending', numerator_keys: null, denominator_key: null });
  }
  await knex.schema.dropTable('special_family_care_rules');
  await knex.schema.dropTable('special_family_care');
  await knex.schema.dropTable('special_family_contacts');
  await knex.schema.dropTable('special_family_files');
}
