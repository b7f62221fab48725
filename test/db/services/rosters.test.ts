/**
 * Rosters, rounds and follow-ups against PostgreSQL: the 应措 SQL agrees with the pure rule and with the
 * register's should_adopt finding; membership at month boundaries; 增补 / 核减; the double-check round's due
 * list, rate and missed-twice flag; follow-ups done.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../../src/auth/actor.ts';
import { shouldAdoptOn } from '../../../src/domain/rosters.ts';
import { addToRound, closeRound, excuseFromRound, getRound, openRound, roundEntries } from '../../../src/features/services/service.ts';
import { completeFollowUp, followUpSummary, searchFollowUps } from '../../../src/features/services/service.ts';
import { recordService } from '../../../src/features/services/service.ts';
import { removalsDueCount, removalsRoster, shouldAdoptRoster } from '../../../src/features/services/service.ts';
import * as rq from '../../../src/features/services/rosters/queries.ts';
import { workOrder } from '../../../src/features/services/service.ts';
import { openEpisode, openPregnancy, recordBirth } from '../../../src/features/women/service.ts';
import { NotFoundError, ValidationError } from '../../../src/errors.ts';
import { useTestDatabase } from '../../helpers/db.ts';
import { seedWorld, type World } from '../../helpers/fixtures.ts';
import { cardInput, makeCard, townshipClerks } from '../../helpers/women.ts';
import { createCard, formValuesOf, updateCard, type CardInput } from '../../../src/features/women/service.ts';
import { acceptTransfer, moveCard } from '../../../src/features/women/service.ts';
import { must } from '../../helpers/must.ts';
import { rejection } from '../../helpers/rejection.ts';

const APRIL = '2026-04-20';

describe('rosters, rounds and follow-ups', () => {
  const t = useTestDatabase();
  let w: World;
  let clerkA: Actor;
  let clerkB: Actor;
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    w = await seedWorld(t.db);
    ({ clerkA, clerkB } = await townshipClerks(t.db, w));
    const o = { today: APRIL };
    const mother = async (name: string, village = w.villageA1.code, extra = {}) => {
      const c = await makeCard(t.db, clerkA, village, { name, ...extra });
      await recordBirth(t.db, clerkA, c.id, { birth_date: '2015-04-02', children: [{ sex: 'female' }] }, o);
      ids[name] = c.id;
      return c.id;
    };
    // On the roster all along (no method since her birth).
    await mother('甲无措施');
    // IUD since 2016: never on it.
    await recordService(t.db, clerkA, await mother('乙上环'), { kind: 'iud_insertion', performed_on: '2016-01-10', facility: '站' }, o);
    // IUD taken out on 31 March: joins on 31 March → she was on the March-end roster already.
    const c = await mother('丙三月底取环');
    await recordService(t.db, clerkA, c, { kind: 'iud_insertion', performed_on: '2016-01-10', facility: '站' }, o);
    await recordService(t.db, clerkA, c, { kind: 'iud_removal', performed_on: '2026-03-31', facility: '站' }, o);
    // IUD taken out on 1 April: an addition (增补) in April.
    const d = await mother('丁四月取环');
    await recordService(t.db, clerkA, d, { kind: 'iud_insertion', performed_on: '2016-01-10', facility: '站' }, o);
    await recordService(t.db, clerkA, d, { kind: 'iud_removal', performed_on: '2026-04-01', facility: '站' }, o);
    // No method at March-end, IUD put in on 1 April: a removal (核减) in April.
    await recordService(t.db, clerkA, await mother('戊四月上环'), { kind: 'iud_insertion', performed_on: '2026-04-01', facility: '站' }, o);
    // Found pregnant in April: a removal.
    await openPregnancy(t.db, clerkA, await mother('己四月怀孕'), { found_on: '2026-04-05' }, o);
    // Married in April, no children: an addition.
    const g = await createCard(t.db, clerkA, cardInput(w.villageA1.code, { name: '庚四月结婚', marriage_date: '2026-04-08' }), o);
    ids['庚四月结婚'] = g.id;
    // Sterilised: never on the roster, not due for a double check.
    await recordService(t.db, clerkA, await mother('辛女扎'), { kind: 'female_sterilization', performed_on: '2017-06-01', facility: '站' }, o);
    // Gave birth in January: in the 6-month grace, not on the roster.
    const k = await makeCard(t.db, clerkA, w.villageA2.code, { name: '壬一月生育' });
    ids['壬一月生育'] = k.id;
    await recordBirth(t.db, clerkA, k.id, { birth_date: '2026-01-15', children: [{ sex: 'male' }] }, o);
    // Condoms: not on the roster, due for the double check.
    await openEpisode(t.db, clerkA, await mother('癸避孕套', w.villageA2.code), { method: 'condom', started_on: '2020-01-01' }, o);
    // Township B: out of A's scope.
    ids['子东山'] = (await makeCard(t.db, clerkB, w.villageB1.code, { name: '子东山' })).id;
  });

  async function rosterNames(day: string, actor = clerkA, village?: string) {
    const members = await rq.shouldAdoptMembers(t.db, actor.scope, day, village);
    const byId = Object.fromEntries(Object.entries(ids).map(([n, id]) => [id, n]));
    return members
      .map((m) => byId[m.id])
      .filter(Boolean)
      .sort();
  }

  it('membership at month boundaries follows the dates of methods, pregnancies and marriages', async () => {
    expect(await rosterNames('2026-03-30')).toEqual(['戊四月上环', '己四月怀孕', '甲无措施'].sort());
    expect(await rosterNames('2026-03-31')).toEqual(['丙三月底取环', '戊四月上环', '己四月怀孕', '甲无措施'].sort());
    expect(await rosterNames(APRIL)).toEqual(['丁四月取环', '丙三月底取环', '庚四月结婚', '甲无措施'].sort());
    expect(await rosterNames(APRIL, clerkB)).toEqual(['子东山']);
    expect(await rosterNames(APRIL, clerkA, w.villageA2.code)).toEqual([]);
  });

  it('the SQL agrees with the pure rule on every card and day, and with the register’s should_adopt finding today', async () => {
    const all = Object.values(ids);
    const facts = await rq.rosterFacts(t.db, all);
    for (const day of ['2026-01-31', '2026-03-30', '2026-03-31', '2026-04-01', APRIL]) {
      const sql = new Set((await rq.shouldAdoptMembers(t.db, { level: 'county', regionId: w.county.id, code: w.county.code }, day)).map((m) => m.id));
      for (const id of all) expect([day, id, sql.has(id)]).toEqual([day, id, shouldAdoptOn(facts.get(id)!, day)]);
    }
    const flagged = new Set((await t.db('data_findings').where({ rule: 'should_adopt' })).map((f) => f.woman_id));
    const sqlToday = new Set((await rq.shouldAdoptMembers(t.db, { level: 'county', regionId: w.county.id, code: w.county.code }, APRIL)).map((m) => m.id));
    expect([...sqlToday].sort()).toEqual([...flagged].filter((id) => all.includes(id)).sort());
  });

  it('the April roster lists 增补 and 核减 against the March-end roster, with reasons', async () => {
    const r = await shouldAdoptRoster(t.db, clerkA.scope, { month: '2026-04' }, APRIL);
    expect(r).toMatchObject({ before: '2026-03-31', on: APRIL, total: 4 });
    expect(r.added.map((p) => [p.name, p.reason])).toEqual([
      ['丁四月取环', '宫内节育器取出后未落实措施'],
      ['庚四月结婚', '婚后未落实措施'],
    ]);
    expect(r.removed.map((p) => [p.name, p.reason]).sort()).toEqual([
      ['己四月怀孕', '已怀孕'],
      ['戊四月上环', '已落实措施：宫内节育器'],
    ]);
    const march = await shouldAdoptRoster(t.db, clerkA.scope, { month: '2026-03' }, APRIL);
    expect(march).toMatchObject({ before: '2026-02-28', on: '2026-03-31', total: 4 });
    expect(march.added.map((p) => p.name)).toEqual(['丙三月底取环']);
  });

  it('a double-check round lists married 15–49 women who are not sterilised; the rate and the list are editable', async () => {
    const opened = await openRound(t.db, clerkA, { year: 2026, quarter: 2 }, { today: APRIL });
    const round = await getRound(t.db, clerkA.scope, opened.round.id, APRIL);
    const names = (await roundEntries(t.db, round, APRIL)).map((e) => e.woman_name).sort();
    expect(names).toEqual(['丁四月取环', '丙三月底取环', '乙上环', '壬一月生育', '己四月怀孕', '庚四月结婚', '戊四月上环', '甲无措施', '癸避孕套'].sort());
    expect(round).toMatchObject({ due: 9, done: 0, opened_on: APRIL, closes_on: '2026-06-30', label: '2026年第二季度' });
    await expect(openRound(t.db, clerkA, { year: 2026, quarter: 2 }, { today: APRIL })).rejects.toThrow(/已经开启/);

    await recordService(
      t.db,
      clerkA,
      ids['乙上环'],
      { kind: 'ring_pregnancy_check', performed_on: '2026-04-15', iud_result: 'present', pregnancy_result: 'negative' },
      { today: APRIL, roundId: round.id },
    );
    await excuseFromRound(t.db, clerkA, round.id, { woman_id: ids['癸避孕套'], reason: '外出务工，流入地已查' });
    // A check recorded from the card (no round given) ticks her off too.
    await recordService(t.db, clerkA, ids['甲无措施'], { kind: 'ring_pregnancy_check', performed_on: '2026-04-16', pregnancy_result: 'negative' }, { today: APRIL });
    const after = await getRound(t.db, clerkA.scope, round.id, APRIL);
    expect(after).toMatchObject({ due: 8, done: 2, excused: 1, rate: { numerator: 2, denominator: 8, value: 25, unit: '%' } });
    const jia = await t.db('check_results').where({ round_id: round.id, woman_id: ids['甲无措施'] }).first();
    expect(jia).toMatchObject({ status: 'done', iud_result: 'not_applicable', pregnancy_result: 'negative', checked_on: '2026-04-16' });

    await expect(addToRound(t.db, clerkA, round.id, { id_number: must(await t.db('women').where({ id: ids['辛女扎'] }).first(), 'card').id_number })).resolves.toMatchObject({ name: '辛女扎' });
    await expect(addToRound(t.db, clerkA, round.id, { id_number: must(await t.db('women').where({ id: ids['子东山'] }).first(), 'card').id_number })).rejects.toThrow(/本乡镇没有该身份证号/);
    await expect(excuseFromRound(t.db, clerkA, round.id, { woman_id: ids['乙上环'], reason: 'x' })).rejects.toThrow(/本轮已查/);
    await expect(getRound(t.db, clerkB.scope, round.id, APRIL)).rejects.toBeInstanceOf(NotFoundError);
    // Outside the round's window, the round page refuses it.
    const late = await rejection(
      recordService(t.db, clerkA, ids['丁四月取环'], { kind: 'ring_pregnancy_check', performed_on: '2026-03-20', pregnancy_result: 'negative' }, { today: APRIL, roundId: round.id }),
      ValidationError,
    );
    expect(late).toBeInstanceOf(ValidationError);
    expect(late.fieldErrors.performed_on).toMatch(/不在本轮双查时间内（2026-04-01 至 2026-06-30）/);
  });

  it('flags a woman who missed two rounds running', async () => {
    const q3 = await openRound(t.db, clerkA, { year: 2026, quarter: 3 }, { today: '2026-07-02' });
    await recordService(
      t.db,
      clerkA,
      ids['乙上环'],
      { kind: 'ring_pregnancy_check', performed_on: '2026-07-10', iud_result: 'present', pregnancy_result: 'negative' },
      { today: '2026-07-10', roundId: q3.round.id },
    );
    await closeRound(t.db, clerkA, q3.round.id);
    const q4 = await openRound(t.db, clerkA, { year: 2026, quarter: 4 }, { today: '2026-10-08' });
    const round = await getRound(t.db, clerkA.scope, q4.round.id, '2026-10-08');
    const entries = await roundEntries(t.db, round, '2026-10-08');
    const flag = Object.fromEntries(entries.map((e) => [e.woman_name, e.missed]));
    expect(flag['乙上环']).toBe(0); // checked in Q2 and Q3
    expect(flag['甲无措施']).toBe(1); // checked in Q2, missed Q3
    expect(flag['丁四月取环']).toBe(2); // missed Q2 and Q3
    expect(flag['癸避孕套']).toBe(1); // excused in Q2 (ends the run), missed Q3
    const flagged = await roundEntries(t.db, round, '2026-10-08', { status: 'missed' });
    expect(flagged.map((e) => e.woman_name)).toContain('丁四月取环');
    expect(flagged.every((e) => e.missed >= 2)).toBe(true);
  });

  it('follow-ups: due and overdue by level, done with date, result and who; scope and dates are checked', async () => {
    const today = '2026-05-05';
    // 戊 had an IUD put in on 1 April: township follow-ups on 05-01, 07-01, 10-01, 2027-04-01.
    const s = await searchFollowUps(t.db, clerkA.scope, { status: 'pending' }, today);
    const wu = s.rows.filter((r) => r.woman_id === ids['戊四月上环']);
    expect(wu.map((r) => [r.due_on, r.state, r.level])).toEqual([['2026-05-01', 'overdue', 'township']]);
    const summary = await followUpSummary(t.db, clerkA.scope, today);
    expect(summary.overdue).toBe(s.rows.filter((r) => r.state === 'overdue').length);
    expect((await searchFollowUps(t.db, clerkB.scope, { status: 'all' }, today)).total).toBe(0);

    await expect(completeFollowUp(t.db, clerkB, wu[0].id, { done_on: '2026-05-04', result: '无不适' }, { today })).rejects.toBeInstanceOf(NotFoundError);
    await expect(completeFollowUp(t.db, clerkA, wu[0].id, { done_on: '2026-05-06', result: '无不适' }, { today })).rejects.toThrow(/不能晚于今天/);
    const done = await completeFollowUp(t.db, clerkA, wu[0].id, { done_on: '2026-05-04', result: '无不适，环位正常' }, { today });
    expect(done.followUp).toMatchObject({ done_on: '2026-05-04', result: '无不适，环位正常', done_by: clerkA.userId });
    await expect(completeFollowUp(t.db, clerkA, wu[0].id, { done_on: '2026-05-04', result: '再次' }, { today })).rejects.toThrow(/已于 2026-05-04 登记完成/);
    const audit = must(
      await t
        .db('audit_log')
        .where({ action: 'follow_up.done', entity_id: String(ids['戊四月上环']) })
        .first(),
      'audit row',
    );
    expect(audit.after).toMatchObject({ follow_up_id: wu[0].id, result: '无不适，环位正常' });

    const order = await workOrder(t.db, clerkA.scope, { village: w.villageA1.code, month: '2026-05' }, today);
    const item = order.followUps.find((f) => f.id === wu[0].id);
    expect(item).toMatchObject({ closed: true });
    expect(order.shouldAdopt.find((p) => p.id === ids['甲无措施'])).toMatchObject({ closed: false });
    await expect(workOrder(t.db, clerkB.scope, { village: w.villageA1.code }, today)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('removals due: IUDs and implants whose date has come by the end of the month', async () => {
    const implant = await makeCard(t.db, clerkA, w.villageA2.code, { name: '丑皮埋' });
    await recordService(t.db, clerkA, implant.id, { kind: 'implant_insertion', performed_on: '2021-06-30', facility: '站' }, { today: APRIL });
    const june = await removalsRoster(t.db, clerkA.scope, { month: '2026-06' }, APRIL);
    const may = await removalsRoster(t.db, clerkA.scope, { month: '2026-05' }, APRIL);
    expect(june.rows.map((r) => [r.name, r.method, r.due_on])).toEqual([
      ['乙上环', 'iud', '2024-01-10'],
      ['丑皮埋', 'implant', '2026-06-30'],
    ]);
    expect(may.rows.map((r) => r.name)).toEqual(['乙上环']);
    expect((await removalsRoster(t.db, clerkB.scope, { month: '2026-06' }, APRIL)).rows).toEqual([]);
    // The home page's numbers count the same rows, split into due in the month and overdue (未按期取出).
    expect(await removalsDueCount(t.db, clerkA.scope, '2026-06-15')).toEqual({ dueInMonth: 1, overdue: 1 });
    expect(await removalsDueCount(t.db, clerkA.scope, '2026-05-15')).toEqual({ dueInMonth: 0, overdue: 1 });
    expect(await removalsDueCount(t.db, clerkB.scope, '2026-06-15')).toEqual({ dueInMonth: 0, overdue: 0 });
    expect((await removalsRoster(t.db, clerkA.scope, { month: '2026-06', due: 'month' }, APRIL)).rows.map((r) => r.name)).toEqual(['丑皮埋']);
    expect((await removalsRoster(t.db, clerkA.scope, { month: '2026-06', due: 'overdue' }, APRIL)).rows.map((r) => r.name)).toEqual(['乙上环']);
  });

  it('a woman who moved to another township after a day is on the roster of the township she lived in that day', async () => {
    const o = { today: APRIL };
    const mover = await makeCard(t.db, clerkA, w.villageA2.code, { name: '寅迁往东山' });
    await recordBirth(t.db, clerkA, mover.id, { birth_date: '2015-04-02', children: [{ sex: 'female' }] }, o);
    const { transfer } = await moveCard(t.db, clerkA, mover.id, { village: w.villageB1.code, moved_on: '2026-04-10' }, o);
    await acceptTransfer(t.db, clerkB, transfer.id, {}, o);
    const on = async (actor: Actor, day: string) => (await rq.shouldAdoptMembers(t.db, actor.scope, day)).find((m) => m.id === mover.id);
    // 31 March: still in 西街村 of township A — on A's roster with that village, not on B's.
    expect(await on(clerkA, '2026-03-31')).toEqual({ id: mover.id, village_id: w.villageA2.id });
    expect(await on(clerkB, '2026-03-31')).toBeUndefined();
    // After the move: B's, in B's village.
    expect(await on(clerkA, APRIL)).toBeUndefined();
    expect(await on(clerkB, APRIL)).toEqual({ id: mover.id, village_id: w.villageB1.id });
  });

  it('a divorce recorded in April takes her off from its date only: the March roster she was on stays as it was', async () => {
    const o = { today: APRIL };
    const card = await makeCard(t.db, clerkA, w.villageA2.code, { name: '卯四月离婚' });
    await recordBirth(t.db, clerkA, card.id, { birth_date: '2015-04-02', children: [{ sex: 'female' }] }, o);
    const on = async (day: string) => (await rq.shouldAdoptMembers(t.db, clerkA.scope, day)).some((m) => m.id === card.id);
    expect(await on('2026-03-31')).toBe(true);
    await updateCard(
      t.db,
      clerkA,
      card.id,
      { ...(formValuesOf({ ...card, village_code: w.villageA2.code }) as unknown as CardInput), version: card.version, marital_status: 'divorced', marital_changed_on: '2026-04-10' },
      o,
    );
    expect(await on('2026-03-31')).toBe(true);
    expect(await on('2026-04-09')).toBe(true);
    expect(await on('2026-04-10')).toBe(false);
    const facts = must((await rq.rosterFacts(t.db, [card.id])).get(card.id), 'her facts');
    for (const day of ['2026-03-31', '2026-04-10']) expect(shouldAdoptOn(facts, day)).toBe(await on(day));
    const april = await shouldAdoptRoster(t.db, clerkA.scope, { month: '2026-04' }, APRIL);
    expect(april.removed.filter((p) => p.name === '卯四月离婚').map((p) => p.reason)).toEqual(['婚姻状况变化']);
  });
});
