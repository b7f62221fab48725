/**
 * Double-check rounds (双查): a township opens a quarterly round and its due list is generated in the same
 * transaction; the list is editable (add a woman, excuse one with a reason); results are recorded as
 * ring_pregnancy_check services (recordService with the round), which update her state and tick her off; the
 * round shows due, done and the rate, and flags women who missed two rounds running.
 */
import type { Knex } from 'knex';
import type { Actor, Scope } from '../../../auth/actor.ts';
import {
  checkRate,
  consecutiveMisses,
  MISSED_ALERT,
  quarterEnd,
  quarterIndex,
  quarterLabel,
  quarterOf,
  quarterStart,
  roundFinished,
  roundOpenProblem,
  type Quarter,
} from '../../../domain/check-rounds.ts';
import { chinaDate, maxDate, type IsoDate } from '../../../domain/dates.ts';
import { normalizeIdNumber } from '../../../domain/id-number.ts';
import { ForbiddenError, NotFoundError, ValidationError } from '../../../errors.ts';
import { recordAudit } from '../../audit/service.ts';
import { canRecordServices, recordParsedService, serviceFormSubject } from '../record/service.ts';
import { ServiceForm } from '../record/schemas.ts';
import { parseForm } from '../../../parse.ts';
import { ROUND_MESSAGES as M } from './messages.ts';
import * as q from './queries.ts';
import type { CheckResultListRow, CheckRoundListRow, CheckRoundRow } from './queries.ts';
import type { AddToRoundValues, ExcuseValues, RoundValues } from './schemas.ts';

export type RoundView = CheckRoundListRow & {
  label: string;
  starts_on: IsoDate;
  finished: boolean;
  rate: ReturnType<typeof checkRate>;
  /** 三查率 (done with all three results / due) when the round includes 查病. */
  tripleRate?: ReturnType<typeof checkRate>;
};

export function roundView(r: CheckRoundListRow, today: IsoDate): RoundView {
  return {
    ...r,
    label: quarterLabel(r),
    starts_on: quarterStart(r),
    finished: roundFinished(r, today),
    rate: checkRate(r.done, r.due),
    tripleRate: r.includes_gyn_exam ? checkRate(r.triple_done, r.due) : undefined,
  };
}

/** Only township clerks and supervisors open, edit and close rounds (the route asks before parsing the form). */
export function assertTownshipWriter(actor: Actor) {
  if (!canRecordServices(actor) || actor.level !== 'township') throw new ForbiddenError('只有乡镇录入员或审核员可以管理双查。');
}

/** POST /check-rounds — open this township's round for a quarter (parsed with RoundForm) and generate its due list. */
export async function openRound(db: Knex, actor: Actor, input: RoundValues | Omit<RoundValues, 'includes_gyn_exam'>, opts: { today?: IsoDate } = {}) {
  assertTownshipWriter(actor);
  const v: RoundValues = { includes_gyn_exam: false, ...input };
  const today = opts.today ?? chinaDate(new Date());
  const quarter: Quarter = { year: v.year, quarter: v.quarter };
  const problem = roundOpenProblem(quarter, today);
  if (problem) throw ValidationError.field('quarter', problem);
  return db.transaction(async (trx) => {
    // One round per township and quarter: the unique key decides between two clerks opening it at once.
    await q.lockTownshipRounds(trx, actor.scope.regionId);
    if (await q.roundExists(trx, actor.scope.regionId, v.year, v.quarter)) {
      throw ValidationError.field('quarter', `本乡镇${quarterLabel(quarter)}的双查已经开启`);
    }
    const opensOn = maxDate(today, quarterStart(quarter));
    const round = await q.insertRound(trx, {
      township_id: actor.scope.regionId,
      year: v.year,
      quarter: v.quarter,
      opened_on: opensOn,
      closes_on: quarterEnd(quarter),
      includes_gyn_exam: v.includes_gyn_exam,
      created_by: actor.userId || null,
    });
    const due = await q.generateDueList(trx, round.id, actor.scope.regionId, opensOn, actor.userId || null);
    await recordAudit(trx, actor, {
      action: 'check_round.open',
      entity: 'check_round',
      entityId: round.id,
      regionId: actor.scope.regionId,
      after: { year: v.year, quarter: v.quarter, opened_on: opensOn, closes_on: round.closes_on, includes_gyn_exam: v.includes_gyn_exam, due },
    });
    return { round, due, label: quarterLabel(quarter) };
  });
}

export async function listRounds(db: Knex, scope: Scope, today: IsoDate, f: { township?: string } = {}): Promise<RoundView[]> {
  return (await q.listRounds(db, scope, f)).map((r) => roundView(r, today));
}

/** The rounds of the quarter of `today` in the scope (home panel, rosters). */
export async function currentRounds(db: Knex, scope: Scope, today: IsoDate): Promise<RoundView[]> {
  const { year, quarter } = quarterOf(today);
  return (await q.listRounds(db, scope, { year, quarter })).map((r) => roundView(r, today));
}

export async function getRound(db: Knex, scope: Scope, id: number, today: IsoDate): Promise<RoundView> {
  const r = await q.roundInScope(db, scope, id);
  if (!r) throw new NotFoundError(M.notFoundRound);
  return roundView(r, today);
}

