/**
 * The register (DESIGN §4): cards, children, pregnancies, contraception episodes, services, follow-ups,
 * double-check rounds, certificates, transfers and the birth-policy history. Code lists are CHECK constraints
 * with the codes of GLOSSARY.md (repeated here on purpose: a migration must not change when the app does).
 * Events carry region_id = the village where they happened, so a later transfer never rewrites history.
 */
import type { Knex } from 'knex';

const list = (values: string[]) => values.map((v) => `'${v}'`).join(', ');

const MARITAL = ['unmarried', 'first_marriage', 'remarried', 'divorced', 'widowed'];
const HUKOU = ['agricultural', 'non_agricultural', 'resident'];
const MIGRANT = ['none', 'outflow', 'inflow'];
const EXIT = ['over_age', 'moved_out', 'deceased', 'other'];
const SEX = ['male', 'female'];
const VITAL = ['living', 'deceased', 'disabled'];
const POLICY = ['compliant', 'non_compliant'];
const OUTCOME = ['ongoing', 'live_birth', 'stillbirth', 'miscarriage', 'surgical_abortion', 'medical_abortion', 'induced_labour'];
const METHOD = ['male_sterilization', 'female_sterilization', 'iud', 'implant', 'pill_or_injection', 'condom', 'topical', 'other'];
const END_REASON = ['removed', 'expelled', 'failure', 'switched', 'reversal', 'stopped', 'exited', 'other'];
const SERVICE = [
  'iud_insertion',
  'iud_removal',
  'female_sterilization',
  'male_sterilization',
  'implant_insertion',
  'implant_removal',
  'surgical_abortion',
  'medical_abortion',
  'induced_labour',
  'ring_pregnancy_check',
  'gyn_exam',
  'preconception_check',
  'ultrasound',
  'breast_exam',
  'contraceptive_supply',
  'counselling',
  'sterilization_reversal',
];
const COMPLICATION = ['none', 'uterine_perforation', 'infection', 'incomplete_abortion', 'haematoma', 'organ_injury', 'anaesthesia_accident', 'heavy_bleeding', 'other'];
const LEVEL = ['village', 'township', 'county'];
const CERT = ['only_child_glory', 'birth_registration', 'migrant_certificate'];

function timestamps(t: Knex.CreateTableBuilder, knex: Knex, editable = true) {
  if (editable) t.integer('version').notNullable().defaultTo(1);
  t.integer('created_by').references('users.id');
  t.timestamps(true, true);
  void knex;
}

