/**
 * The village 网底 (issue 16 §1): a village account (村计生专干) and the events she reports for the township to
 * confirm into the register.
 *
 * - users.role gains `village` (an account at a village; her scope is the village's 12-digit code).
 * - reported_events: one row per event a village worker reported — 孕情, 出生, 迁入/流入, 迁出/流出, 结婚, 死亡 — with
 *   the woman it is about (from the village's register; an arrival names a newcomer by name and ID number
 *   instead), the event date as on paper and the details the confirm step needs. The township confirms it (the
 *   register's own services write the record it became: result_entity + result_id) or returns it with a reason.
 */
import type { Knex } from 'knex';

const KIND = ['pregnancy', 'birth', 'arrival', 'departure', 'marriage', 'death'];
const STATUS = ['pending', 'confirmed', 'returned'];
const RESULT = ['pregnancy', 'child', 'woman'];
const SEX = ['male', 'female'];
const list = (values: string[]) => values.map((v) => `'${v}'`).join(', ');

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    alter table users drop constraint users_role_check;
    alter table users add constraint users_role_check check (role in ('clerk', 'supervisor', 'admin', 'village'));
  `);
  await knex.schema.createTable('reported_events', (t) => {
    t.increments('id');
    t.text('kind').notNullable();
    t.text('status').notNullable().defaultTo('pending');
    t.integer('region_id').notNullable().references('regions.id');
    t.integer('woman_id').references('women.id');
    t.text('person_name');
    t.text('id_number');
    t.date('event_date').notNullable();
    t.date('lmp_date');
    t.text('child_sex');
    t.text('destination');
    t.text('note');
    t.integer('reported_by').notNullable().references('users.id');
    t.timestamp('reported_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.integer('decided_by').references('users.id');
    t.timestamp('decided_at', { useTz: true });
    t.text('return_reason');
    t.text('result_entity');
    t.integer('result_id');
    t.integer('version').notNullable().defaultTo(1);
    t.timestamps(true, true);
  });
  await knex.raw(`
    alter table reported_events
      add constraint reported_events_kind_check check (kind in (${list(KIND)})),
      add constraint reported_events_status_check check (status in (${list(STATUS)})),
      add constraint reported_events_result_entity_check check (result_entity is null or result_entity in (${list(RESULT)})),
      add constraint reported_events_child_sex_check check (child_sex is null or child_sex in (${list(SEX)})),
      add constraint reported_events_woman_check check ((kind = 'arrival') = (woman_id is null)),
      add constraint reported_events_arrival_check check (kind <> 'arrival' or (person_name is not null and id_number is not null)),
      add constraint reported_events_birth_check check (kind <> 'birth' or child_sex is not null),
      add constraint reported_events_departure_check check (kind <> 'departure' or destination is not null),
      add constraint reported_events_person_name_check check (person_name is null or length(person_name) <= 50),
      add constraint reported_events_id_number_check check (id_number is null or id_number ~ '^[0-9]{17}[0-9X]$'),
      add constraint reported_events_destination_check check (destination is null or length(destination) <= 100),
      add constraint reported_events_note_check check (note is null or length(note) <= 200),
      add constraint reported_events_return_reason_check check (return_reason is null or length(return_reason) <= 200),
      add constraint reported_events_decision_check check (
        (status = 'pending' and decided_at is null and return_reason is null and result_id is null)
        or (status = 'returned' and decided_at is not null and return_reason is not null)
        or (status = 'confirmed' and decided_at is not null));
    create index reported_events_queue_idx on reported_events (status, reported_at, id);
    create index reported_events_region_idx on reported_events (region_id, reported_at);
    create trigger reported_events_updated_at before update on reported_events for each row execute function set_updated_at();
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('reported_events');
  await knex.raw(`
    delete from users where role = 'village';
    alter table users drop constraint users_role_check;
    alter table users add constraint users_role_check check (role in ('clerk', 'supervisor', 'admin'));
  `);
}
