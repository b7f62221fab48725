/**
 * 免费药具发放 and 群众满意 (issue 15 §2): the records behind 免费计划生育药具获得率 and 群众满意率.
 *
 * - free_supplies: one row per handing-out of free contraceptives to a woman on the register — what (item), how
 *   many, when, through which channel — in the village she lived in at the time (like services).
 * - follow_ups and services gain the woman's satisfaction with the visit (满意 / 基本满意 / 不满意) and a note.
 */
import type { Knex } from 'knex';

const ITEM = ['condom', 'pill', 'injection', 'topical'];
const CHANNEL = ['service_room', 'village', 'self_service_box', 'mobile_van'];
const SATISFACTION = ['satisfied', 'basic', 'dissatisfied'];
const list = (values: string[]) => values.map((v) => `'${v}'`).join(', ');

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('free_supplies', (t) => {
    t.increments('id');
    t.integer('woman_id').notNullable().references('women.id');
    t.integer('region_id').notNullable().references('regions.id');
    t.date('supplied_on').notNullable();
    t.text('item').notNullable();
    t.integer('quantity').notNullable();
    t.text('channel').notNullable();
    t.text('note');
    t.integer('created_by').references('users.id');
    t.timestamps(true, true);
  });
  await knex.raw(`
    alter table free_supplies
      add constraint free_supplies_item_check check (item in (${list(ITEM)})),
      add constraint free_supplies_quantity_check check (quantity between 1 and 1000),
      add constraint free_supplies_channel_check check (channel in (${list(CHANNEL)})),
      add constraint free_supplies_note_check check (note is null or length(note) <= 200);
    create index free_supplies_region_date_idx on free_supplies (region_id, supplied_on);
    create index free_supplies_woman_date_idx on free_supplies (woman_id, supplied_on);
    create trigger free_supplies_updated_at before update on free_supplies for each row execute function set_updated_at();
  `);
  for (const table of ['follow_ups', 'services']) {
    await knex.schema.alterTable(table, (t) => {
      t.text('satisfaction');
      t.text('satisfaction_note');
    });
    await knex.raw(`
      alter table ${table}
        add constraint ${table}_satisfaction_check check (satisfaction is null or satisfaction in (${list(SATISFACTION)})),
        add constraint ${table}_satisfaction_note_check check (satisfaction_note is null or length(satisfaction_note) <= 200)`);
  }
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['follow_ups', 'services']) {
    await knex.schema.alterTable(table, (t) => {
      t.dropColumn('satisfaction');
      t.dropColumn('satisfaction_note');
    });
  }
  await knex.schema.dropTable('free_supplies');
}
