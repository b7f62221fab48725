/**
 * The figure store keeps 统计准确率 and 补报 (issue 19: the records entered in a period were the largest live parts of
 * a county's month at city scale and 1.5 s of a city's statistical year). Their rows are dated on the day a record
 * was entered; a record is late when its month had been accepted before it was entered. So an acceptance, a return
 * or an unlock re-judges the records of that township and month entered after the acceptance (before it, none is
 * late either way): this trigger touches their women, whose stored figures are then recomputed. An acceptance made
 * now finds no record entered after it, so closing a month touches nobody. The functions that compute the figures
 * are rendered by the code, whose new hash rebuilds the store once.
 */
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create function figure_touch_entered(p_township integer, p_month date, p_since timestamptz) returns void language plpgsql as $$
    declare
      month_end date := (p_month + interval '1 month')::date;
    begin
      perform figure_note(x.woman_id, null, '{}')
         from (select c.woman_id from children c join regions v on v.id = c.region_id
                where v.parent_id = p_township and c.birth_date >= p_month and c.birth_date < month_end and c.created_at > p_since
               union
               select p.woman_id from pregnancies p join regions v on v.id = p.region_id
                where v.parent_id = p_township and p.found_on >= p_month and p.found_on < month_end and p.created_at > p_since
               union
               select s.woman_id from services s join regions v on v.id = s.region_id
                where v.parent_id = p_township and s.performed_on >= p_month and s.performed_on < month_end and s.created_at > p_since
               union
               select ce.woman_id from certificates ce join regions v on v.id = ce.region_id
                where v.parent_id = p_township and ce.issued_on >= p_month and ce.issued_on < month_end and ce.created_at > p_since) x;
    end $$;

    create function figure_touch_period() returns trigger language plpgsql as $$
    begin
      if figure_paused() then return null; end if;
      if tg_op = 'UPDATE' and old.status is not distinct from new.status and old.accepted_at is not distinct from new.accepted_at
         and old.township_id = new.township_id and old.month = new.month then
        return null;
      end if;
      if tg_op <> 'INSERT' and old.status = 'accepted' and old.accepted_at is not null then
        perform figure_touch_entered(old.township_id, old.month, old.accepted_at);
      end if;
      if tg_op <> 'DELETE' and new.status = 'accepted' and new.accepted_at is not null then
        perform figure_touch_entered(new.township_id, new.month, new.accepted_at);
      end if;
      return null;
    end $$;

    create trigger report_periods_figures after insert or update or delete on report_periods
      for each row execute function figure_touch_period();
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    drop trigger if exists report_periods_figures on report_periods;
    drop function if exists figure_touch_period();
    drop function if exists figure_touch_entered(integer, date, timestamptz);
  `);
}
