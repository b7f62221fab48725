/**
 * Floating women between 户籍地 and 现居地 (issue 16 §2).
 *
 * - floating_settings: one row, the verification interval (each floating woman verified every N months).
 * - floating_verifications: a dated verification of a floating woman (result, note), in her village.
 * - floating_query_kinds: the 协查 kinds with their due days (sent + due_days = due_on).
 * - floating_queries: a 协查 query or notice. Sent inside the county (from_township_id → to_region_id, a village or
 *   a township of this portal), sent to another county (to_county_code), or received from one (from_county_code,
 *   imported from a package). ref is the query's id across portals (the sending county's code + '-' + a uuid).
 * - exchange_partners: the other counties a package may be exchanged with, with the shared HMAC secret.
 * - exchange_packages: the packages exported and imported (an imported package id is refused a second time).
 * - 流动人口婚育信息反馈率 on the 考核 board now comes from the report keys migrant_queries_answered_on_time /
 *   migrant_queries_due.
 */
import type { Knex } from 'knex';

const KIND = ['arrival_notice', 'pregnancy', 'birth', 'contraception', 'verify_request'];
const RESULT = ['confirmed', 'not_confirmed', 'not_found', 'other'];
const VERIFY_RESULT = ['in_place', 'returned', 'moved_on', 'not_found'];
const list = (values: string[]) => values.map((v) => `'${v}'`).join(', ');

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('floating_settings', (t) => {
    t.smallint('id').primary();
    t.integer('verify_every_months').notNullable().defaultTo(6);
    t.timestamps(true, true);
  });
  await knex.raw(`
    alter table floating_settings
      add constraint floating_settings_single_check check (id = 1),
      add constraint floating_settings_months_check check (verify_every_months between 1 and 36);
    insert into floating_settings (id, verify_every_months) values (1, 6);
  `);

  await knex.schema.createTable('floating_verifications', (t) => {
    t.increments('id');
    t.integer('woman_id').notNullable().references('women.id');
    t.integer('region_id').notNullable().references('regions.id');
    t.date('verified_on').notNullable();
    t.text('result').notNullable();
    t.text('note');
    t.integer('created_by').references('users.id');
    t.timestamps(true, true);
  });
  await knex.raw(`
    alter table floating_verifications
      add constraint floating_verifications_result_check check (result in (${list(VERIFY_RESULT)})),
      add constraint floating_verifications_note_check check (note is null or length(note) <= 200);
    create index floating_verifications_woman_idx on floating_verifications (woman_id, verified_on);
  `);

  await knex.schema.createTable('floating_query_kinds', (t) => {
    t.text('kind').primary();
    t.integer('due_days').notNullable().defaultTo(15);
  });
  await knex.raw(`
    alter table floating_query_kinds
      add constraint floating_query_kinds_kind_check check (kind in (${list(KIND)})),
      add constraint floating_query_kinds_days_check check (due_days between 1 and 365);
    insert into floating_query_kinds (kind, due_days) values ${KIND.map((k) => `('${k}', 15)`).join(', ')};
  `);

  await knex.schema.createTable('floating_queries', (t) => {
    t.increments('id');
    t.text('ref').notNullable();
    t.integer('from_township_id').references('regions.id');
    t.text('from_county_code');
    t.text('from_unit');
    t.integer('to_region_id').references('regions.id');
    t.text('to_county_code');
    t.text('to_region_code');
    t.integer('woman_id').references('women.id');
    t.text('woman_name').notNullable();
    t.text('woman_id_number').notNullable();
    t.text('kind').notNullable();
    t.text('body').notNullable();
    t.date('sent_on').notNullable();
    t.date('due_on').notNullable();
    t.date('answered_on');
    t.text('answer');
    t.text('result_code');
    t.integer('answered_by').references('users.id');
    t.text('out_package_id');
    t.text('answer_package_id');
    t.integer('created_by').references('users.id');
    t.integer('version').notNullable().defaultTo(1);
    t.timestamps(true, true);
  });
  await knex.raw(`
    alter table floating_queries
      add constraint floating_queries_kind_check check (kind in (${list(KIND)})),
      add constraint floating_queries_result_check check (result_code is null or result_code in (${list(RESULT)})),
      add constraint floating_queries_body_check check (length(body) between 1 and 500),
      add constraint floating_queries_answer_check check (answer is null or length(answer) between 1 and 500),
      add constraint floating_queries_answered_check check ((answered_on is null) = (answer is null)),
      add constraint floating_queries_due_check check (due_on >= sent_on),
      add constraint floating_queries_answered_on_check check (answered_on is null or answered_on >= sent_on),
      add constraint floating_queries_from_check check ((from_township_id is null) <> (from_county_code is null)),
      add constraint floating_queries_to_check check ((to_region_id is null) <> (to_county_code is null)),
      add constraint floating_queries_county_code_check check ((from_county_code is null or from_county_code ~ '^[0-9]{6}$') and (to_county_code is null or to_county_code ~ '^[0-9]{6}$')),
      add constraint floating_queries_name_check check (length(woman_name) between 1 and 30),
      add constraint floating_queries_id_number_check check (woman_id_number ~ '^[0-9]{17}[0-9X]$'),
      add constraint floating_queries_unit_check check (from_unit is null or length(from_unit) <= 60),
      add constraint floating_queries_region_code_check check (to_region_code is null or to_region_code ~ '^[0-9]{6,12}$');
    create unique index floating_queries_ref_key on floating_queries (ref);
    create index floating_queries_to_idx on floating_queries (to_region_id, due_on);
    create index floating_queries_from_idx on floating_queries (from_township_id, sent_on);
    create index floating_queries_due_idx on floating_queries (due_on);
    create trigger floating_queries_updated_at before update on floating_queries for each row execute function set_updated_at();
  `);

  await knex.schema.createTable('exchange_partners', (t) => {
    t.increments('id');
    t.text('county_code').notNullable();
    t.text('name').notNullable();
    t.text('secret').notNullable();
    t.boolean('active').notNullable().defaultTo(true);
    t.integer('updated_by').references('users.id');
    t.timestamps(true, true);
  });
  await knex.raw(`
    alter table exchange_partners
      add constraint exchange_partners_code_check check (county_code ~ '^[0-9]{6}$'),
      add constraint exchange_partners_name_check check (length(name) between 1 and 60),
      add constraint exchange_partners_secret_check check (length(secret) between 16 and 200);
    create unique index exchange_partners_code_key on exchange_partners (county_code);
    create trigger exchange_partners_updated_at before update on exchange_partners for each row execute function set_updated_at();
  `);

  await knex.schema.createTable('exchange_packages', (t) => {
    t.increments('id');
    t.text('package_id').notNullable();
    t.text('direction').notNullable();
    t.text('partner_county_code').notNullable();
    t.integer('queries').notNullable().defaultTo(0);
    t.integer('answers').notNullable().defaultTo(0);
    t.integer('created_by').references('users.id');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw(`
    alter table exchange_packages
      add constraint exchange_packages_direction_check check (direction in ('out', 'in'));
    create unique index exchange_packages_key on exchange_packages (direction, package_id);
  `);

  await knex('assessment_indicators')
    .where({ code: 'migrant_feedback_rate' })
    .update({ source: 'report', numerator_keys: ['migrant_queries_answered_on_time'], denominator_key: 'migrant_queries_due' });
}

export async function down(knex: Knex): Promise<void> {
  await knex('assessment_indicators').where({ code: 'migrant_feedback_rate' }).update({ source: 'records_pending', numerator_keys: null, denominator_key: null });
  for (const table of ['exchange_packages', 'exchange_partners', 'floating_queries', 'floating_query_kinds', 'floating_verifications', 'floating_settings']) {
    await knex.schema.dropTableIfExists(table);
  }
}
