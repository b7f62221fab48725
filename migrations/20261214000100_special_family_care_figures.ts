/**
 * The figure store keeps 特扶 落实率 for calendar months (issue 19: at city scale the largest live part of a county's
 * month read every open file of the deployment with its woman, 20 ms against 10 alone). A month's state of a file
 * depends on its care records and on the care schedule too, so a care record written touches the file's woman from
 * its day, and any change of the schedule (special_family_care_rules, reference data a restore may replace) touches
 * every woman with a file. The functions that compute the figures are rendered by the code, whose new hash rebuilds
 * the store once.
 */
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create function figure_touch_care() returns trigger language plpgsql as $$
    begin
      if figure_paused() then return null; end if;
      if tg_op = 'UPDATE' and (old.file_id, old.cared_on, old.mode) is not distinct from (new.file_id, new.cared_on, new.mode) then
        return null;
      end if;
      if tg_op <> 'INSERT' then
        perform figure_note(f.woman_id, old.cared_on, '{}') from special_family_files f where f.id = old.file_id;
      end if;
      if tg_op <> 'DELETE' then
        perform figure_note(f.woman_id, new.cared_on, '{}') from special_family_files f where f.id = new.file_id;
      end if;
      return null;
    end $$;
    create trigger special_family_care_figures after insert or update or delete on special_family_care
      for each row execute function figure_touch_care();

    create function figure_touch_care_rules() returns trigger language plpgsql as $$
    begin
      if figure_paused() then return null; end if;
      perform figure_note(f.woman_id, '-infinity'::date, '{}') from (select distinct woman_id from special_family_files) f;
      return null;
    end $$;
    create trigger special_family_care_rules_figures after insert or update or delete or truncate on special_family_care_rules
      for each statement execute function figure_touch_care_rules();
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    drop trigger if exists special_family_care_rules_figures on special_family_care_rules;
    drop function if exists figure_touch_care_rules();
    drop trigger if exists special_family_care_figures on special_family_care;
    drop function if exists figure_touch_care();
  `);
}
