/**
 * Work orders (服务信息单, domain-notes §2.6): one printable sheet per village and month combining what is due —
 * follow-ups, double checks, 应措 women, IUDs and implants due for removal — with room to write results. An
 * item closes when its service is recorded (a follow-up done, a check recorded, a method taken up, a device
 * removed); closed items stay on the sheet, struck through and marked 已完成, so the month's sheet is the record.
 */
import type { Knex } from 'knex';
import type { Scope } from '../../../auth/actor.ts';
import { quarterOf } from '../../../domain/check-rounds.ts';
import type { IsoDate } from '../../../domain/dates.ts';
import { adoptReason, leaveReason } from '../../../domain/rosters.ts';
import { NotFoundError } from '../../../errors.ts';
import * as rounds from '../check-rounds/queries.ts';
import type { CheckResultListRow } from '../check-rounds/queries.ts';
import { roundView, type RoundView } from '../check-rounds/service.ts';
import { searchFollowUps, type FollowUpView } from '../follow-ups/service.ts';
import * as rq from '../rosters/queries.ts';
import { rosterMonth, type RosterEntry, type RosterMonth } from '../rosters/service.ts';
import { villageInScope } from './queries.ts';

export interface WorkOrder extends RosterMonth {
  village: { code: string; name: string; township_name: string };
  followUps: (FollowUpView & { closed: boolean })[];
  rounds: RoundView[];
  checks: (CheckResultListRow & { closed: boolean; round_label: string })[];
  shouldAdopt: (RosterEntry & { closed: boolean; closing: string | null })[];
  removals: (rq.RemovalDueRow & { closed: boolean })[];
  open: number;
  closed: number;
}

export async function workOrder(db: Knex, scope: Scope, f: { village: string; month?: string }, today: IsoDate): Promise<WorkOrder> {
  const village = await villageInScope(db, scope, f.village);
  if (!village) throw new NotFoundError('未找到该村(社区)，或不在您的管辖范围内。');
  const m = rosterMonth(f.month, today);

  const { rows: fus } = await searchFollowUps(db, scope, { status: 'month', village: village.code, month: { start: m.start, end: m.end } }, today);
  const followUps = fus.map((r) => ({ ...r, closed: !!r.done_on }));

  const { year, quarter } = quarterOf(m.start);
  const quarterRounds = (await rounds.listRounds(db, scope, { township: village.township_code, year, quarter })).map((r) => roundView(r, today));
  const checks: WorkOrder['checks'] = [];
  for (const r of quarterRounds) {
    for (const e of await rounds.roundEntries(db, r, { village: village.code })) {
      if (e.status !== 'excused') checks.push({ ...e, closed: e.status === 'done', round_label: r.label });
    }
  }

  // 应措: on the roster at the previous month-end or added since; closed once she left it (a method, a pregnancy …).
  const before = await rq.shouldAdoptMembers(db, scope, m.before, village.code);
  const now = await rq.shouldAdoptMembers(db, scope, m.on, village.code);
  const nowIds = new Set(now.map((x) => x.id));
  const union = new Map([...before, ...now].map((x) => [x.id, x]));
  const persons = await rq.personsOf(db, [...union.values()]);
  const facts = await rq.rosterFacts(
    db,
    persons.map((p) => p.id),
  );
  const villageOn = await rq.villagesOn(
    db,
    persons.map((p) => p.id),
    m.on,
  );
  const shouldAdopt = persons.map((p) => {
    const closed = !nowIds.has(p.id);
    const fx = facts.get(p.id)!;
    return { ...p, reason: adoptReason(fx, closed ? m.before : m.on), closed, closing: closed ? leaveReason(fx, m.on, villageOn.get(p.id) !== p.village_id) : null };
  });

  const removals = (await rq.removalsDue(db, scope, m.end, village.code, m.start)).map((r) => ({ ...r, closed: !!r.ended_on }));
  const items = [...followUps, ...checks, ...shouldAdopt, ...removals];
  const closed = items.filter((i) => i.closed).length;
  return {
    ...m,
    village,
    followUps,
    rounds: quarterRounds,
    checks,
    shouldAdopt,
    removals,
    open: items.length - closed,
    closed,
  };
}