async function updatedAtTrigger(knex: Knex, table: string) {
  await knex.raw(`create trigger ${table}_updated_at before update on ${table} for each row execute function set_updated_at()`);
}

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('birth_policies', (t) => {
    t.increments('id');
    t.date('effective_from').notNullable().unique();
    t.integer('children_allowed').notNullable();
    t.text('note').notNullable();
    t.timestamps(true, true);
  });

  await knex.schema.createTable('women', (t) => {
    t.increments('id');
    t.integer('region_id').notNullable().references('regions.id');
    t.text('id_number').notNullable();
    t.text('name').notNullable();
    t.date('birth_date').notNullable();
    t.text('ethnicity').notNullable().defaultTo('汉族');
    t.text('hukou_kind').notNullable();
    t.text('hukou_place');
    t.text('phone');
    t.text('address');
    t.text('marital_status').notNullable();
    t.date('marriage_date');
    t.text('early_marriage_note');
    t.text('spouse_name');
    t.text('spouse_id_number');
    t.text('spouse_hukou_kind');
    t.text('migrant_status').notNullable().defaultTo('none');
    t.text('migrant_place');
    t.date('migrant_since');
    t.date('migrant_verified_on');
    t.text('status').notNullable().defaultTo('active');
    t.text('exit_reason');
    t.date('exit_date');
    t.text('exit_note');
    t.integer('updated_by').references('users.id');
    timestamps(t, knex);
  });
  await knex.raw(`
    alter table women
      add constraint women_id_number_shape check (id_number ~ '^[0-9]{17}[0-9X]$'),
      add constraint women_spouse_id_shape check (spouse_id_number is null or spouse_id_number ~ '^[0-9]{17}[0-9X]$'),
      add constraint women_name_check check (length(btrim(name)) between 1 and 50),
      add constraint women_hukou_check check (hukou_kind in (${list(HUKOU)})),
      add constraint women_spouse_hukou_check check (spouse_hukou_kind is null or spouse_hukou_kind in (${list(HUKOU)})),
      add constraint women_marital_check check (marital_status in (${list(MARITAL)})),
      add constraint women_marriage_date_check check (marital_status = 'unmarried' or marriage_date is not null),
      add constraint women_migrant_check check (migrant_status in (${list(MIGRANT)})),
      add constraint women_status_check check (status in ('active', 'exited')),
      add constraint women_exit_check check (
        (status = 'active' and exit_reason is null and exit_date is null) or
        (status = 'exited' and exit_reason in (${list(EXIT)}) and exit_date is not null));
    create unique index women_active_id_number_key on women (id_number) where status = 'active';
    create index women_id_number_idx on women (id_number);
    create index women_region_status_idx on women (region_id, status);
    create index women_name_trgm_idx on women using gin (name gin_trgm_ops);
    create index women_id_number_trgm_idx on women using gin (id_number gin_trgm_ops);
    create index women_birth_date_idx on women (birth_date);
  `);
  await updatedAtTrigger(knex, 'women');

  await knex.schema.createTable('pregnancies', (t) => {
    t.increments('id');
    t.integer('woman_id').notNullable().references('women.id');
    t.integer('region_id').notNullable().references('regions.id');
    t.date('lmp_date');
    t.date('found_on').notNullable();
    t.text('outcome').notNullable().defaultTo('ongoing');
    t.date('outcome_date');
    t.boolean('contraceptive_failure').notNullable().defaultTo(false);
    t.text('failure_method');
    t.text('notes');
    timestamps(t, knex);
  });
  await knex.raw(`
    alter table pregnancies
      add constraint pregnancies_outcome_check check (outcome in (${list(OUTCOME)})),
      add constraint pregnancies_outcome_date_check check ((outcome = 'ongoing') = (outcome_date is null)),
      add constraint pregnancies_failure_method_check check (failure_method is null or failure_method in (${list(METHOD)}));
    create unique index pregnancies_one_ongoing on pregnancies (woman_id) where outcome = 'ongoing';
    create index pregnancies_woman_idx on pregnancies (woman_id);
    create index pregnancies_region_found_idx on pregnancies (region_id, found_on);
    create index pregnancies_outcome_date_idx on pregnancies (outcome_date) where outcome <> 'ongoing';
  `);
  await updatedAtTrigger(knex, 'pregnancies');

  await knex.schema.createTable('children', (t) => {
    t.increments('id');
    t.integer('woman_id').notNullable().references('women.id');
    t.integer('region_id').notNullable().references('regions.id');
    t.integer('pregnancy_id').references('pregnancies.id');
    t.text('name');
    t.text('sex').notNullable();
    t.date('birth_date').notNullable();
    t.integer('birth_order').notNullable();
    t.text('policy_status').notNullable();
    t.text('policy_proposed');
    t.text('policy_reason');
    t.text('permit_no');
    t.text('vital_status').notNullable().defaultTo('living');
    t.smallint('disability_grade');
    t.date('death_date');
    timestamps(t, knex);
  });
  await knex.raw(`
    alter table children
      add constraint children_sex_check check (sex in (${list(SEX)})),
      add constraint children_order_check check (birth_order >= 1),
      add constraint children_policy_check check (policy_status in (${list(POLICY)})),
      add constraint children_vital_check check (vital_status in (${list(VITAL)})),
      add constraint children_disability_check check (
        (vital_status = 'disabled') = (disability_grade is not null) and
        (disability_grade is null or disability_grade between 1 and 4)),
      add constraint children_death_check check ((vital_status = 'deceased') = (death_date is not null));
    create index children_woman_idx on children (woman_id, birth_date);
    create index children_region_birth_idx on children (region_id, birth_date);
    create index children_birth_date_idx on children (birth_date);
  `);
  await updatedAtTrigger(knex, 'children');

  await knex.schema.createTable('services', (t) => {
    t.increments('id');
    t.integer('woman_id').notNullable().references('women.id');
    t.integer('region_id').notNullable().references('regions.id');
    t.text('kind').notNullable();
    t.date('performed_on').notNullable();
    t.text('facility');
    t.text('provider');
    t.text('findings');
    t.text('complication').notNullable().defaultTo('none');
    t.boolean('complication_serious').notNullable().defaultTo(false);
    t.text('notes');
    t.text('iud_result');
    t.text('pregnancy_result');
    t.integer('pregnancy_id').references('pregnancies.id');
    timestamps(t, knex);
  });
  await knex.raw(`
    alter table services
      add constraint services_kind_check check (kind in (${list(SERVICE)})),
      add constraint services_complication_check check (complication in (${list(COMPLICATION)})),
      add constraint services_iud_result_check check (iud_result is null or iud_result in ('present', 'absent')),
      add constraint services_pregnancy_result_check check (pregnancy_result is null or pregnancy_result in ('positive', 'negative'));
    create index services_woman_idx on services (woman_id, performed_on);
    create index services_region_date_idx on services (region_id, performed_on);
    create index services_kind_date_idx on services (kind, performed_on);
  `);
  await updatedAtTrigger(knex, 'services');

  await knex.schema.createTable('contraception_episodes', (t) => {
    t.increments('id');
    t.integer('woman_id').notNullable().references('women.id');
    t.integer('region_id').notNullable().references('regions.id');
    t.text('method').notNullable();
    t.date('started_on').notNullable();
    t.date('ended_on');
    t.text('end_reason');
    t.date('due_on');
    t.integer('service_id').references('services.id');
    t.integer('end_service_id').references('services.id');
    t.text('notes');
    timestamps(t, knex);
  });
  await knex.raw(`
    alter table contraception_episodes
      add constraint episodes_method_check check (method in (${list(METHOD)})),
      add constraint episodes_end_check check (
        (ended_on is null and end_reason is null) or
        (ended_on is not null and ended_on >= started_on and end_reason in (${list(END_REASON)})));
    create unique index episodes_one_current on contraception_episodes (woman_id) where ended_on is null;
    create index episodes_woman_idx on contraception_episodes (woman_id, started_on);
    create index episodes_current_method_idx on contraception_episodes (method) where ended_on is null;
    create index episodes_due_idx on contraception_episodes (due_on) where ended_on is null and due_on is not null;
  `);
  await updatedAtTrigger(knex, 'contraception_episodes');

  await knex.schema.createTable('follow_up_schedules', (t) => {
    t.increments('id');
    t.text('service_kind').notNullable();
    t.integer('months_after').notNullable();
    t.text('level').notNullable();
    t.boolean('serious_complication_only').notNullable().defaultTo(false);
    t.boolean('active').notNullable().defaultTo(true);
    t.text('note');
    t.timestamps(true, true);
    t.unique(['service_kind', 'months_after', 'level', 'serious_complication_only']);
  });
  await knex.raw(`
    alter table follow_up_schedules
      add constraint fus_kind_check check (service_kind in (${list(SERVICE)})),
      add constraint fus_level_check check (level in (${list(LEVEL)})),
      add constraint fus_months_check check (months_after between 0 and 120);
  `);

  await knex.schema.createTable('follow_ups', (t) => {
    t.increments('id');
    t.integer('woman_id').notNullable().references('women.id');
    t.integer('service_id').references('services.id');
    t.integer('region_id').notNullable().references('regions.id');
    t.text('level').notNullable();
    t.date('due_on').notNullable();
    t.date('done_on');
    t.text('result');
    t.integer('done_by').references('users.id');
    t.text('note');
    timestamps(t, knex);
  });
  await knex.raw(`
    alter table follow_ups
      add constraint follow_ups_level_check check (level in (${list(LEVEL)})),
      add constraint follow_ups_done_check check ((done_on is null) = (result is null));
    create index follow_ups_due_idx on follow_ups (region_id, due_on) where done_on is null;
    create index follow_ups_woman_idx on follow_ups (woman_id);
    create index follow_ups_due_on_idx on follow_ups (due_on);
    create index follow_ups_done_on_idx on follow_ups (done_on) where done_on is not null;
  `);
  await updatedAtTrigger(knex, 'follow_ups');

  await knex.schema.createTable('check_rounds', (t) => {
    t.increments('id');
    t.integer('township_id').notNullable().references('regions.id');
    t.integer('year').notNullable();
    t.integer('quarter').notNullable();
    t.date('opened_on').notNullable();
    t.date('closes_on').notNullable();
    t.text('status').notNullable().defaultTo('open');
    timestamps(t, knex);
    t.unique(['township_id', 'year', 'quarter']);
  });
  await knex.raw(`
    alter table check_rounds
      add constraint check_rounds_quarter_check check (quarter between 1 and 4),
      add constraint check_rounds_status_check check (status in ('open', 'closed'));
  `);
  await updatedAtTrigger(knex, 'check_rounds');

  await knex.schema.createTable('check_results', (t) => {
    t.increments('id');
    t.integer('round_id').notNullable().references('check_rounds.id');
    t.integer('woman_id').notNullable().references('women.id');
    t.text('status').notNullable().defaultTo('due');
    t.integer('service_id').references('services.id');
    t.date('checked_on');
    t.text('iud_result');
    t.text('pregnancy_result');
    t.text('note');
    timestamps(t, knex);
    t.unique(['round_id', 'woman_id']);
  });
  await knex.raw(`
    alter table check_results
      add constraint check_results_status_check check (status in ('due', 'done', 'excused')),
      add constraint check_results_iud_check check (iud_result is null or iud_result in ('present', 'absent', 'not_applicable')),
      add constraint check_results_preg_check check (pregnancy_result is null or pregnancy_result in ('positive', 'negative'));
    create index check_results_woman_idx on check_results (woman_id);
  `);
  await updatedAtTrigger(knex, 'check_results');

  await knex.schema.createTable('certificates', (t) => {
    t.increments('id');
    t.integer('woman_id').notNullable().references('women.id');
    t.integer('region_id').notNullable().references('regions.id');
    t.text('kind').notNullable();
    t.text('number').notNullable();
    t.date('issued_on').notNullable();
    t.date('expires_on');
    t.integer('child_id').references('children.id');
    t.date('revoked_on');
    t.text('revoke_reason');
    timestamps(t, knex);
  });
  await knex.raw(`
    alter table certificates
      add constraint certificates_kind_check check (kind in (${list(CERT)})),
      add constraint certificates_revoke_check check ((revoked_on is null) = (revoke_reason is null));
    create unique index certificates_number_key on certificates (kind, number);
    create index certificates_woman_idx on certificates (woman_id);
    create index certificates_issued_idx on certificates (kind, issued_on);
  `);
  await updatedAtTrigger(knex, 'certificates');

  await knex.schema.createTable('transfers', (t) => {
    t.increments('id');
    t.integer('woman_id').notNullable().references('women.id');
    t.integer('from_region_id').notNullable().references('regions.id');
    t.integer('to_region_id').notNullable().references('regions.id');
    t.text('status').notNullable().defaultTo('pending');
    t.date('moved_on').notNullable();
    t.text('reason');
    t.integer('decided_by').references('users.id');
    t.timestamp('decided_at', { useTz: true });
    t.text('decision_note');
    timestamps(t, knex);
  });
  await knex.raw(`
    alter table transfers
      add constraint transfers_status_check check (status in ('pending', 'accepted', 'rejected', 'cancelled')),
      add constraint transfers_distinct_check check (from_region_id <> to_region_id);
    create unique index transfers_one_pending on transfers (woman_id) where status = 'pending';
    create index transfers_to_idx on transfers (to_region_id, status);
    create index transfers_woman_idx on transfers (woman_id);
  `);
  await updatedAtTrigger(knex, 'transfers');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`drop table if exists transfers, certificates, check_results, check_rounds, follow_ups,
    follow_up_schedules, contraception_episodes, services, children, pregnancies, women, birth_policies cascade`);
}
