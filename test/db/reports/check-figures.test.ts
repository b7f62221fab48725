/**
 * The check figures of issue 15 §2 on a hand-made fixture: 孕前优生 target couples (from the marital history and
 * the pregnancy plans) and the couples checked, the risk and referral counts; 双查 and 三查 from the rounds, counted in
 * the period their quarter ends in; the drill-down lists exactly the people behind each number.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Knex } from 'knex';
import { systemActor } from '../../../src/auth/actor.ts';
import { computeReport, drillDown } from '../../../src/features/reports/service.ts';
import { useTestDatabase } from '../../helpers/db.ts';
import { seedWorld, type World } from '../../helpers/fixtures.ts';
import * as f from '../../helpers/report-fixtures.ts';

const Q3 = { from: '2026-07-01', to: '2026-09-30' };

async function check(db: Knex, woman: number, village: number, whose: 'woman' | 'spouse', on: string, result: 'general' | 'risk' = 'general', referred = false) {
  await db('preconception_checks').insert({
    woman_id: woman,
    region_id: village,
    whose,
    checked_on: on,
    result,
    risk_note: result === 'risk' ? '高龄' : null,
    referred,
    referred_to: referred ? '县妇幼保健院' : null,
  });
}

describe('孕前优生 and 三查 figures', () => {
  const t = useTestDatabase();
  let w: World;
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    const db = t.db;
    w = await seedWorld(db);
    const A1 = w.villageA1.id;
    const A2 = w.villageA2.id;
    const B1 = w.villageB1.id;
    // 甲一: married 6 months before the end, both checked in April → a target, checked.
    ids.a = await f.addWoman(db, { village: A1, birth_date: '1996-01-01', marriage_date: '2026-03-20', name: '甲一' });
    await check(db, ids.a, A1, 'woman', '2026-04-01');
    await check(db, ids.a, A1, 'spouse', '2026-04-02');
    // 甲二: married too, only her check (a risk, referred, in the period) → a target, not checked.
    ids.b = await f.addWoman(db, { village: A1, birth_date: '1995-01-01', marriage_date: '2026-03-20', name: '甲二' });
    await check(db, ids.b, A1, 'woman', '2026-07-10', 'risk', true);
    // 甲三: married three years ago, no plan → not a target.
    ids.c = await f.addWoman(db, { village: A2, birth_date: '1994-01-01', marriage_date: '2023-06-01', name: '甲三' });
    // 甲四: married three years ago, plan from 2026-08-01: a target; his check in February (6 months before the plan) and hers in August.
    ids.d = await f.addWoman(db, { village: A2, birth_date: '1993-01-01', marriage_date: '2023-06-01', name: '甲四' });
    await db('pregnancy_plans').insert({ woman_id: ids.d, planned_on: '2026-08-01' });
    await check(db, ids.d, A2, 'spouse', '2026-02-15');
    await check(db, ids.d, A2, 'woman', '2026-08-05', 'risk');
    // 甲五: newly married but her husband is sterilised → not a target.
    ids.e = await f.addWoman(db, { village: A2, birth_date: '1990-01-01', marriage_date: '2026-01-01', name: '甲五' });
    await f.addEpisode(db, { woman: ids.e, village: A2, method: 'male_sterilization', started_on: '2026-02-01' });
    // 甲六: married in May, divorced in September → not a target at the end.
    ids.f = await f.addWoman(db, { village: A1, birth_date: '1997-01-01', marriage_date: '2026-05-01', name: '甲六' });
    await f.addMaritalEvent(db, { woman: ids.f, kind: 'divorce', on: '2026-09-01' });
    // 乙一: township B, married in July, checked both → a target, checked.
    ids.g = await f.addWoman(db, { village: B1, birth_date: '1998-01-01', marriage_date: '2026-07-15', name: '乙一' });
    await check(db, ids.g, B1, 'woman', '2026-07-20');
    await check(db, ids.g, B1, 'spouse', '2026-07-20');

    // Township A's Q3 round includes 查病: 甲一 all three results, 甲二 done without 查病, 甲三 due, 甲四 excused.
    const [ra] = await db('check_rounds').insert({ township_id: w.townshipA.id, year: 2026, quarter: 3, opened_on: '2026-07-01', closes_on: '2026-09-30', includes_gyn_exam: true }).returning('id');
    const done = { status: 'done' as const, checked_on: '2026-08-01', iud_result: 'not_applicable' as const, pregnancy_result: 'negative' as const };
    await db('check_results').insert([
      { round_id: ra.id, woman_id: ids.a, ...done, gyn_result: 'normal' },
      { round_id: ra.id, woman_id: ids.b, ...done },
      { round_id: ra.id, woman_id: ids.c, status: 'due' as const },
      { round_id: ra.id, woman_id: ids.d, status: 'excused' as const, note: '外出务工' },
    ]);
    // Township B's round has no 查病: 乙一 done.
    const [rb] = await db('check_rounds').insert({ township_id: w.townshipB.id, year: 2026, quarter: 3, opened_on: '2026-07-01', closes_on: '2026-09-30' }).returning('id');
    await db('check_results').insert({ round_id: rb.id, woman_id: ids.g, ...done });
  });

  it('counts target couples and checked couples by the marital history and the plans, with the coverage rate', async () => {
    const rep = await computeReport(t.db, w.county, Q3);
    expect([rep.total.preconception_targets, rep.total.preconception_checked]).toEqual([4, 3]);
    expect(rep.total.preconception_coverage_rate).toMatchObject({ numerator: 3, denominator: 4, value: 75 });
    const a = await computeReport(t.db, w.townshipA, Q3);
    expect([a.total.preconception_targets, a.total.preconception_checked]).toEqual([3, 2]);
    expect([a.total.preconception_risk, a.total.preconception_referred]).toEqual([2, 1]);
    // Three months earlier 甲四 had no plan and 甲六 was married: the targets are 甲一, 甲二, 甲六.
    const q2 = await computeReport(t.db, w.townshipA, { from: '2026-04-01', to: '2026-06-30' });
    expect([q2.total.preconception_targets, q2.total.preconception_checked, q2.total.preconception_risk]).toEqual([3, 1, 0]);
  });

  it('lists exactly the couples behind the numbers', async () => {
    const actor = systemActor(w.county);
    const page = { limit: 50, offset: 0 };
    const names = async (figure: string) => (await drillDown(t.db, actor, { figure, period: Q3, page })).rows.map((r) => r.woman_name).sort();
    expect(await names('preconception_targets')).toEqual(['乙一', '甲一', '甲二', '甲四'].sort());
    expect(await names('preconception_checked')).toEqual(['乙一', '甲一', '甲四'].sort());
    expect(await names('preconception_referred')).toEqual(['甲二']);
  });

  it('counts 双查 and 三查 in the period the round’s quarter ends in; excused women are not due', async () => {
    const rep = await computeReport(t.db, w.county, Q3);
    expect([rep.total.double_check_due, rep.total.double_check_done, rep.total.triple_check_due, rep.total.triple_check_done]).toEqual([4, 3, 3, 1]);
    expect(rep.total.double_check_rate).toMatchObject({ numerator: 3, denominator: 4, value: 75 });
    expect(rep.total.triple_check_rate).toMatchObject({ numerator: 1, denominator: 3, value: 33.33 });
    const b = await computeReport(t.db, w.townshipB, Q3);
    expect([b.total.double_check_due, b.total.double_check_done, b.total.triple_check_due]).toEqual([1, 1, 0]);
    expect(b.total.triple_check_rate.value).toBeNull();
    const august = await computeReport(t.db, w.county, { from: '2026-08-01', to: '2026-08-31' });
    expect(august.total.double_check_due).toBe(0);
    const september = await computeReport(t.db, w.county, { from: '2026-09-01', to: '2026-09-30' });
    expect([september.total.double_check_due, september.total.triple_check_done]).toEqual([4, 1]);
  });
});
