/**
 * Certificates the register keeps (DESIGN §4): 独生子女父母光荣证 for about half the couples whose only child was
 * born under the one-child policy (revoked when a second child came), 生育登记 for most births since 2016, and
 * 流动人口婚育证明 for most married women working away.
 */
import { birthday, isoOf, stampOf, yearOf, type Day } from './days.ts';
import { TWO_CHILD_DAY } from './births.ts';
import type { GenContext, PregnancySpec } from './life.ts';
import type { Emit } from './rows.ts';

function number(ctx: GenContext, day: Day): string {
  ctx.counters.certificate += 1;
  return `990100${yearOf(day)}${String(ctx.counters.certificate).padStart(7, '0')}`;
}

export function certificateRows(e: Emit, firstChild: Map<PregnancySpec, number>): void {
  const { ctx, w, rnd } = e;
  const push = (kind: string, issued: Day, extra: { child_id?: number; expires?: Day; revoked?: Day; reason?: string }) => {
    const township = e.townshipOn(issued);
    // A 光荣证 issued counts in the monthly report (and may be entered late); the others do not.
    const entered = e.clock.event(issued, township, kind === 'only_child_glory');
    const changed = extra.revoked === undefined ? entered : e.clock.change(extra.revoked, e.townshipOn(extra.revoked), entered);
    e.sink.add(
      'certificates',
      {
        id: e.next('certificates'),
        woman_id: e.womanId,
        region_id: e.regionOn(issued),
        kind,
        number: number(ctx, issued),
        issued_on: isoOf(issued),
        expires_on: extra.expires === undefined ? null : isoOf(extra.expires),
        child_id: extra.child_id ?? null,
        revoked_on: extra.revoked === undefined ? null : isoOf(extra.revoked),
        revoke_reason: extra.reason ?? null,
        created_by: ctx.townships[township].clerkId,
        created_at: stampOf(entered),
        updated_at: stampOf(changed),
      },
      { created: entered, day: issued, township, refs: [['children', extra.child_id]] },
    );
  };
  const births = w.pregnancies.filter((p) => p.outcome === 'live_birth');
  const first = births[0];
  if (first && first.end! < TWO_CHILD_DAY && first.children.length === 1 && rnd.chance(0.5)) {
    const issued = first.end! + rnd.int(180, 1500);
    if (issued < TWO_CHILD_DAY && issued <= w.end && (!births[1] || births[1].end! > issued)) {
      const second = births[1]?.end ?? null;
      const revoked = second === null ? undefined : Math.min(second + rnd.int(0, 60), w.end);
      push('only_child_glory', issued, { child_id: firstChild.get(first), revoked, reason: revoked === undefined ? undefined : '再生育' });
    }
  }
  for (const p of births) {
    if (p.end! < TWO_CHILD_DAY || !rnd.chance(0.7)) continue;
    push('birth_registration', Math.max(p.lmp + rnd.int(60, 150), TWO_CHILD_DAY), { child_id: firstChild.get(p) });
  }
  if (w.migration.status === 'outflow' && w.spans.length && rnd.chance(0.8)) {
    const issued = Math.max(w.migration.since! - rnd.int(0, 30), w.spans[0].start);
    push('migrant_certificate', issued, { expires: birthday(issued, 3) });
  }
}
