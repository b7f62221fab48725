/**
 * The figure store (issue 19 §2): report counts per village × day × key for the additive sources, kept in the
 * transaction of the write that changes them, so a report sums stored counts instead of scanning the register.
 *
 * - Row triggers on every table the stored sources read note the touched woman in figure_touched (once per woman
 *   and transaction; with the earliest date a month-end stock may have changed from, and the villages involved).
 * - A deferred constraint trigger on figure_touched runs figure_flush(woman) at commit: her rows of the stored
 *   sources are recomputed (figure_rows_of, the report sources' SQL restricted to her), the difference with her
 *   previous contributions (figure_contributions) is applied to figure_counts, and the closed (accepted) months
 *   whose month-end stock the write can change are queued (figure_stock_due) and re-stocked once each, after the
 *   flushes (figure_month_stock).
 * - figure_rows_of, figure_rows_between and figure_stock_of are rendered from the TypeScript sources when the
 *   schema is prepared (src/features/reports/store); this migration creates empty placeholders, and the first
 *   installation rebuilds the store.
 * - Accepting a township's month stocks its villages; returning or unlocking it drops that stock.
 * - `set_config('fp.figures_paused', 'on', true)` pauses the triggers inside one transaction (bulk loads that
 *   rebuild the store at their end); `fp.figures_stock_paused` only the stocking of accepted months.
 */
import type { Knex } from 'knex';

