/**
 * The stock in the figure store (issue 19 §2): the days on which each woman's stock changes, so the stock at any
 * day (已婚育龄妇女, users by method … of an open month, a quarter, a year) is a sum of stored changes, not a read of
 * every woman.
 *
 * - figure_stock_contributions: per woman, +n on the day her stock starts counting under a village and key, -n on
 *   the day it stops (the stock source evaluated on the days her records can change it; rendered from the
 *   TypeScript source as figure_stock_rows_of / figure_stock_rows_between when the schema is prepared).
 * - figure_stock_changes: their sum per village × day × key (rows at 0 are removed).
 * - figure_stock_base: per year, village and key, the sum of the changes before 1 January of that year, for a
 *   window of years (the code holds it), so the stock at a day is that year's base plus the changes of the year up
 *   to the day.
 * - figure_flush (replaced here) applies a woman's stock difference through figure_stock_apply when the write could
 *   change her stock (the touched row carries a stock date).
 * - The month-end stock of accepted months (figure_month_stock, re-stocked per village and month by every late
 *   entry, each time reading the whole histories) is dropped: an accepted month's stock is the stock at its last
 *   day, summed from the same stored changes, and a late entry moves only its woman's changes.
 */
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table figure_stock_contributions (
      woman_id integer not null,
      village_id integer not null,
      day date not null,
      key text not null,
      n integer not null,
      primary key (woman_id, village_id, day, key)
    );

    create table figure_stock_changes (
      village_id integer not null references regions(id),
      day date not null,
      key text not null constraint figure_stock_changes_key_check check (key ~ '^[a-z0-9_]+$'),
      n integer not null,
      primary key (village_id, day, key)
    );
    create index figure_stock_changes_day_idx on figure_stock_changes (day, village_id, key) include (n);

    create table figure_stock_base (
      year integer not null,
      village_id integer not null references regions(id),
      key text not null constraint figure_stock_base_key_check check (key ~ '^[a-z0-9_]+$'),
      n integer not null,
      primary key (year, village_id, key)
    );

    -- Placeholders: the TypeScript sources replace them when the schema is prepared.
    create function figure_stock_rows_of(p_woman integer) returns table (village_id integer, day date, key text, n integer)
      language sql stable as $$ select null::integer, null::date, null::text, null::integer where false $$;
    create function figure_stock_rows_between(p_lo integer, p_hi integer) returns table (woman_id integer, village_id integer, day date, key text, n integer)
      language sql stable as $$ select null::integer, null::integer, null::date, null::text, null::integer where false $$;
    create function figure_stock_apply(p_woman integer) returns void language sql as $$ select $$;

    create or replace function figure_flush(p_woman integer) returns void language plpgsql as $$
    declare
      t figure_touched;
      r record;
    begin
      delete from figure_touched where woman_id = p_woman returning * into t;
      if not found then return; end if;
      for r in
        select x.village_id, x.day, x.key, sum(x.n)::integer as d
          from (select f.village_id, f.day, f.key, f.n from figure_rows_of(p_woman) f
                union all
                select c.village_id, c.day, c.key, -c.n from figure_contributions c where c.woman_id = p_woman) x
         group by 1, 2, 3 having sum(x.n) <> 0
         order by 1, 2, 3
      loop
        if r.d > 0 then
          insert into figure_contributions as c values (p_woman, r.village_id, r.day, r.key, r.d)
            on conflict (woman_id, village_id, day, key) do update set n = c.n + excluded.n;
          insert into figure_counts as c values (r.village_id, r.day, r.key, r.d)
            on conflict (village_id, day, key) do update set n = c.n + excluded.n;
        else
          update figure_contributions set n = n + r.d where woman_id = p_woman and village_id = r.village_id and day = r.day and key = r.key and n + r.d > 0;
          if not found then delete from figure_contributions where woman_id = p_woman and village_id = r.village_id and day = r.day and key = r.key; end if;
          update figure_counts set n = n + r.d where village_id = r.village_id and day = r.day and key = r.key and n + r.d > 0;
          if not found then delete from figure_counts where village_id = r.village_id and day = r.day and key = r.key; end if;
        end if;
      end loop;
      if t.stock_from is not null then
        perform figure_stock_apply(p_woman);
      end if;
    end $$;

    drop trigger report_periods_figures on report_periods;
    drop function figure_period_stock();
    drop table figure_stock_due, figure_month_stock;
    drop function figure_stock_due_trigger(), figure_restock(integer, date), figure_stock_of(text, date);

    -- The sources changed shape: the next start re-renders the functions and rebuilds the store.
    delete from figure_store_meta where name = 'functions_hash';
  `);
}

export async function down(knex: Knex): Promise<void> {
  // Back to the month-end stock of accepted months: the stored changes go and the tables come back empty, without the
  // re-stocking triggers; run `npm run cli -- figures:rebuild` after (it stocks every accepted month again).
  await knex.raw(`
    drop table if exists figure_stock_contributions, figure_stock_changes, figure_stock_base;
    drop function if exists figure_stock_rows_of, figure_stock_rows_between;
    create or replace function figure_stock_apply(p_woman integer) returns void language sql as $$ select $$;
    create table if not exists figure_stock_due (village_id integer not null, month date not null, primary key (village_id, month));
    create table if not exists figure_month_stock (village_id integer not null references regions(id), month date not null, key text not null,
      n integer not null, primary key (village_id, month, key));
    create or replace function figure_stock_of(p_prefix text, p_month date) returns table (village_id integer, key text, n integer)
      language sql stable as $$ select null::integer, null::text, null::integer where false $$;
  `);
}
