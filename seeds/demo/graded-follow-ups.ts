/**
 * Graded follow-ups in the demo (issue 16 §1, seed 002): the village-level visits of the events of the last 90
 * days as the register would have made them when they were entered — 新婚 a month after a marriage, 怀孕 30 days
 * after a pregnancy was found, 产后 42 days after a birth (open: the village worker has not reported them yet) —
 * and this quarter's 药具 follow-ups of the women on a short-acting method, made by the nightly job's function.
 */
import type { Knex } from 'knex';
import type { IsoDate } from '../../src/domain/dates.ts';
import { createQuarterFollowUps } from '../../src/features/services/service.ts';

export async function seedGradedFollowUps(trx: Knex, today: IsoDate): Promise<{ events: number; quarter: number }> {
  const { rowCount } = await trx.raw<{ rowCount: number }>(
    `insert into follow_ups (woman_id, region_id, level, due_on, trigger, trigger_on, schedule_id)
     select e.woman_id, w.region_id, s.level, (e.on_day + make_interval(months => s.months_after) + make_interval(days => s.days_after))::date, s.trigger, e.on_day, s.id
       from (select woman_id, effective_on as on_day, 'marriage' as trigger from marital_events where kind in ('first_marriage', 'remarriage') and not undated
             union select woman_id, found_on, 'pregnancy' from pregnancies
             union select woman_id, birth_date, 'postpartum' from children) e
       join follow_up_schedules s on s.trigger = e.trigger and s.active
       join women w on w.id = e.woman_id and w.status = 'active'
      where e.on_day between ?::date - 90 and ?::date
      on conflict do nothing`,
    [today, today],
  );
  return { events: rowCount, quarter: await createQuarterFollowUps(trx, today) };
}
