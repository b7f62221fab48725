/**
 * Graded follow-ups (issue 16 §1, seed 002 L15–L17): a schedule entry is triggered by an event, not only by a
 * service. `trigger` says which: 'service' (the rows so far, service_kind set), 'marriage' (a first marriage or a
 * remarriage), 'pregnancy' (registered), 'postpartum' (a birth) and 'supply_user' (a woman on a short-acting
 * method, once a quarter, due at the quarter's end). The offset is months_after (as before) plus the new
 * days_after (0 on the old rows, so they keep their meaning). Follow-ups remember the entry and the event that
 * made them (schedule_id, trigger, trigger_on); an event follow-up is made once (a unique index).
 */
import type { Knex } from 'knex';

const TRIGGERS = ['service', 'marriage', 'pregnancy', 'postpartum', 'supply_user'];
const list = (values: string[]) => values.map((v) => `'${v}'`).join(', ');

const EVENT_ROWS = [
  { trigger: 'marriage', months_after: 1, days_after: 0, level: 'village', note: '新婚：由村级服务员随访' },
  { trigger: 'pregnancy', months_after: 0, days_after: 30, level: 'village', note: '怀孕：由村级服务员随访' },
  { trigger: 'postpartum', months_after: 0, days_after: 42, level: 'village', note: '产后42天：由村级服务员随访' },
  { trigger: 'supply_user', months_after: 0, days_after: 0, level: 'village', note: '使用避孕药具对象：每季度随访，季末到期' },
] as const;

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    alter table follow_up_schedules
      add column trigger text not null default 'service',
      add column days_after integer not null default 0,
      alter column service_kind drop not null,
      add constraint fus_trigger_check check (trigger in (${list(TRIGGERS)})),
      add constraint fus_trigger_kind_check check ((trigger = 'service') = (service_kind is not null)),
      add constraint fus_days_check check (days_after between 0 and 3660),
      add constraint fus_event_serious_check check (trigger = 'service' or not serious_complication_only);
    create unique index fus_event_unique on follow_up_schedules (trigger, months_after, days_after, level) where service_kind is null;

    alter table follow_ups
      add column trigger text not null default 'service',
      add column trigger_on date,
      add column schedule_id integer references follow_up_schedules(id),
      add constraint follow_ups_trigger_check check (trigger in (${list(TRIGGERS)})),
      add constraint follow_ups_trigger_on_check check (trigger = 'service' or (trigger_on is not null and schedule_id is not null));
    create unique index follow_ups_event_once on follow_ups (woman_id, trigger, trigger_on, schedule_id) where trigger <> 'service';
    create index follow_ups_schedule_idx on follow_ups (schedule_id);

    alter table device_lifetimes
      add column updated_by integer references users(id);
  `);
  await knex('follow_up_schedules').insert(EVENT_ROWS.map((r) => ({ ...r, service_kind: null, serious_complication_only: false })));
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    alter table device_lifetimes drop column if exists updated_by;
    drop index if exists follow_ups_schedule_idx;
    drop index if exists follow_ups_event_once;
    alter table follow_ups drop column if exists schedule_id, drop column if exists trigger_on, drop column if exists trigger;
    drop index if exists fus_event_unique;
    delete from follow_up_schedules where service_kind is null;
    alter table follow_up_schedules
      drop constraint if exists fus_event_serious_check,
      drop constraint if exists fus_days_check,
      drop constraint if exists fus_trigger_kind_check,
      drop constraint if exists fus_trigger_check,
      alter column service_kind set not null,
      drop column if exists days_after,
      drop column if exists trigger;
  `);
}
