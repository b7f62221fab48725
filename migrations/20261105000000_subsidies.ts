/**
 * Subsidies (DESIGN §4, §7): programs with dated standards, applications with their decisions, payment batches
 * and payments. Money is integer fen. Code lists are repeated here on purpose (a migration must not change when
 * the app does). "Never paid twice for the same application and period" is a partial unique index: a failed
 * payment does not count, so it can be paid again in a later batch.
 */
import type { Knex } from 'knex';

const list = (values: string[]) => values.map((v) => `'${v}'`).join(', ');

const PROGRAMS = ['reward_assistance', 'special_assistance_death', 'special_assistance_disability', 'only_child_reward', 'assisted_reproduction'];
const STATUS = ['draft', 'submitted', 'township_approved', 'approved', 'returned', 'rejected', 'revoked'];
const UNIT = ['per_year', 'per_month', 'once'];
const TIER = ['national', 'provincial', 'local'];
const ACTION = ['submit', 'approve', 'return', 'reject', 'revoke'];
const REVOKE = ['deceased', 'ineligible', 'moved_out', 'other'];
const PAYMENT = ['pending', 'paid', 'failed'];

async function updatedAtTrigger(knex: Knex, table: string) {
  await knex.raw(`create trigger ${table}_updated_at before update on ${table} for each row execute function set_updated_at()`);
}

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('subsidy_programs', (t) => {
    t.increments('id');
    t.text('code').notNullable().unique();
    t.text('name').notNullable();
    t.text('unit').notNullable();
    // Ordered approval levels: township review then county approval, or township only.
    t.specificType('approval_levels', 'text[]').notNullable().defaultTo(knex.raw(`'{township,county}'`));
    t.jsonb('params').notNullable().defaultTo('{}');
    t.specificType('evidence', 'text[]').notNullable().defaultTo('{}');
    t.boolean('active').notNullable().defaultTo(true);
    t.integer('sort_order').notNullable().defaultTo(0);
    t.integer('version').notNullable().defaultTo(1);
    t.integer('updated_by').references('users.id');
    t.timestamps(true, true);
  });
  await knex.raw(`
    alter table subsidy_programs
      add constraint subsidy_programs_code_check check (code in (${list(PROGRAMS)})),
      add constraint subsidy_programs_unit_check check (unit in (${list(UNIT)})),
      add constraint subsidy_programs_levels_check check (approval_levels in ('{township,county}'::text[], '{township}'::text[]));
  `);
  await updatedAtTrigger(knex, 'subsidy_programs');

  // Standards are never edited: a change is a new row with its effective date, so history stays readable.
  await knex.schema.createTable('subsidy_standards', (t) => {
    t.increments('id');
    t.text('program').notNullable().references('subsidy_programs.code');
    t.text('tier').notNullable();
    t.date('effective_from').notNullable();
    t.integer('amount_fen').notNullable();
    t.text('note');
    t.integer('created_by').references('users.id');
    t.timestamps(true, true);
    t.unique(['program', 'tier', 'effective_from']);
  });
  await knex.raw(`
    alter table subsidy_standards
      add constraint subsidy_standards_tier_check check (tier in (${list(TIER)})),
      add constraint subsidy_standards_amount_check check (amount_fen >= 0);
  `);

  await knex.schema.createTable('subsidy_applications', (t) => {
    t.increments('id');
    t.text('program').notNullable().references('subsidy_programs.code');
    t.integer('woman_id').notNullable().references('women.id');
    t.integer('region_id').notNullable().references('regions.id');
    t.integer('year').notNullable();
    t.text('status').notNullable().defaultTo('draft');
    t.text('beneficiary').notNullable();
    t.text('beneficiary_name').notNullable();
    t.text('beneficiary_id_number');
    t.text('bank_name');
    t.text('bank_account');
    t.text('account_holder');
    t.integer('amount_requested_fen');
    t.specificType('evidence', 'text[]').notNullable().defaultTo('{}');
    t.text('note');
    t.jsonb('eligibility');
    t.timestamp('submitted_at', { useTz: true });
    t.timestamp('decided_at', { useTz: true });
    t.date('revoked_on');
    t.text('revoke_reason');
    t.integer('created_by').references('users.id');
    t.integer('updated_by').references('users.id');
    t.integer('version').notNullable().defaultTo(1);
    t.timestamps(true, true);
  });
  await knex.raw(`
    alter table subsidy_applications
      add constraint subsidy_applications_status_check check (status in (${list(STATUS)})),
      add constraint subsidy_applications_beneficiary_check check (beneficiary in ('woman', 'spouse')),
      add constraint subsidy_applications_year_check check (year between 1990 and 2100),
      add constraint subsidy_applications_id_shape check (beneficiary_id_number is null or beneficiary_id_number ~ '^[0-9]{17}[0-9X]$'),
      add constraint subsidy_applications_amount_check check (amount_requested_fen is null or amount_requested_fen > 0),
      add constraint subsidy_applications_revoke_check check (
        (status = 'revoked') = (revoked_on is not null) and
        (revoke_reason is null or revoke_reason in (${list(REVOKE)})) and
        ((revoked_on is null) = (revoke_reason is null)));
    -- One live application per beneficiary and program (assisted reproduction is claimed repeatedly under a cap).
    create unique index subsidy_applications_one_live on subsidy_applications (program, woman_id, beneficiary)
      where status not in ('rejected', 'revoked') and program <> 'assisted_reproduction';
    create index subsidy_applications_region_status_idx on subsidy_applications (region_id, status);
    create index subsidy_applications_woman_idx on subsidy_applications (woman_id);
    create index subsidy_applications_program_year_idx on subsidy_applications (program, year);
  `);
  await updatedAtTrigger(knex, 'subsidy_applications');

  await knex.schema.createTable('subsidy_decisions', (t) => {
    t.increments('id');
    t.integer('application_id').notNullable().references('subsidy_applications.id');
    t.text('action').notNullable();
    t.text('level');
    t.text('from_status').notNullable();
    t.text('to_status').notNullable();
    t.text('opinion');
    t.integer('user_id').references('users.id');
    t.text('user_name');
    t.timestamp('decided_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamps(true, true);
  });
  await knex.raw(`
    alter table subsidy_decisions
      add constraint subsidy_decisions_action_check check (action in (${list(ACTION)})),
      add constraint subsidy_decisions_level_check check (level is null or level in ('township', 'county')),
      add constraint subsidy_decisions_from_check check (from_status in (${list(STATUS)})),
      add constraint subsidy_decisions_to_check check (to_status in (${list(STATUS)}));
    create index subsidy_decisions_application_idx on subsidy_decisions (application_id, decided_at);
  `);

  await knex.schema.createTable('subsidy_payment_batches', (t) => {
    t.increments('id');
    t.text('program').notNullable().references('subsidy_programs.code');
    t.text('period').notNullable();
    t.date('period_start').notNullable();
    // Rows refused at generation (payee is not the beneficiary on record …), shown on the batch page.
    t.jsonb('skipped').notNullable().defaultTo('[]');
    t.timestamp('exported_at', { useTz: true });
    t.integer('created_by').references('users.id');
    t.integer('version').notNullable().defaultTo(1);
    t.timestamps(true, true);
  });
  await knex.raw(`
    alter table subsidy_payment_batches
      add constraint subsidy_batches_period_check check (period ~ '^[0-9]{4}(-(0[1-9]|1[0-2])){0,1}$');
    create index subsidy_batches_program_period_idx on subsidy_payment_batches (program, period);
  `);
  await updatedAtTrigger(knex, 'subsidy_payment_batches');

  await knex.schema.createTable('subsidy_payments', (t) => {
    t.increments('id');
    t.integer('batch_id').notNullable().references('subsidy_payment_batches.id');
    t.integer('application_id').notNullable().references('subsidy_applications.id');
    t.text('program').notNullable().references('subsidy_programs.code');
    t.text('period').notNullable();
    t.integer('region_id').notNullable().references('regions.id');
    t.text('payee_name').notNullable();
    t.text('payee_id_number');
    t.text('bank_name').notNullable();
    t.text('bank_account').notNullable();
    t.integer('amount_fen').notNullable();
    t.text('status').notNullable().defaultTo('pending');
    t.text('status_note');
    t.integer('decided_by').references('users.id');
    t.timestamp('decided_at', { useTz: true });
    t.integer('version').notNullable().defaultTo(1);
    t.timestamps(true, true);
  });
  await knex.raw(`
    alter table subsidy_payments
      add constraint subsidy_payments_status_check check (status in (${list(PAYMENT)})),
      add constraint subsidy_payments_amount_check check (amount_fen > 0);
    create unique index subsidy_payments_once_per_period on subsidy_payments (application_id, period) where status <> 'failed';
    create index subsidy_payments_batch_idx on subsidy_payments (batch_id);
  `);
  await updatedAtTrigger(knex, 'subsidy_payments');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`drop table if exists subsidy_payments, subsidy_payment_batches, subsidy_decisions, subsidy_applications,
    subsidy_standards, subsidy_programs cascade`);
}
