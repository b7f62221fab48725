/**
 * The figure store keeps each month's 孕前 target couples (issue 19: the largest part of a county's monthly report
 * at city scale). A target depends on her pregnancy plans and her couple's checks, so a plan written, ended or removed
 * now touches her stored figures like her other records, and a check touches them with its date (a touch without a
 * date leaves her stored stock alone: figure_flush). The functions that compute them are rendered by the code, whose
 * new hash rebuilds the store once on the first start after this migration.
 */
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create trigger pregnancy_plans_figures after insert or update or delete on pregnancy_plans
      for each row execute function figure_touch('woman_id', 'planned_on', 'ended_on');
    drop trigger preconception_checks_figures on preconception_checks;
    create trigger preconception_checks_figures after insert or update or delete on preconception_checks
      for each row execute function figure_touch('woman_id', 'checked_on');
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    drop trigger if exists pregnancy_plans_figures on pregnancy_plans;
    drop trigger preconception_checks_figures on preconception_checks;
    create trigger preconception_checks_figures after insert or update or delete on preconception_checks
      for each row execute function figure_touch('woman_id');
  `);
}
