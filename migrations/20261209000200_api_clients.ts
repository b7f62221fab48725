/**
 * The JSON API's clients and their call log (issue 19 §3, the API for other systems).
 *
 * - api_clients: a system that calls /api/v1 with a bearer token (a city system, a hospital, another county). The
 *   admin names it, says what it is for, the region it may read (and write), read or write access and its rate
 *   limit per minute. Only the token's sha256 is kept (token_hash) and its first 8 characters to recognise it
 *   (token_prefix); the token itself is shown once, when the client is made. Revoked with a reason, never deleted.
 * - api_calls: one row per call (client, method, path, status, milliseconds). Not the audit log: the audit log is
 *   append-only and for changes and reveals, while every read of a polling system would flood it; this log is
 *   bounded (rows older than the retention are removed as new calls come in). Writes made through the API
 *   (an imported exchange package) also leave their audit row, in the write's transaction.
 */
import type { Knex } from 'knex';

const ACCESS = ['read', 'write'];
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];
const list = (values: string[]) => values.map((v) => `'${v}'`).join(', ');

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('api_clients', (t) => {
    t.increments('id');
    t.text('name').notNullable();
    t.text('purpose').notNullable();
    t.integer('region_id').notNullable().references('regions.id');
    t.text('access').notNullable();
    t.text('token_prefix').notNullable();
    t.text('token_hash').notNullable();
    t.integer('rate_limit_per_minute').notNullable().defaultTo(60);
    t.integer('created_by').references('users.id');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.integer('revoked_by').references('users.id');
    t.timestamp('revoked_at', { useTz: true });
    t.text('revoke_reason');
    t.timestamp('last_used_at', { useTz: true });
  });
  await knex.raw(`
    alter table api_clients
      add constraint api_clients_name_check check (length(btrim(name)) between 1 and 60),
      add constraint api_clients_purpose_check check (length(btrim(purpose)) between 1 and 200),
      add constraint api_clients_access_check check (access in (${list(ACCESS)})),
      add constraint api_clients_prefix_check check (length(token_prefix) = 8),
      add constraint api_clients_hash_check check (token_hash ~ '^[0-9a-f]{64}$'),
      add constraint api_clients_rate_check check (rate_limit_per_minute between 1 and 6000),
      add constraint api_clients_revoked_check check (
        (revoked_at is null and revoked_by is null and revoke_reason is null)
        or (revoked_at is not null and length(btrim(revoke_reason)) between 1 and 200)
      );
    create unique index api_clients_hash_key on api_clients (token_hash);
    create index api_clients_created_idx on api_clients (created_at desc, id desc);
  `);

  await knex.schema.createTable('api_calls', (t) => {
    t.bigIncrements('id');
    t.integer('client_id').references('api_clients.id');
    t.timestamp('at', { useTz: true }).notNullable();
    t.text('method').notNullable();
    t.text('path').notNullable();
    t.smallint('status').notNullable();
    t.integer('ms').notNullable().defaultTo(0);
  });
  await knex.raw(`
    alter table api_calls
      add constraint api_calls_method_check check (method in (${list(METHODS)})),
      add constraint api_calls_path_check check (length(path) between 1 and 500),
      add constraint api_calls_status_check check (status between 100 and 599),
      add constraint api_calls_ms_check check (ms >= 0);
    create index api_calls_client_idx on api_calls (client_id, at desc);
    create index api_calls_at_idx on api_calls (at);
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('api_calls');
  await knex.schema.dropTable('api_clients');
}
