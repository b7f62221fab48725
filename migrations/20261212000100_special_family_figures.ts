/**
 * The figure store keeps the couples eligible for 特别扶助 on every day (issue 19: at city scale the largest live
 * part of a county's report read every such couple of the deployment). Eligibility also depends on her files
 * (建档: opened and closed) and on the programs' ages, so a file written touches her stored figures with its dates,
 * and a change of a special-assistance program's parameters touches every woman with a child who died or is
 * disabled. The functions that compute them are rendered by the code, whose new hash rebuilds the store once.
 */
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create trigger special_family_files_figures after insert or update or delete on special_family_files
      for each row execute function figure_touch('woman_id', 'opened_on', 'closed_on');

    -- Any date marks the touch as one that can change her stock (figure_flush recomputes all her days).
    create function figure_touch_special_programs() returns trigger language plpgsql as $$
    begin
      if figure_paused() or new.code not in ('special_assistance_death', 'special_assistance_disability')
         or old.params is not distinct from new.params then
        return null;
      end if;
      perform figure_note(c.woman_id, '-infinity'::date, '{}')
         from (select distinct woman_id from children where vital_status in ('deceased', 'disabled')) c;
      return null;
    end $$;
    create trigger subsidy_programs_figures after update on subsidy_programs
      for each row execute function figure_touch_special_programs();
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    drop trigger if exists subsidy_programs_figures on subsidy_programs;
    drop function if exists figure_touch_special_programs();
    drop trigger if exists special_family_files_figures on special_family_files;
  `);
}
