/**
 * Sign-in hardening (issue 12): failed sign-ins are kept under a hash of the typed username (text typed into the
 * username field is often a password, and must not stay in the database), and the per-address sign-in limit is
 * counted in PostgreSQL so it holds across instances.
 */
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  // Rows written before this migration hold the typed text; they only feed a 15-minute lock, so they go.
  await knex.raw(`delete from login_failures`);
  await knex.raw(`alter table login_failures add constraint login_failures_key_is_hash check (username_key ~ '^[0-9a-f]{64}$')`);
  await knex.schema.createTable('rate_limit_hits', (t) => {
    t.text('key').primary();
    t.timestamp('window_start', { useTz: true }).notNullable();
    t.integer('hits').notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('rate_limit_hits');
  await knex.raw(`alter table login_failures drop constraint if exists login_failures_key_is_hash`);
}
