/**
 * Foundation: regions, users, sign-in failures, the session table (connect-pg-simple) and the append-only
 * audit log. Self-contained: migrations never import application code.
 */
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw('create extension if not exists pg_trgm');

  // One trigger function keeps updated_at honest for every table that has it.
  await knex.raw(`
    create or replace function set_updated_at() returns trigger language plpgsql as $$
    begin
      new.updated_at := now();
      return new;
    end $$;
  `);

  await knex.schema.createTable('regions', (t) => {
    t.increments('id');
    t.text('code').notNullable().unique();
    t.text('name').notNullable();
    t.text('level').notNullable();
    t.integer('parent_id').references('regions.id');
    t.boolean('active').notNullable().defaultTo(true);
    t.integer('version').notNullable().defaultTo(1);
    t.timestamps(true, true);
  });
  await knex.raw(`
    alter table regions
      add constraint regions_level_check check (level in ('county', 'township', 'village')),
      add constraint regions_code_shape check (
        (level = 'county' and code ~ '^[0-9]{6}$') or
        (level = 'township' and code ~ '^[0-9]{9}$') or
        (level = 'village' and code ~ '^[0-9]{12}$')),
      add constraint regions_parent_check check ((level = 'county') = (parent_id is null)),
      add constraint regions_name_check check (length(btrim(name)) between 1 and 50);
    create index regions_parent_idx on regions (parent_id);
    create index regions_code_prefix_idx on regions (code text_pattern_ops);
    create trigger regions_updated_at before update on regions for each row execute function set_updated_at();
  `);

  await knex.schema.createTable('users', (t) => {
    t.increments('id');
    t.text('username').notNullable();
    t.text('display_name').notNullable();
    t.text('password_hash').notNullable();
    t.text('role').notNullable();
    t.integer('region_id').notNullable().references('regions.id');
    t.boolean('active').notNullable().defaultTo(true);
    t.boolean('must_change_password').notNullable().defaultTo(false);
    t.integer('failed_logins').notNullable().defaultTo(0);
    t.timestamp('locked_until', { useTz: true });
    t.timestamp('last_login_at', { useTz: true });
    t.timestamp('password_changed_at', { useTz: true });
    t.integer('version').notNullable().defaultTo(1);
    t.timestamps(true, true);
  });
  await knex.raw(`
    alter table users
      add constraint users_role_check check (role in ('clerk', 'supervisor', 'admin')),
      add constraint users_username_shape check (username ~ '^[A-Za-z0-9_.-]{3,32}$');
    create unique index users_username_key on users (lower(username));
    create index users_region_idx on users (region_id);
    create trigger users_updated_at before update on users for each row execute function set_updated_at();
  `);

  // Failed sign-ins are kept per username whether or not the account exists, so the lockout message cannot
  // reveal which usernames are real.
  await knex.schema.createTable('login_failures', (t) => {
    t.bigIncrements('id');
    t.text('username_key').notNullable();
    t.text('ip');
    t.timestamp('at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['username_key', 'at']);
  });

  // connect-pg-simple's table (its table.sql), created here rather than at run time.
  await knex.raw(`
    create table session (
      sid varchar not null collate "default" primary key,
      sess json not null,
      expire timestamp(6) not null
    );
    create index session_expire_idx on session (expire);
    create index session_user_idx on session (((sess -> 'passport' ->> 'user')));
  `);

  // Append-only: no UPDATE, DELETE or TRUNCATE, whatever the role (enforced by triggers, tested).
  await knex.schema.createTable('audit_log', (t) => {
    t.bigIncrements('id');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.integer('user_id').references('users.id');
    t.text('username');
    t.text('action').notNullable();
    t.text('entity').notNullable();
    t.text('entity_id');
    t.integer('region_id').references('regions.id');
    t.jsonb('before');
    t.jsonb('after');
    t.text('reason');
    t.text('ip');
  });
  await knex.raw(`
    create index audit_log_created_idx on audit_log (created_at desc);
    create index audit_log_entity_idx on audit_log (entity, entity_id);
    create index audit_log_region_idx on audit_log (region_id, created_at desc);
    create index audit_log_user_idx on audit_log (user_id, created_at desc);
    create or replace function audit_log_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'audit_log is append-only (% refused)', tg_op using errcode = 'insufficient_privilege';
    end $$;
    create trigger audit_log_no_update before update or delete on audit_log
      for each row execute function audit_log_append_only();
    create trigger audit_log_no_truncate before truncate on audit_log
      for each statement execute function audit_log_append_only();
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop table if exists audit_log, session, login_failures, users, regions cascade');
  await knex.raw('drop function if exists audit_log_append_only, set_updated_at');
}
