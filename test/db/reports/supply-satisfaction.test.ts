/**
 * 免费计划生育药具获得率 and 群众满意率 (issue 15 §2) on a hand-made township: who is a short-acting user at the
 * period's end (from the dated episodes), which of them received free supplies in the period, and which visits in
 * the period recorded a satisfaction — with the drill-down listing exactly those women.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../../src/auth/actor.ts';
import { computeReport, drillDown } from '../../../src/features/reports/service.ts';
import { useTestDatabase } from '../../helpers/db.ts';
import { seedWorld, type World } from '../../helpers/fixtures.ts';
import * as f from '../../helpers/report-fixtures.ts';

const MARCH = { from: '2026-03-01', to: '2026-03-31' };
const Q1 = { from: '2026-01-01', to: '2026-03-31' };

describe('free supply and satisfaction figures', () => {
  const t = useTestDatabase();
  let w: World;
  const ids: Record<string, number> = {};

  async function supply(woman: number, village: number, on: string, item: 'condom' | 'pill' = 'condom') {
    await t.db('free_supplies').insert({ woman_id: woman, region_id: village, supplied_on: on, item, quantity: 10, channel: 'village' });
  }

  beforeAll(async () => {
    const db = t.db;
    w = await seedWorld(db);
    const A1 = w.villageA1.id;
    const A2 = w.villageA2.id;
    const woman = async (name: string, village = A1) => (ids[name] = await f.addWoman(db, { village, birth_date: '1990-01-01', marriage_date: '2012-01-01', name }));
    // 甲: condom user supplied in March → counted in both.
    await woman('甲');
    await f.addEpisode(db, { woman: ids.甲, village: A1, method: 'condom', started_on: '2020-01-01' });
    await supply(ids.甲, A1, '2026-03-10');
    // 乙: condom user, never supplied → denominator only.
    await woman('乙');
    await f.addEpisode(db, { woman: ids.乙, village: A1, method: 'condom', started_on: '2021-01-01' });
    // 丙: pill user supplied only in February → not in March's numerator, in Q1's.
    await woman('丙', A2);
    await f.addEpisode(db, { woman: ids.丙, village: A2, method: 'pill_or_injection', started_on: '2022-01-01' });
    await supply(ids.丙, A2, '2026-02-20', 'pill');
    // 丁: IUD user supplied condoms in March → not a short-acting user, counted nowhere.
    await woman('丁');
    await f.addEpisode(db, { woman: ids.丁, village: A1, method: 'iud', started_on: '2019-01-01' });
    await supply(ids.丁, A1, '2026-03-05');
    // 戊: condom until 2026-03-20, then an IUD; supplied in March → not in the denominator at the end of March.
    await woman('戊');
    await f.addEpisode(db, { woman: ids.戊, village: A1, method: 'condom', started_on: '2020-01-01', ended_on: '2026-03-20' });
    await f.addEpisode(db, { woman: ids.戊, village: A1, method: 'iud', started_on: '2026-03-20' });
    await supply(ids.戊, A1, '2026-03-02');
    // 己: topical user, unmarried → not a married woman of childbearing age, not counted.
    ids.己 = await f.addWoman(db, { village: A1, birth_date: '1995-01-01', name: '己' });
    await f.addEpisode(db, { woman: ids.己, village: A1, method: 'topical', started_on: '2024-01-01' });
    await supply(ids.己, A1, '2026-03-03');
    // 庚: topical user in township B supplied in March (outside township A's report).
    await woman('庚', w.villageB1.id);
    await f.addEpisode(db, { woman: ids.庚, village: w.villageB1.id, method: 'topical', started_on: '2024-01-01' });
    await supply(ids.庚, w.villageB1.id, '2026-03-03');

    // Satisfaction: follow-ups done and services performed, in and out of March.
    const fu = async (woman: number, village: number, done_on: string, satisfaction: 'satisfied' | 'basic' | 'dissatisfied' | null) =>
      db('follow_ups').insert({ woman_id: woman, region_id: village, level: 'village', due_on: done_on, done_on, result: '正常', satisfaction });
    await fu(ids.甲, A1, '2026-03-05', 'satisfied');
    await fu(ids.乙, A1, '2026-03-06', 'dissatisfied');
    await fu(ids.丙, A2, '2026-03-07', null); // done, no satisfaction asked
    await fu(ids.丁, A1, '2026-02-27', 'satisfied'); // February
    const sv = await f.addService(db, { woman: ids.丁, village: A1, kind: 'gyn_exam', performed_on: '2026-03-15' });
    await db('services').where({ id: sv }).update({ satisfaction: 'basic', satisfaction_note: '等候时间长' });
    const april = await f.addService(db, { woman: ids.戊, village: A1, kind: 'counselling', performed_on: '2026-04-02' });
    await db('services').where({ id: april }).update({ satisfaction: 'satisfied' });
  });

  it('counts short-acting users at the end of the period and those supplied during it', async () => {
    const march = await computeReport(t.db, w.townshipA, MARCH);
    expect([march.total.short_acting_users, march.total.free_supply_users]).toEqual([3, 1]);
    expect(march.total.free_supply_rate).toMatchObject({ numerator: 1, denominator: 3, value: 33.33, unit: '%' });
    const a2 = march.rows.find((r) => r.region.code === w.villageA2.code)!.figures;
    expect([a2.short_acting_users, a2.free_supply_users]).toEqual([1, 0]);
    const q1 = await computeReport(t.db, w.townshipA, Q1);
    expect([q1.total.short_acting_users, q1.total.free_supply_users]).toEqual([3, 2]);
    // Township B's own report sees its one topical user, supplied.
    const b = await computeReport(t.db, w.townshipB, MARCH);
    expect(b.total.free_supply_rate).toMatchObject({ numerator: 1, denominator: 1, value: 100 });
  });

  it('counts the visits with a satisfaction recorded in the period, 满意 and 基本满意 as positive', async () => {
    const march = await computeReport(t.db, w.townshipA, MARCH);
    expect([march.total.satisfaction_responses, march.total.satisfaction_positive]).toEqual([3, 2]);
    expect(march.total.satisfaction_rate).toMatchObject({ numerator: 2, denominator: 3, value: 66.67 });
    const feb = await computeReport(t.db, w.townshipA, { from: '2026-02-01', to: '2026-02-28' });
    expect([feb.total.satisfaction_responses, feb.total.satisfaction_positive]).toEqual([1, 1]);
    const b = await computeReport(t.db, w.townshipB, MARCH);
    expect(b.total.satisfaction_responses).toBe(0);
    expect(b.total.satisfaction_rate.value).toBeNull();
  });

  it('lists exactly the women behind each of the four counts', async () => {
    const actor = systemActor(w.county);
    const names = async (figure: string, period = MARCH) =>
      (await drillDown(t.db, actor, { figure, region: w.townshipA.code, period, page: { limit: 50, offset: 0 } })).rows.map((r) => r.woman_name).sort();
    expect(await names('short_acting_users')).toEqual(['丙', '乙', '甲'].sort());
    expect(await names('free_supply_users')).toEqual(['甲']);
    expect(await names('free_supply_users', Q1)).toEqual(['丙', '甲'].sort());
    expect(await names('satisfaction_responses')).toEqual(['丁', '乙', '甲'].sort());
    expect(await names('satisfaction_positive')).toEqual(['丁', '甲'].sort());
  });
});
