/**
 * Data-quality findings (DESIGN §5): the result of the consistency rules for each woman, kept up to date on
 * every save of her card (same transaction) and by the nightly job for rules that depend on the date. The
 * exception list, the home-page counts and the month-close check read this table with one query.
 */
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('data_findings', (t) => {
    t.bigIncrements('id');
    t.integer('woman_id').notNullable().references('women.id');
    t.integer('region_id').notNullable().references('regions.id');
    t.text('rule').notNullable();
    t.text('level').notNullable();
    t.text('message').notNullable();
    t.text('field');
    t.date('detected_on').notNullable();
    t.timestamps(true, true);
    t.unique(['woman_id', 'rule']);
  });
  await knex.raw(`
    alter table data_findings add constraint data_findings_level_check check (level in ('E', 'W'));
    create index data_findings_region_idx on data_findings (region_id, level);
    create index data_findings_rule_idx on data_findings (rule);
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('data_findings');
}
