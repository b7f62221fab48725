/**
 * Issue 19 §4, pages whose cost is the page, not the register.
 *
 * 1. The home page's costly panels (技术服务待办, 数据质量) are kept per (panel, role, area) and day in
 *    `home_panel_cache`, stamped with the data version they were computed at. Every write to the register's tables
 *    moves the version: a statement-level trigger notes the transaction in `home_dirty` (one row per transaction,
 *    however many statements), and a deferred constraint trigger on that row bumps `home_data_version` at commit
 *    (the counter row is locked only for the instant before the commit, so writers do not queue behind each other)
 *    and removes the note. The page reads the version first, then either the cached figures of that version or
 *    computes them: a write committed after the version was read has a larger version, so nothing stale is served.
 *    Being in PostgreSQL, it holds across app instances. Tables created by later migrations get no trigger here.
 *
 * 2. The principal is kept in the session, not reloaded per request: whatever changes who a user is (disable, her
 *    role or her region) deletes her session rows in the same transaction, from any code path (a trigger on users;
 *    password changes end sessions in their services, which keep the changing user's own).
 *
 * 3. The name search: pg_trgm makes no trigram of a Chinese name in a database whose ctype is C (the default of
 *    the embedded cluster), and none of a two-character query (`%秀英%`) in any: the trigram index on women.name
 *    did not help and every name search read the whole register. `name_grams(name)` is the name's characters and
 *    pairs of characters; a GIN index over it answers `name_grams(name) @> {the query's pairs}` (its one character
 *    when the query is one character), and the `like '%…%'` kept beside it decides, so the rows are the same.
 */
import type { Knex } from 'knex';

/** Tables whose writes never change a home panel's figures (sessions, logs, jobs, accounts, the cache itself). */
const NOT_WATCHED = [
  'session',
  'audit_log',
  'login_failures',
  'rate_limit_hits',
  'import_jobs',
  'users',
  'knex_migrations',
  'knex_migrations_lock',
  'home_panel_cache',
  'home_data_version',
  'home_dirty',
  // The API's clients and call log (every call writes them) and the figure store (derived, written with the
  // register's own writes, and by the nightly check).
  'api_clients',
  'api_calls',
  'figure_counts',
  'figure_contributions',
  'figure_touched',
  'figure_stock_due',
  'figure_month_stock',
  'figure_check_runs',
  'figure_store_meta',
];

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('home_data_version', (t) => {
    t.integer('id').primary();
    t.bigInteger('version').notNullable();
  });
  await knex.schema.createTable('home_dirty', (t) => {
    t.bigInteger('txid').primary();
  });
  await knex.schema.createTable('home_panel_cache', (t) => {
    t.text('cache_key').primary();
    t.date('today').notNullable();
    t.bigInteger('version').notNullable();
    t.jsonb('payload').notNullable();
    t.timestamp('computed_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw(`
    create function home_note_write() returns trigger language plpgsql as $$
    begin
      insert into home_dirty (txid) values (txid_current()) on conflict do nothing;
      return null;
    end $$;
    create function home_bump_version() returns trigger language plpgsql as $$
    begin
      insert into home_data_version (id, version) values (1, 1)
        on conflict (id) do update set version = home_data_version.version + 1;
      delete from home_dirty where txid = new.txid;
      return null;
    end $$;
    create constraint trigger home_dirty_bump after insert on home_dirty
      deferrable initially deferred for each row execute function home_bump_version();
  `);
  const { rows } = await knex.raw<{ rows: { table_name: string }[] }>(
    `select table_name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name`,
  );
  for (const { table_name } of rows) {
    if (NOT_WATCHED.includes(table_name)) continue;
    await knex.raw(`create trigger home_watch after insert or update or delete or truncate on ?? for each statement execute function home_note_write()`, [table_name]);
  }

  await knex.raw(`
    create function name_grams(t text) returns text[] language sql immutable strict parallel safe as $$
      select coalesce(array_agg(distinct g), '{}') from (
        select substr(t, i, 1) as g from generate_series(1, char_length(t)) i
        union all
        select substr(t, i, 2) from generate_series(1, char_length(t) - 1) i
      ) grams
    $$;
    create index women_name_grams_idx on women using gin (name_grams(name));
  `);

  await knex.raw(`
    create function end_sessions_of_changed_user() returns trigger language plpgsql as $$
    begin
      delete from session where (sess -> 'passport' ->> 'user') = new.id::text;
      return null;
    end $$;
    create trigger users_end_sessions after update on users for each row
      when (old.role is distinct from new.role or old.region_id is distinct from new.region_id or (old.active and not new.active))
      execute function end_sessions_of_changed_user();
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop trigger if exists users_end_sessions on users; drop function if exists end_sessions_of_changed_user()');
  await knex.raw('drop index if exists women_name_grams_idx; drop function if exists name_grams(text)');
  const { rows } = await knex.raw<{ rows: { table_name: string }[] }>(`select event_object_table as table_name from information_schema.triggers where trigger_name = 'home_watch' group by 1`);
  for (const { table_name } of rows) await knex.raw('drop trigger if exists home_watch on ??', [table_name]);
  await knex.schema.dropTable('home_panel_cache');
  await knex.schema.dropTable('home_dirty');
  await knex.schema.dropTable('home_data_version');
  await knex.raw('drop function if exists home_bump_version(); drop function if exists home_note_write()');
}
