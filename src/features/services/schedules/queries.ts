/** SQL of the follow-up schedules screen: the entries (with how many follow-ups each made) and the device lifetimes. */
import type { Knex } from 'knex';
import type { DeviceLifetimesTable, FollowUpSchedulesTable } from '../../../db/tables.ts';

export type ScheduleRow = FollowUpSchedulesTable;
export type ScheduleListRow = ScheduleRow & { made: number };

export async function listSchedules(db: Knex): Promise<ScheduleListRow[]> {
  return db('follow_up_schedules as s')
    .select<ScheduleListRow[]>('s.*', db.raw('(select count(*) from follow_ups f where f.schedule_id = s.id)::int as made'))
    .orderBy([{ column: 's.trigger' }, { column: 's.service_kind' }, { column: 's.serious_complication_only' }, { column: 's.months_after' }, { column: 's.days_after' }, { column: 's.id' }]);
}

export async function scheduleById(db: Knex, id: number, lock = false): Promise<ScheduleRow | undefined> {
  const q = db('follow_up_schedules').where({ id }).first();
  if (lock) q.forUpdate();
  return q;
}

/** Another entry with the same trigger, service, offset, level and complication flag (the unique keys). */
export async function sameSchedule(
  db: Knex,
  e: Pick<ScheduleRow, 'trigger' | 'service_kind' | 'months_after' | 'days_after' | 'level' | 'serious_complication_only'>,
  exceptId?: number,
): Promise<ScheduleRow | undefined> {
  const q = db('follow_up_schedules').where({ trigger: e.trigger, months_after: e.months_after, level: e.level, serious_complication_only: e.serious_complication_only });
  if (e.service_kind) q.andWhere('service_kind', e.service_kind);
  else q.whereNull('service_kind').andWhere('days_after', e.days_after);
  if (exceptId) q.whereNot('id', exceptId);
  return q.first();
}

export type ScheduleInsert = Pick<ScheduleRow, 'trigger' | 'service_kind' | 'months_after' | 'days_after' | 'level' | 'serious_complication_only' | 'note'>;

export async function insertSchedule(db: Knex, row: ScheduleInsert): Promise<ScheduleRow> {
  const [created] = await db('follow_up_schedules').insert(row).returning('*');
  return created;
}

export async function updateSchedule(db: Knex, id: number, patch: Pick<ScheduleRow, 'months_after' | 'days_after' | 'level' | 'active' | 'note'>): Promise<ScheduleRow> {
  const [row] = await db('follow_up_schedules')
    .where({ id })
    .update({ ...patch, updated_at: db.fn.now() })
    .returning('*');
  return row;
}

export async function deviceLifetimes(db: Knex): Promise<DeviceLifetimesTable[]> {
  return db('device_lifetimes').select('*').orderBy('method');
}

export async function setDeviceLifetime(db: Knex, method: 'iud' | 'implant', years: number, by: number | null): Promise<void> {
  await db('device_lifetimes').insert({ method, years, updated_by: by }).onConflict('method').merge({ years, updated_by: by, updated_at: db.fn.now() });
}
