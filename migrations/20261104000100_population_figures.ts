/**
 * Village population figures (DESIGN §4, GLOSSARY "Population figures"): the register holds women, not the whole
 * population, so 期末总人口 and 死亡人数 are entered per village and month as aggregate numbers. The demo
 * generator inserts into this table with exactly these column names.
 */
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('population_figures', (t) => {
    t.increments('id');
    t.integer('region_id').notNullable().references('regions.id');
    t.date('month').notNullable();
    t.integer('population_end').notNullable();
    t.integer('deaths').notNullable();
    t.integer('version').notNullable().defaultTo(1);
    t.integer('created_by').references('users.id');
    t.integer('updated_by').references('users.id');
    t.timestamps(true, true);
    t.unique(['region_id', 'month']);
  });
  await knex.raw(`
    alter table population_figures
      add constraint population_figures_population_check check (population_end >= 0),
      add constraint population_figures_deaths_check check (deaths >= 0),
      add constraint population_figures_month_check check (month = date_trunc('month', month)::date);
    create index population_figures_month_idx on population_figures (month);
    create trigger population_figures_updated_at before update on population_figures
      for each row execute function set_updated_at();
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('population_figures');
}
