/**
 * Follow-ups made by events (issue 16 §1, seed 002): 新婚, 怀孕 and 产后 when her card records the event, and the
 * quarterly 药具 follow-ups of the women on a short-acting method (the nightly job). The entries are data
 * (follow_up_schedules); the planning rules are src/domain/follow-up-schedule.ts.
 */
import type { Knex } from 'knex';
import { systemActor, type Actor } from '../../../auth/actor.ts';
import { SHORT_ACTING_METHODS } from '../../../domain/codes.ts';
import type { IsoDate } from '../../../domain/dates.ts';
import { planEventFollowUps, planQuarterFollowUps, type LifeEvent, type PlannedEventFollowUp } from '../../../domain/follow-up-schedule.ts';
import { recordAudit } from '../../audit/service.ts';
import * as q from './queries.ts';
import type { FollowUpRow } from './queries.ts';

/**
 * The follow-ups of her life events (新婚, 怀孕, 产后: seed 002's village-level visits), inside the caller's
 * transaction: the active entries of each event's trigger, level from the entry, region = her village now; an
 * event's follow-ups are made once (a second call for the same event adds nothing). One audit row when any.
 */
export async function createEventFollowUps(trx: Knex, actor: Actor, womanId: number, events: readonly LifeEvent[], today: IsoDate): Promise<FollowUpRow[]> {
  if (events.length === 0) return [];
  const schedules = await q.eventSchedules(trx);
  const planned = events.flatMap((e) => planEventFollowUps(e, schedules, today));
  const regionId = await q.womanVillage(trx, womanId);
  if (planned.length === 0 || regionId === undefined) return [];
  const created = await q.insertEventFollowUps(trx, planned.map(insertOf(womanId, regionId, actor)));
  if (created.length > 0) {
    await recordAudit(trx, actor, {
      action: 'follow_up.plan',
      entity: 'woman',
      entityId: womanId,
      regionId,
      after: { follow_ups: created.map((f) => ({ trigger: f.trigger, trigger_on: f.trigger_on, level: f.level, due_on: f.due_on })) },
    });
  }
  return created;
}

const insertOf =
  (womanId: number, regionId: number, actor: Actor | null) =>
  (p: PlannedEventFollowUp): q.EventFollowUpInsert => ({
    woman_id: womanId,
    region_id: regionId,
    level: p.level,
    due_on: p.due_on,
    trigger: p.trigger,
    trigger_on: p.trigger_on,
    schedule_id: p.schedule_id ?? null,
    created_by: actor && actor.userId > 0 ? actor.userId : null,
  });

/**
 * A write to her card (the register's own functions: a marriage on the card, a pregnancy, a birth) together with
 * the follow-ups of the events it added, in one transaction: the events are the rows the write added after the
 * marks taken before it. Returns the write's result. `db` may be a transaction already (the caller's).
 */
export async function withEventFollowUps<T>(db: Knex, actor: Actor, womanId: number, today: IsoDate, write: (trx: Knex) => Promise<T>): Promise<T> {
  return db.transaction(async (trx) => {
    const marks = await q.eventMarks(trx, womanId);
    const result = await write(trx);
    await createEventFollowUps(trx, actor, womanId, await q.eventsSince(trx, womanId, marks), today);
    return result;
  });
}

/**
 * The quarterly follow-ups of the women using a short-acting method (药具, seed 002): for the quarter holding
 * `today`, one per woman and active 'supply_user' entry, due at the quarter's end, region = her village. Run every
 * night (a woman who starts pills mid-quarter is picked up the next night); idempotent: a second run in the same
 * quarter adds nothing (the unique index follow_ups_event_once). Returns how many were made.
 */
export async function createQuarterFollowUps(db: Knex, today: IsoDate): Promise<number> {
  return db.transaction(async (trx) => {
    const planned = planQuarterFollowUps(today, await q.eventSchedules(trx));
    if (planned.length === 0) return 0;
    const users = await q.supplyUsersOn(trx, today, SHORT_ACTING_METHODS);
    let made = 0;
    for (let i = 0; i < users.length; i += 1000) {
      const rows = users.slice(i, i + 1000).flatMap((u) => planned.map(insertOf(u.woman_id, u.region_id, null)));
      made += (await q.insertEventFollowUps(trx, rows)).length;
    }
    if (made > 0) {
      await recordAudit(trx, systemActor({ id: 0, code: '', name: '系统' }), {
        action: 'follow_up.plan',
        entity: 'follow_up',
        after: { trigger: 'supply_user', quarter_start: planned[0]!.trigger_on, made },
      });
    }
    return made;
  });
}
