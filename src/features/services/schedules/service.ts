/**
 * The follow-up schedules (issue 16 §1) and the device lifetimes, kept by the county's admin: entries are added,
 * changed or deactivated — never deleted (follow-ups point at the entry they were made from) — and every change
 * carries its reason in the audit row. A changed offset applies to the follow-ups made from then on; those made
 * already keep their date. A changed lifetime applies to new IUD / implant episodes; existing ones keep theirs.
 */
import type { Knex } from 'knex';
import type { Actor } from '../../../auth/actor.ts';
import { scheduleEntryProblems } from '../../../domain/follow-up-schedule.ts';
import { can } from '../../../domain/permissions.ts';
import { ForbiddenError, NotFoundError, ValidationError } from '../../../errors.ts';
import { recordAudit } from '../../audit/service.ts';
import * as q from './queries.ts';
import type { ScheduleListRow, ScheduleRow } from './queries.ts';
import type { LifetimesValues, ScheduleCreateValues, ScheduleUpdateValues } from './schemas.ts';

export type { ScheduleListRow, ScheduleRow } from './queries.ts';

export const SCHEDULE_MESSAGES = {
  notFound: '未找到该随访规则。',
  duplicate: '已有相同触发事件、服务项目、间隔和级别的随访规则',
};

function assertAdmin(actor: Actor) {
  if (!can(actor, 'admin.schedules')) throw new ForbiddenError('只有县级系统管理员可以维护随访规则。');
}

export interface SchedulesPage {
  byLevel: { level: string; rows: ScheduleListRow[] }[];
  lifetimes: { iud: number | undefined; implant: number | undefined };
}

export async function schedulesPage(db: Knex): Promise<SchedulesPage> {
  const rows = await q.listSchedules(db);
  const lifetimes = await q.deviceLifetimes(db);
  const years = (m: string) => lifetimes.find((l) => l.method === m)?.years;
  return {
    byLevel: ['village', 'township', 'county'].map((level) => ({ level, rows: rows.filter((r) => r.level === level) })),
    lifetimes: { iud: years('iud'), implant: years('implant') },
  };
}

export async function getSchedule(db: Knex, id: number): Promise<ScheduleRow> {
  const row = await q.scheduleById(db, id);
  if (!row) throw new NotFoundError(SCHEDULE_MESSAGES.notFound);
  return row;
}

const summary = (r: Pick<ScheduleRow, 'trigger' | 'service_kind' | 'months_after' | 'days_after' | 'level' | 'serious_complication_only' | 'active'>) => ({
  trigger: r.trigger,
  service_kind: r.service_kind,
  months_after: r.months_after,
  days_after: r.days_after,
  level: r.level,
  serious_complication_only: r.serious_complication_only,
  active: r.active,
});

function check(e: Parameters<typeof scheduleEntryProblems>[0]) {
  const problems = scheduleEntryProblems(e);
  if (Object.keys(problems).length > 0) throw new ValidationError(problems);
}

/** POST /admin/follow-up-schedules — a new entry (parsed with ScheduleCreateForm). */
export async function createSchedule(db: Knex, actor: Actor, v: ScheduleCreateValues): Promise<ScheduleRow> {
  assertAdmin(actor);
  const entry = {
    trigger: v.trigger,
    service_kind: v.service_kind ?? null,
    months_after: v.months_after,
    days_after: v.days_after,
    level: v.level,
    serious_complication_only: v.serious_complication_only,
  };
  check(entry);
  return db.transaction(async (trx) => {
    if (await q.sameSchedule(trx, entry)) throw ValidationError.form(SCHEDULE_MESSAGES.duplicate);
    const created = await q.insertSchedule(trx, { ...entry, note: v.note ?? null });
    await recordAudit(trx, actor, { action: 'follow_up_schedule.create', entity: 'follow_up_schedule', entityId: created.id, after: summary(created), reason: v.reason });
    return created;
  });
}

/** POST /admin/follow-up-schedules/:id — its offset, level, note, or active (a deactivated entry makes no more follow-ups). */
export async function changeSchedule(db: Knex, actor: Actor, id: number, v: ScheduleUpdateValues): Promise<ScheduleRow> {
  assertAdmin(actor);
  return db.transaction(async (trx) => {
    const before = await q.scheduleById(trx, id, true);
    if (!before) throw new NotFoundError(SCHEDULE_MESSAGES.notFound);
    const next = { ...before, months_after: v.months_after, days_after: v.days_after, level: v.level };
    check(next);
    if (await q.sameSchedule(trx, next, id)) throw ValidationError.form(SCHEDULE_MESSAGES.duplicate);
    const updated = await q.updateSchedule(trx, id, { months_after: v.months_after, days_after: v.days_after, level: v.level, active: v.active, note: v.note ?? null });
    const action = before.active && !v.active ? 'follow_up_schedule.deactivate' : !before.active && v.active ? 'follow_up_schedule.activate' : 'follow_up_schedule.update';
    await recordAudit(trx, actor, { action, entity: 'follow_up_schedule', entityId: id, before: summary(before), after: summary(updated), reason: v.reason });
    return updated;
  });
}

/** POST /admin/device-lifetimes — the years an IUD and an implant last (new episodes' due date; old ones keep theirs). */
export async function setDeviceLifetimes(db: Knex, actor: Actor, v: LifetimesValues): Promise<void> {
  assertAdmin(actor);
  await db.transaction(async (trx) => {
    const before = Object.fromEntries((await q.deviceLifetimes(trx)).map((l) => [l.method, l.years]));
    await q.setDeviceLifetime(trx, 'iud', v.iud, actor.userId || null);
    await q.setDeviceLifetime(trx, 'implant', v.implant, actor.userId || null);
    await recordAudit(trx, actor, { action: 'device_lifetime.update', entity: 'device_lifetime', before, after: { iud: v.iud, implant: v.implant }, reason: v.lifetime_reason });
  });
}
