/**
 * Follow-ups after procedures at the default schedule (seeds/reference.ts: IUD insertion at 1, 3, 6 and 12
 * months, the other procedures at 1 and 3 months, by the township). Past visits are mostly done, a few near
 * ones are overdue, future ones are open. A visit after the IUD was taken out, or after the card left the
 * register, is not scheduled.
 */
import type { ServiceKind } from '../../src/domain/codes.ts';
import { FOLLOW_UP_SCHEDULES } from '../reference.ts';
import { isoOf, plusMonths, stamp, type Day } from './days.ts';
import { villageOn, type EpisodeSpec, type GenContext, type WomanLife } from './life.ts';
import { FOLLOW_UP_RESULTS, IUD_FOLLOW_UP_RESULTS } from './names.ts';
import type { Random } from './random.ts';
import type { Batch, ServiceRef, Table } from './rows.ts';

const SCHEDULE = new Map<string, number[]>();
for (const s of FOLLOW_UP_SCHEDULES) {
  if (s.level !== 'township' || s.serious_complication_only) continue;
  SCHEDULE.set(s.service_kind, [...(SCHEDULE.get(s.service_kind) ?? []), s.months_after].sort((a, b) => a - b));
}

export function scheduleFor(kind: ServiceKind): number[] {
  return SCHEDULE.get(kind) ?? [];
}

export function followUpRows(
  ctx: GenContext,
  w: WomanLife,
  rnd: Random,
  services: ServiceRef[],
  opened: Map<EpisodeSpec, ServiceRef>,
  womanId: number,
  next: (t: Table) => number,
  out: Batch,
): void {
  const episodeOf = new Map<ServiceRef, EpisodeSpec>();
  for (const [e, s] of opened) episodeOf.set(s, e);
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
        if (rnd.chance(p)) done = Math.min(Math.max(due + rnd.int(-5, 20), s.day + 1), ctx.today);
      }
      const results = s.kind === 'iud_insertion' ? IUD_FOLLOW_UP_RESULTS : FOLLOW_UP_RESULTS;
      out.follow_ups.push({
        id: next('follow_ups'), woman_id: womanId, service_id: s.id, region_id: ctx.villages[village].id, level: 'township',
        due_on: isoOf(due), done_on: done === null ? null : isoOf(done), result: done === null ? null : rnd.pick(results),
        done_by: done === null ? null : rnd.chance(0.7) ? township.clerkId : township.supId, note: null,
        created_by: s.row.created_by, created_at: stamp(s.day, 16),
      });
    }
  }
}
