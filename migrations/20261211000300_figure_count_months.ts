/**
 * The stored flow counts summed per calendar month (issue 19 §2), like the stock's month sums
 * (20261211000100_figure_stock_months): a report over whole months (a quarter, a statistical year) read every day's
 * counts of every village — 0.4 s for a city's year. figure_count_months is kept from figure_counts by statement
 * triggers (the flush and the rebuild), compared by the nightly check, truncated with it by the rebuild; a report reads
 * the month sums for the whole months of its period and the days only at its ragged ends.
 */
import type { Knex } from 'knex';

/** Add the difference of the changed rows (`rows`: village_id, day, key, n) to their months, and drop months at 0. */
const addToMonths = (rows: string) => `
      insert into figure_count_months as m (village_id, month, key, n)
        select r.village_id, date_trunc('month', r.day)::date, r.key, sum(r.n)::integer from (${rows}) r
         group by 1, 2, 3 having sum(r.n) <> 0 order by 1, 2, 3
        on conflict (village_id, month, key) do update set n = m.n + excluded.n;
      delete from figure_count_months m
        using (select distinct r.village_id, date_trunc('month', r.day)::date as month, r.key from (${rows}) r) a
       where m.village_id = a.village_id and m.month = a.month and m.key = a.key and m.n = 0;`;

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table figure_count_months (
      village_id integer not null references regions(id),
      month date not null constraint figure_count_months_month_check check (month = date_trunc('month', month)::date),
      key text not null constraint figure_count_months_key_check check (key ~ '^[a-z0-9_]+$'),
      n integer not null,
      primary key (village_id, month, key)
    );
    create index figure_count_months_month_idx on figure_count_months (month, village_id, key) include (n);

    insert into figure_count_months (village_id, month, key, n)
      select village_id, date_trunc('month', day)::date, key, sum(n)::integer from figure_counts group by 1, 2, 3 having sum(n) <> 0;

    create function figure_count_months_sync() returns trigger language plpgsql as $$
    begin
      if tg_op = 'INSERT' then${addToMonths('select village_id, day, key, n from new_rows')}
      elsif tg_op = 'UPDATE' then${addToMonths('select village_id, day, key, n from new_rows union all select village_id, day, key, -n as n from old_rows')}
      else${addToMonths('select village_id, day, key, -n as n from old_rows')}
      end if;
      return null;
    end $$;

    create trigger figure_count_months_insert after insert on figure_counts
      referencing new table as new_rows for each statement execute function figure_count_months_sync();
    create trigger figure_count_months_update after update on figure_counts
      referencing old table as old_rows new table as new_rows for each statement execute function figure_count_months_sync();
    create trigger figure_count_months_delete after delete on figure_counts
      referencing old table as old_rows for each statement execute function figure_count_months_sync();
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    drop trigger if exists figure_count_months_insert on figure_counts;
    drop trigger if exists figure_count_months_update on figure_counts;
    drop trigger if exists figure_count_months_delete on figure_counts;
    drop function if exists figure_count_months_sync();
    drop table if exists figure_count_months;
  `);
}
