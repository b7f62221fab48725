/**
 * Levels above the county (issue 19 §1): province (2-digit code) and city (4) regions above the county (6), so a
 * deployment holds one county (the default), a city or a province — its root (parent null) is a province, a city
 * or a county. And the county's month up the chain: once the county has accepted every township's month, the
 * county supervisor submits the county's month to the region above (city, or province without a city), which
 * accepts it or returns it with a reason. One row per county and month (no row means 未提交).
 * Self-contained: migrations never import application code.
 */
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    alter table regions
      drop constraint regions_level_check,
      drop constraint regions_code_shape,
      drop constraint regions_parent_check;
    alter table regions
      add constraint regions_level_check check (level in ('province', 'city', 'county', 'township', 'village')),
      add constraint regions_code_shape check (
        (level = 'province' and code ~ '^[0-9]{2}$') or
        (level = 'city' and code ~ '^[0-9]{4}$') or
        (level = 'county' and code ~ '^[0-9]{6}$') or
        (level = 'township' and code ~ '^[0-9]{9}$') or
        (level = 'village' and code ~ '^[0-9]{12}$')),
      add constraint regions_parent_check check (
        (parent_id is not null or level in ('province', 'city', 'county')) and (level <> 'province' or parent_id is null));
  `);

  await knex.schema.createTable('county_periods', (t) => {
    t.increments('id');
    t.integer('county_id').notNullable().references('regions.id');
    t.date('month').notNullable();
    t.text('status').notNullable();
    t.jsonb('snapshot');
    t.integer('submitted_by').references('users.id');
    t.timestamp('submitted_at', { useTz: true });
    t.timestamp('first_submitted_at', { useTz: true });
    t.integer('accepted_by').references('users.id');
    t.timestamp('accepted_at', { useTz: true });
    t.integer('returned_by').references('users.id');
    t.timestamp('returned_at', { useTz: true });
    t.text('comment');
    t.integer('version').notNullable().defaultTo(1);
    t.timestamps(true, true);
    t.unique(['county_id', 'month']);
  });
  await knex.raw(`
    alter table county_periods
      add constraint county_periods_status_check check (status in ('not_submitted', 'submitted', 'accepted', 'returned')),
      add constraint county_periods_month_check check (month = date_trunc('month', month)::date),
      add constraint county_periods_accepted_check check ((status = 'accepted') = (accepted_at is not null)),
      add constraint county_periods_returned_check check (status <> 'returned' or (returned_at is not null and length(btrim(comment)) between 1 and 500)),
      add constraint county_periods_snapshot_check check (status not in ('submitted', 'accepted') or (snapshot is not null and submitted_at is not null));
    create index county_periods_month_idx on county_periods (month, status);
    create trigger county_periods_updated_at before update on county_periods
      for each row execute function set_updated_at();
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('county_periods');
  await knex.raw(`
    alter table regions
      drop constraint regions_level_check,
      drop constraint regions_code_shape,
      drop constraint regions_parent_check;
    alter table regions
      add constraint regions_level_check check (level in ('county', 'township', 'village')),
      add constraint regions_code_shape check (
        (level = 'county' and code ~ '^[0-9]{6}$') or
        (level = 'township' and code ~ '^[0-9]{9}$') or
        (level = 'village' and code ~ '^[0-9]{12}$')),
      add constraint regions_parent_check check ((level = 'county') = (parent_id is null));
  `);
}
