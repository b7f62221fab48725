/**
 * Status histories: a woman's marital status, migrant status and hukou kind become dated histories, and the card
 * gets the day she came onto this county's register (registered_on, 在册起始日期 / 建卡/迁入日期). The women columns
 * (marital_status, marriage_date, migrant_*, hukou_kind, spouse_hukou_kind) stay as the card's CURRENT state; the
 * register keeps them equal to the latest event. A figure for a past date reads these histories, never the card.
 *
 * `undated` marks an event whose real date is unknown: effective_on was filled from the day it was recorded (for the
 * backfill: the day the card was last changed), and the data-quality roster lists it until someone dates it.
 * A hukou row with effective_on NULL is the initial state ("as registered, applies from the beginning"); a change
 * always has a date.
 */
import type { Knex } from 'knex';

const list = (values: string[]) => values.map((v) => `'${v}'`).join(', ');

const MARITAL_EVENT = ['first_marriage', 'divorce', 'remarriage', 'widowed'];
const FLOATING_EVENT = ['outflow', 'inflow', 'return'];
const WHOSE = ['woman', 'spouse'];
const HUKOU = ['agricultural', 'non_agricultural', 'resident'];

/** The China date of a timestamptz column. */
const chinaDay = (col: string) => `((${col}) at time zone 'Asia/Shanghai')::date`;

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('marital_events', (t) => {
    t.increments('id');
    t.integer('woman_id').notNullable().references('women.id');
    t.text('kind').notNullable();
    t.date('effective_on').notNullable();
    t.boolean('undated').notNullable().defaultTo(false);
    t.text('spouse_name');
    t.text('spouse_id_number');
    t.integer('created_by').references('users.id');
    t.timestamps(true, true);
    t.index(['woman_id', 'effective_on']);
  });
  await knex.schema.createTable('floating_events', (t) => {
    t.increments('id');
    t.integer('woman_id').notNullable().references('women.id');
    t.text('kind').notNullable();
    t.date('effective_on').notNullable();
    t.boolean('undated').notNullable().defaultTo(false);
    t.text('place');
    t.integer('created_by').references('users.id');
    t.timestamps(true, true);
    t.index(['woman_id', 'effective_on']);
    t.index(['effective_on']);
  });
  await knex.schema.createTable('hukou_events', (t) => {
    t.increments('id');
    t.integer('woman_id').notNullable().references('women.id');
    t.text('whose').notNullable();
    t.text('hukou_kind').notNullable();
    t.date('effective_on');
    t.integer('created_by').references('users.id');
    t.timestamps(true, true);
    t.index(['woman_id', 'whose', 'effective_on']);
  });
  await knex.raw(`
    alter table marital_events
      add constraint marital_events_kind_check check (kind in (${list(MARITAL_EVENT)})),
      add constraint marital_events_spouse_id_shape check (spouse_id_number is null or spouse_id_number ~ '^[0-9]{17}[0-9X]$');
    alter table floating_events add constraint floating_events_kind_check check (kind in (${list(FLOATING_EVENT)}));
    alter table hukou_events
      add constraint hukou_events_whose_check check (whose in (${list(WHOSE)})),
      add constraint hukou_events_hukou_kind_check check (hukou_kind in (${list(HUKOU)}));
    create trigger marital_events_updated_at before update on marital_events for each row execute function set_updated_at();
    create trigger floating_events_updated_at before update on floating_events for each row execute function set_updated_at();
    create trigger hukou_events_updated_at before update on hukou_events for each row execute function set_updated_at();
  `);

  // Backfill: marriages at the card's marriage date (with the spouse the card names); the end of a marriage
  // (divorce, widowhood) has no date on the card, so it is undated at the day the card was last changed (never
  // before the marriage itself).
  await knex.raw(`
    insert into marital_events (woman_id, kind, effective_on, undated, spouse_name, spouse_id_number, created_by, created_at)
    select w.id, case when w.marital_status = 'remarried' then 'remarriage' else 'first_marriage' end, w.marriage_date, false,
           w.spouse_name, w.spouse_id_number, w.created_by, w.created_at
      from women w where w.marital_status <> 'unmarried' and w.marriage_date is not null;
    insert into marital_events (woman_id, kind, effective_on, undated, created_by, created_at)
    select w.id, case when w.marital_status = 'divorced' then 'divorce' else 'widowed' end,
           greatest(${chinaDay('w.updated_at')}, w.marriage_date), true, w.updated_by, w.updated_at
      from women w where w.marital_status in ('divorced', 'widowed') and w.marriage_date is not null;
    insert into floating_events (woman_id, kind, effective_on, undated, place, created_by, created_at)
    select w.id, w.migrant_status, coalesce(w.migrant_since, ${chinaDay('w.updated_at')}), w.migrant_since is null,
           w.migrant_place, w.created_by, w.created_at
      from women w where w.migrant_status in ('outflow', 'inflow');
    insert into hukou_events (woman_id, whose, hukou_kind, effective_on, created_by, created_at)
    select w.id, 'woman', w.hukou_kind, null, w.created_by, w.created_at from women w;
    insert into hukou_events (woman_id, whose, hukou_kind, effective_on, created_by, created_at)
    select w.id, 'spouse', w.spouse_hukou_kind, null, w.created_by, w.created_at from women w where w.spouse_hukou_kind is not null;
  `);

  // registered_on: the cards that exist were migrated onto this system from the paper register, which held a woman
  // from the day she turned 15 (or from her card's day, when that was earlier): least(card day, 15th birthday).
  // A writer that does not name the column (older scripts, raw fixtures) gets the same rule from a trigger; the
  // register's own writers (card form, import, demo) always give it.
  await knex.raw(`
    alter table women add column registered_on date;
    update women set registered_on = least(${chinaDay('created_at')}, (birth_date + interval '15 years')::date);
    alter table women alter column registered_on set not null;
    create or replace function women_registered_on_default() returns trigger language plpgsql as $$
    begin
      if new.registered_on is null then
        new.registered_on := least(${chinaDay('coalesce(new.created_at, now())')}, (new.birth_date + interval '15 years')::date);
      end if;
      return new;
    end $$;
    create trigger women_registered_on_default before insert on women for each row execute function women_registered_on_default();
    create index women_registered_on_idx on women (registered_on);
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    drop trigger if exists women_registered_on_default on women;
    drop function if exists women_registered_on_default();
    alter table women drop column if exists registered_on;
  `);
  await knex.schema.dropTableIfExists('hukou_events');
  await knex.schema.dropTableIfExists('floating_events');
  await knex.schema.dropTableIfExists('marital_events');
}