/** Table → [woman column, dates from which the month-end stock can change]. */
const TOUCHED: Record<string, string[]> = {
  children: ['woman_id', 'birth_date', 'death_date'],
  pregnancies: ['woman_id'],
  services: ['woman_id'],
  certificates: ['woman_id', 'issued_on', 'revoked_on'],
  marital_events: ['woman_id', 'effective_on'],
  floating_events: ['woman_id'],
  transfers: ['woman_id', 'moved_on'],
  contraception_episodes: ['woman_id', 'started_on', 'ended_on'],
  follow_ups: ['woman_id'],
  preconception_checks: ['woman_id'],
  check_results: ['woman_id'],
  floating_queries: ['woman_id'],
  free_supplies: ['woman_id', 'supplied_on'],
};

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table figure_counts (
      village_id integer not null references regions(id),
      day date not null,
      key text not null constraint figure_counts_key_check check (key ~ '^[a-z0-9_]+$'),
      n integer not null constraint figure_counts_n_check check (n > 0),
      primary key (village_id, day, key)
    );
    create index figure_counts_day_idx on figure_counts (day, village_id, key) include (n);

    create table figure_contributions (
      woman_id integer not null,
      village_id integer not null,
      day date not null,
      key text not null,
      n integer not null constraint figure_contributions_n_check check (n > 0),
      primary key (woman_id, village_id, day, key)
    );

    create table figure_touched (
      woman_id integer primary key,
      stock_from date,
      villages integer[] not null default '{}'
    );

    create table figure_stock_due (
      village_id integer not null,
      month date not null,
      primary key (village_id, month)
    );

    create table figure_month_stock (
      village_id integer not null references regions(id),
      month date not null constraint figure_month_stock_month_check check (month = date_trunc('month', month)::date),
      key text not null constraint figure_month_stock_key_check check (key ~ '^[a-z0-9_]+$'),
      n integer not null constraint figure_month_stock_n_check check (n > 0),
      primary key (village_id, month, key)
    );

    create table figure_check_runs (
      id serial primary key,
      run_at timestamptz not null default now(),
      keys_compared integer not null,
      differences integer not null,
      details jsonb not null default '[]'
    );

    create table figure_store_meta (
      name text primary key,
      value text not null
    );

    create index if not exists floating_queries_woman_idx on floating_queries (woman_id);

    -- Placeholders: the TypeScript sources replace them when the schema is prepared.
    create function figure_rows_of(p_woman integer) returns table (village_id integer, day date, key text, n integer)
      language sql stable as $$ select null::integer, null::date, null::text, null::integer where false $$;
    create function figure_rows_between(p_lo integer, p_hi integer) returns table (woman_id integer, village_id integer, day date, key text, n integer)
      language sql stable as $$ select null::integer, null::integer, null::date, null::text, null::integer where false $$;
    create function figure_stock_of(p_prefix text, p_month date) returns table (village_id integer, key text, n integer)
      language sql stable as $$ select null::integer, null::text, null::integer where false $$;

    create function figure_paused() returns boolean language sql stable as $$
      select coalesce(current_setting('fp.figures_paused', true), '') = 'on'
    $$;

    create function figure_note(p_woman integer, p_from date, p_villages integer[]) returns void language sql as $$
      insert into figure_touched (woman_id, stock_from, villages) values (p_woman, p_from, coalesce(p_villages, '{}'))
      on conflict (woman_id) do update
        set stock_from = case when figure_touched.stock_from is null then excluded.stock_from
                              when excluded.stock_from is null then figure_touched.stock_from
                              else least(figure_touched.stock_from, excluded.stock_from) end,
            villages = (select array(select distinct v from unnest(figure_touched.villages || excluded.villages) v))
        where excluded.stock_from is not null or excluded.villages <> '{}'
    $$;

    -- Generic row trigger: TG_ARGV[0] the woman column, the others the dates the stock can change from. An update
    -- counts from the dates that changed, or from all the row's dates when another column changed.
    create function figure_dates(rec jsonb, cols text[]) returns date language sql immutable as $$
      select min((rec ->> c)::date) from unnest(cols) c
    $$;

    create function figure_touch() returns trigger language plpgsql as $$
    declare
      o jsonb := case when tg_op <> 'INSERT' then to_jsonb(old) end;
      n jsonb := case when tg_op <> 'DELETE' then to_jsonb(new) end;
      dates text[] := coalesce(tg_argv[1:tg_nargs - 1], '{}');
      d date;
      c text;
      rec jsonb;
      villages integer[];
    begin
      if figure_paused() then return null; end if;
      if tg_op = 'UPDATE' then
        if (o - dates - 'updated_at'::text - 'version'::text) is distinct from (n - dates - 'updated_at'::text - 'version'::text) then
          d := least(figure_dates(o, dates), figure_dates(n, dates));
        else
          foreach c in array dates loop
            if (o ->> c) is distinct from (n ->> c) then d := least(d, (o ->> c)::date, (n ->> c)::date); end if;
          end loop;
        end if;
      else
        d := figure_dates(coalesce(n, o), dates);
      end if;
      foreach rec in array array[o, n] loop
        continue when rec is null or (rec ->> tg_argv[0]) is null;
        villages := '{}';
        if tg_table_name = 'transfers' then
          villages := array_remove(array[(rec ->> 'from_region_id')::integer, (rec ->> 'to_region_id')::integer], null);
        end if;
        perform figure_note((rec ->> tg_argv[0])::integer, d, villages);
      end loop;
      return null;
    end $$;

    -- women: only the columns the stored sources and the stock read (read as jsonb: the trigger depends on no column).
    create function figure_touch_woman() returns trigger language plpgsql as $$
    declare
      o jsonb := case when tg_op <> 'INSERT' then to_jsonb(old) end;
      n jsonb := case when tg_op <> 'DELETE' then to_jsonb(new) end;
      d date;
      changed boolean := false;
      c text;
    begin
      if figure_paused() then return null; end if;
      if tg_op = 'UPDATE' then
        foreach c in array array['birth_date', 'region_id', 'registered_on', 'exit_date'] loop
          if (o ->> c) is distinct from (n ->> c) then changed := true; end if;
        end loop;
        if not changed then return null; end if;
        if (o ->> 'region_id') is distinct from (n ->> 'region_id') then d := least((o ->> 'registered_on')::date, (n ->> 'registered_on')::date); end if;
        if (o ->> 'registered_on') is distinct from (n ->> 'registered_on') then d := least(d, (o ->> 'registered_on')::date, (n ->> 'registered_on')::date); end if;
        if (o ->> 'exit_date') is distinct from (n ->> 'exit_date') then d := least(d, (o ->> 'exit_date')::date, (n ->> 'exit_date')::date); end if;
        if (o ->> 'birth_date') is distinct from (n ->> 'birth_date') then
          d := least(d, (least((o ->> 'birth_date')::date, (n ->> 'birth_date')::date) + interval '15 years')::date);
        end if;
        perform figure_note((o ->> 'id')::integer, d, array_remove(array[(o ->> 'region_id')::integer, (n ->> 'region_id')::integer], null));
      else
        perform figure_note((coalesce(n, o) ->> 'id')::integer, (coalesce(n, o) ->> 'registered_on')::date, array[(coalesce(n, o) ->> 'region_id')::integer]);
      end if;
      return null;
    end $$;

    create function figure_touch_round() returns trigger language plpgsql as $$
    begin
      if figure_paused() or (old.closes_on is not distinct from new.closes_on and old.includes_gyn_exam is not distinct from new.includes_gyn_exam) then
        return null;
      end if;
      perform figure_note(cr.woman_id, null, '{}') from (select distinct woman_id from check_results where round_id = new.id) cr;
      return null;
    end $$;

    create function figure_touch_rule() returns trigger language plpgsql as $$
    declare
      since date := least(case when tg_op <> 'INSERT' then old.effective_from end, case when tg_op <> 'DELETE' then new.effective_from end);
    begin
      if figure_paused() then return null; end if;
      perform figure_note(c.woman_id, null, '{}') from (select distinct woman_id from children where birth_date >= since) c;
      return null;
    end $$;

    create function figure_restock(p_village integer, p_month date) returns void language plpgsql as $$
    declare
      code text := (select r.code from regions r where r.id = p_village);
    begin
      delete from figure_month_stock where village_id = p_village and month = p_month;
      insert into figure_month_stock (village_id, month, key, n)
        select s.village_id, p_month, s.key, s.n from figure_stock_of(code, p_month) s where s.village_id = p_village and s.n > 0;
    end $$;

    -- At commit: the woman's stored rows recomputed, the difference applied, touched closed months re-stocked.
    create function figure_flush(p_woman integer) returns void language plpgsql as $$
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

    -- Queued by the flushes of a transaction, so each village-month is re-stocked once, after all of them.
    create function figure_stock_due_trigger() returns trigger language plpgsql as $$
    begin
      delete from figure_stock_due where village_id = new.village_id and month = new.month;
      if found then perform figure_restock(new.village_id, new.month); end if;
      return null;
    end $$;
    create constraint trigger figure_stock_due_restock after insert on figure_stock_due
      deferrable initially deferred for each row execute function figure_stock_due_trigger();

    create function figure_flush_trigger() returns trigger language plpgsql as $$
    begin
      perform figure_flush(new.woman_id);
      return null;
    end $$;

    create constraint trigger figure_touched_flush after insert on figure_touched
      deferrable initially deferred for each row execute function figure_flush_trigger();

    create trigger women_figures after insert or delete or update on women
      for each row execute function figure_touch_woman();
    create trigger check_rounds_figures after update on check_rounds
      for each row execute function figure_touch_round();
    create trigger long_acting_rules_figures after insert or update or delete on long_acting_rules
      for each row execute function figure_touch_rule();

    -- Accepting a township's month stocks its villages; leaving accepted drops the stock.
    create function figure_period_stock() returns trigger language plpgsql as $$
    begin
      if figure_paused() or coalesce(current_setting('fp.figures_stock_paused', true), '') = 'on' then return null; end if;
      if tg_op = 'UPDATE' and old.status = 'accepted' and new.status <> 'accepted' then
        delete from figure_month_stock s using regions r where r.id = s.village_id and r.parent_id = new.township_id and s.month = new.month;
      elsif new.status = 'accepted' and (tg_op = 'INSERT' or old.status <> 'accepted') then
        delete from figure_month_stock s using regions r where r.id = s.village_id and r.parent_id = new.township_id and s.month = new.month;
        insert into figure_month_stock (village_id, month, key, n)
          select s.village_id, new.month, s.key, s.n
            from figure_stock_of((select t.code from regions t where t.id = new.township_id), new.month) s
            join regions v on v.id = s.village_id and v.level = 'village';
      end if;
      return null;
    end $$;
    create trigger report_periods_figures after insert or update of status on report_periods
      for each row execute function figure_period_stock();
  `);
  for (const [table, [woman, ...dates]] of Object.entries(TOUCHED)) {
    const args = [woman, ...dates].map((a) => `'${a}'`).join(', ');
    await knex.raw(`create trigger ${table}_figures after insert or update or delete on ${table} for each row execute function figure_touch(${args})`);
  }
}

export async function down(knex: Knex): Promise<void> {
  for (const table of Object.keys(TOUCHED)) await knex.raw(`drop trigger if exists ${table}_figures on ${table}`);
  await knex.raw(`
    drop trigger if exists women_figures on women;
    drop trigger if exists check_rounds_figures on check_rounds;
    drop trigger if exists long_acting_rules_figures on long_acting_rules;
    drop trigger if exists report_periods_figures on report_periods;
    drop table if exists figure_counts, figure_contributions, figure_touched, figure_stock_due, figure_month_stock, figure_check_runs, figure_store_meta;
    drop function if exists figure_stock_due_trigger, figure_period_stock, figure_flush_trigger, figure_flush, figure_restock, figure_touch_rule, figure_touch_round,
      figure_touch_woman, figure_touch, figure_dates, figure_note, figure_paused, figure_stock_of, figure_rows_between, figure_rows_of;
    drop index if exists floating_queries_woman_idx;
  `);
}
