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
        for r in
          select distinct v.id as village_id, rp.month
            from regions v
            join report_periods rp on rp.township_id = v.parent_id and rp.status = 'accepted'
                                  and (rp.month + interval '1 month - 1 day')::date >= t.stock_from
           where v.level = 'village'
             and v.id in (select unnest(t.villages)
                          union select w.region_id from women w where w.id = p_woman
                          union select tr.from_region_id from transfers tr where tr.woman_id = p_woman
                          union select tr.to_region_id from transfers tr where tr.woman_id = p_woman)
        loop
          insert into figure_stock_due (village_id, month) values (r.village_id, r.month) on conflict do nothing;
        end loop;
      end if;
    end $$;

    -- The sources changed shape: the next start re-renders the functions and rebuilds the store.
    delete from figure_store_meta where name = 'functions_hash';
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    drop table if exists figure_stock_contributions, figure_stock_changes, figure_stock_base;
    drop function if exists figure_stock_rows_of, figure_stock_rows_between;
  `);
  // figure_flush keeps calling figure_stock_apply; a no-op remains so the earlier migration's flush still runs.
  await knex.raw(`create or replace function figure_stock_apply(p_woman integer) returns void language sql as $$ select $$`);
}
