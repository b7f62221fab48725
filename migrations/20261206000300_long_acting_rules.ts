/**
 * 长效节育措施落实率 (issue 13): which women should adopt a long-acting method, as dated local rules. A woman is
 * due when she has a delivery of at least `min_birth_order` (孩次) and the rule in force on the birth date gives
 * her `within_days` to adopt one (sterilisation of either spouse, IUD or implant). The county edits the rule; the
 * report reads the rule in force on each birth date, so an old period keeps the rule it was judged by.
 */
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('long_acting_rules', (t) => {
    t.increments('id');
    t.date('effective_from').notNullable().unique();
    t.integer('min_birth_order').notNullable();
    t.integer('within_days').notNullable();
    t.text('note').notNullable();
    t.integer('updated_by').references('users.id');
    t.timestamps(true, true);
  });
  await knex.raw(`
    alter table long_acting_rules
      add constraint long_acting_rules_order_check check (min_birth_order between 1 and 9),
      add constraint long_acting_rules_days_check check (within_days between 1 and 1095),
      add constraint long_acting_rules_note_check check (length(btrim(note)) between 1 and 200)`);
  await knex('long_acting_rules').insert({
    effective_from: '1980-01-01',
    min_birth_order: 2,
    within_days: 180,
    note: '生育二孩及以上的妇女，应在产后 6 个月（180 天）内落实长效节育措施（绝育、上环或皮埋）',
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('long_acting_rules');
}