export type RoundEntry = CheckResultListRow & { missed: number; flagged: boolean };

/**
 * The women on a round's list with their missed-rounds count (flagged at two running). Flags look at this
 * round (when finished) and the two before it in the same township.
 */
export async function roundEntries(db: Knex, round: RoundView, today: IsoDate, f: { village?: string; status?: string } = {}): Promise<RoundEntry[]> {
  const rows = await q.roundEntries(db, round, f);
  const idx = quarterIndex(round);
  const history = await q.roundHistory(
    db,
    round.township_id,
    rows.map((r) => r.woman_id),
    idx - MISSED_ALERT,
    idx,
  );
  const byWoman = new Map<number, q.HistoryRow[]>();
  for (const h of history) byWoman.set(h.woman_id, [...(byWoman.get(h.woman_id) ?? []), h]);
  const entries = rows.map((r) => {
    const missed = consecutiveMisses(
      (byWoman.get(r.woman_id) ?? []).map((h) => ({ year: h.year, quarter: h.quarter, status: h.status, finished: roundFinished({ status: h.round_status, closes_on: h.closes_on }, today) })),
    );
    return { ...r, missed, flagged: missed >= MISSED_ALERT };
  });
  return f.status === 'missed' ? entries.filter((e) => e.flagged) : entries;
}

async function writableRound(trx: Knex, actor: Actor, roundId: number): Promise<CheckRoundListRow> {
  assertTownshipWriter(actor);
  const round = await q.roundInScope(trx, actor.scope, roundId, true);
  if (!round) throw new NotFoundError(M.notFoundRound);
  if (round.status === 'closed') throw ValidationError.form('本轮双查已结束，名单不能再修改。');
  return round;
}

/** POST /check-rounds/:id/excuse — take a woman off the due list, with the reason (e.g. 外出务工，已交流入地证明; parsed with ExcuseForm). */
export async function excuseFromRound(db: Knex, actor: Actor, roundId: number, v: ExcuseValues) {
  return db.transaction(async (trx) => {
    const round = await writableRound(trx, actor, roundId);
    const result = await q.resultOf(trx, roundId, v.woman_id, true);
    const woman = result && (await q.womanOfTownship(trx, round.township_code, v.woman_id));
    if (!result || !woman) throw new NotFoundError('她不在本轮双查名单中。');
    if (result.status === 'done') throw ValidationError.form(`${woman.name} 本轮已查（${result.checked_on}），不能免查。`);
    await q.setResultStatus(trx, result.id, 'excused', v.reason);
    await recordAudit(trx, actor, { action: 'check_round.excuse', entity: 'woman', entityId: v.woman_id, regionId: woman.region_id, after: { round_id: roundId, reason: v.reason } });
    return { name: woman.name };
  });
}

/** POST /check-rounds/:id/add — put a woman of the township on the list (or back on it after an excuse; parsed with AddToRoundForm). */
export async function addToRound(db: Knex, actor: Actor, roundId: number, v: AddToRoundValues) {
  return db.transaction(async (trx) => {
    const round = await writableRound(trx, actor, roundId);
    const woman = await q.activeWomanInTownship(trx, round.township_code, normalizeIdNumber(v.id_number));
    if (!woman) throw ValidationError.field('id_number', `本乡镇没有该身份证号的在册育龄妇女`);
    const existing = await q.resultOf(trx, roundId, woman.id, true);
    if (existing && existing.status !== 'excused') throw ValidationError.field('id_number', `${woman.name} 已在本轮双查名单中`);
    if (existing) await q.setResultStatus(trx, existing.id, 'due', null);
    else await q.insertResult(trx, roundId, woman.id, actor.userId || null, null);
    await recordAudit(trx, actor, { action: 'check_round.add', entity: 'woman', entityId: woman.id, regionId: woman.region_id, after: { round_id: roundId } });
    return { name: woman.name, womanId: woman.id };
  });
}

/** POST /check-rounds/:id/close — the round ends; women still unchecked count as missed. */
export async function closeRound(db: Knex, actor: Actor, roundId: number): Promise<CheckRoundRow> {
  return db.transaction(async (trx) => {
    const round = await writableRound(trx, actor, roundId);
    await q.setRoundStatus(trx, roundId, 'closed');
    await recordAudit(trx, actor, {
      action: 'check_round.close',
      entity: 'check_round',
      entityId: roundId,
      regionId: round.township_id,
      after: { due: round.due, done: round.done, excused: round.excused },
    });
    return { ...round, status: 'closed' };
  });
}

/** One woman's 双查 result form on a round: the round and her card's state (the village worker's form). */
export async function checkResultSubject(db: Knex, scope: Scope, roundId: number, womanId: number, today: IsoDate) {
  const round = await getRound(db, scope, roundId, today);
  const { woman, state } = await serviceFormSubject(db, scope, womanId);
  return { round, woman, state };
}

/** Record a woman's 双查 result on a round from raw form values (the record service checks the list, the window and who may). */
export async function recordRoundResult(db: Knex, actor: Actor, roundId: number, womanId: number, input: Record<string, unknown>, today: IsoDate) {
  return recordParsedService(db, actor, womanId, parseForm(ServiceForm, { ...input, kind: 'ring_pregnancy_check' }), { today, roundId });
}
