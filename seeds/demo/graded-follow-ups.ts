/**
 * Graded follow-ups in the demo (issue 16 §1, seed 002): the village-level visits of the events of the last 90
 * days as the register would have made them when they were entered — 新婚 a month after a marriage, 怀孕 30 days
 * after a pregnancy was found, 产后 42 days after a birth (open: the village worker has not reported them yet) —
 * and this quarter's 药具 follow-ups of the women on a short-acting method, made by the nightly job's function.
 */
import type { Knex } from 'knex';
import type { IsoDate } from '../../src/domain/dates.ts';
import { createQuarterFollowUps } from '../../src/features/services/service.ts';

/** The event's day at 18:00 China time, but never after the demo's "today" began. */
const ENTERED = `least((e.on_day::timestamp + interval '18 hours') at time zone 'Asia/Shanghai', (?::date::timestamp at time zone 'Asia/Shanghai') - interval '1 hour')`;
const ENTERED_Q = `least((trigger_on::timestamp + interval '8 hours') at time zone 'Asia/Shanghai', (?::date::timestamp at time zone 'Asia/Shanghai') - interval '1 hour')`;

export async function seedGradedFollowUps(trx: Knex, today: IsoDate): Promise<{ events: number; quarter: number }> {
  const { rowCount } = await trx.raw<{ rowCount: number }>(
    `insert into follow_ups (woman_id, region_id, level, due_on, trigger, trigger_on, schedule_id, created_at, updated_at)
     select e.woman_id, w.region_id, s.level, (e.on_day + make_interval(months => s.months_after) + make_interval(days => s.days_after))::date, s.trigger, e.on_day, s.id,
            ${ENTERED}, ${ENTERED}
       from (select woman_id, effective_on as on_day, 'marriage' as trigger from marital_events where kind in ('first_marriage', 'remarriage') and not undated
             union select woman_id, found_on, 'pregnancy' from pregnancies
             union select woman_id, birth_date, 'postpartum' from children) e
       join follow_up_schedules s on s.trigger = e.trigger and s.active
       join women w on w.id = e.woman_id and w.status = 'active'
      where e.on_day between ?::date - 90 and ?::date
      on conflict do nothing`,
    [today, today, today, today],
  );
  const quarter = await createQuarterFollowUps(trx, today);
  // Entered on the quarter's first day (the demo's history ends before its "today"), like every demo row.
  await trx.raw('alter table follow_ups disable trigger follow_ups_updated_at');
  await trx.raw(`update follow_ups set created_at = ${ENTERED_Q}, updated_at = ${ENTERED_Q} where trigger = 'supply_user'`, [today, today]);
  await trx.raw('alter table follow_ups enable trigger follow_ups_updated_at');
  return { events: rowCount, quarter };
}
