/**
 * Follow-ups after procedures at the default schedule (seeds/reference.ts: IUD insertion at 1, 3, 6 and 12
 * months, the other procedures at 1 and 3 months, by the township). Past visits are mostly done, a few near
 * ones are overdue, future ones are open. A visit after the IUD was taken out, or after the card left the
 * register, is not scheduled.
 */
import type { ServiceKind } from '../../src/domain/codes.ts';
import { FOLLOW_UP_SCHEDULES } from '../reference.ts';
import { isoOf, plusMonths, stampOf, type Day } from './days.ts';
import { villageOn, type EpisodeSpec } from './life.ts';
import { FOLLOW_UP_RESULTS, IUD_FOLLOW_UP_RESULTS } from './names.ts';
import type { Emit } from './rows.ts';
import type { ServiceRef } from './service-rows.ts';

const SCHEDULE = new Map<string, number[]>();
for (const s of FOLLOW_UP_SCHEDULES) {
  if (s.level !== 'township' || s.serious_complication_only) continue;
  SCHEDULE.set(
    s.service_kind,
    [...(SCHEDULE.get(s.service_kind) ?? []), s.months_after].sort((a, b) => a - b),
  );
}

const VISIT_OFFSET: readonly (readonly [readonly [number, number], number])[] = [
  [[-7, 0], 55],
  [[1, 5], 35],
  [[6, 30], 10],
];

export function scheduleFor(kind: ServiceKind): number[] {
  return SCHEDULE.get(kind) ?? [];
}

/** Follow-ups are planned when the service is entered; a visit is recorded when it is made. */
export function followUpRows(e: Emit, services: ServiceRef[], opened: Map<EpisodeSpec, ServiceRef>): void {
  const { ctx, w, rnd } = e;
  const episodeOf = new Map<ServiceRef, EpisodeSpec>();
  for (const [ep, s] of opened) episodeOf.set(s, ep);
  for (const s of services) {
    const months = scheduleFor(s.kind);
    if (!months.length) continue;
    const episode = episodeOf.get(s);
    for (const m of months) {
      const due: Day = plusMonths(s.day, m);
      if (episode && episode.end !== null && due > episode.end) break;
      if (w.exitDay !== null && due > w.exitDay) break;
      const village = villageOn(w, due);
      const township = ctx.townships[ctx.villages[village].township];
      let done: Day | null = null;
      if (due <= ctx.today) {
        // Older visits were nearly all made; the last half-year still has a tail of overdue ones.
        const p = ctx.today - due > 180 ? 0.97 : 0.85;
        // Visits are planned for the due date: most made in the week before it or a few days after, some later.
        const [lo, hi] = rnd.weighted(VISIT_OFFSET);
        if (rnd.chance(p)) done = Math.min(Math.max(due + rnd.int(lo, hi), s.day + 1), ctx.today);
      }
      const results = s.kind === 'iud_insertion' ? IUD_FOLLOW_UP_RESULTS : FOLLOW_UP_RESULTS;
      const recorded = done === null ? s.at : e.clock.change(done, ctx.villages[village].township, s.at);
      e.sink.add(
        'follow_ups',
        {
          id: e.next('follow_ups'),
          woman_id: e.womanId,
          service_id: s.id,
          region_id: ctx.villages[village].id,
          level: 'township',
          due_on: isoOf(due),
          done_on: done === null ? null : isoOf(done),
          result: done === null ? null : rnd.pick(results),
          done_by: done === null ? null : rnd.chance(0.7) ? township.clerkId : township.supId,
          note: null,
          created_by: s.row.created_by,
          created_at: stampOf(s.at),
          updated_at: stampOf(recorded),
        },
        { created: s.at, day: null, township: ctx.villages[village].township, refs: [['services', s.id]] },
      );
    }
  }
}
