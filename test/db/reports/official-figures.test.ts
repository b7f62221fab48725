/**
 * Figures issue 13 fixed or added, hand-counted: 长效节育措施落实率 (the due women under the dated local rule,
 * twins as one delivery, a husband's sterilisation, a method adopted after the deadline), and 国人口统2表's
 * 小计 = its six columns (人工流产 with 中期引产, no 取皮埋) beside the monthly 手术合计.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../../src/auth/actor.ts';
import { computeReport, drillDown } from '../../../src/features/reports/service.ts';
import { useTestDatabase } from '../../helpers/db.ts';
import { seedWorld, type World } from '../../helpers/fixtures.ts';
import * as f from '../../helpers/report-fixtures.ts';

const YEAR = { from: '2025-10-01', to: '2026-09-30' };
const MARCH = { from: '2026-03-01', to: '2026-03-31' };

describe('long-acting uptake and the 统2表 subtotal', () => {
  const t = useTestDatabase();
  let w: World;
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    const db = t.db;
    w = await seedWorld(db);
    const A1 = w.villageA1.id;
    // The county's rule until 2025-12-31: second births, 180 days; from 2026-01-01: third births, 90 days.
    await db('long_acting_rules').insert({ effective_from: '2026-01-01', min_birth_order: 3, within_days: 90, note: '三孩 90 天' });

    // L1: second child 2025-10-01 → deadline 2026-03-30 (March); IUD from 2025-12-01 → done.
    ids.l1 = await f.addWoman(db, { village: A1, birth_date: '1990-01-01', marriage_date: '2012-01-01' });
    await f.addChild(db, { woman: ids.l1, village: A1, birth_date: '2018-01-01', sex: 'female', order: 1 });
    await f.addChild(db, { woman: ids.l1, village: A1, birth_date: '2025-10-01', sex: 'male', order: 2 });
    await f.addEpisode(db, { woman: ids.l1, village: A1, method: 'iud', started_on: '2025-12-01' });
    // L2: second-birth twins 2025-10-02 → one due row, deadline 2026-03-31; condom only → not done.
    ids.l2 = await f.addWoman(db, { village: A1, birth_date: '1991-01-01', marriage_date: '2013-01-01' });
    await f.addChild(db, { woman: ids.l2, village: A1, birth_date: '2019-01-01', sex: 'female', order: 1 });
    await f.addChild(db, { woman: ids.l2, village: A1, birth_date: '2025-10-02', sex: 'male', order: 2 });
    await f.addChild(db, { woman: ids.l2, village: A1, birth_date: '2025-10-02', sex: 'female', order: 2 });
    await f.addEpisode(db, { woman: ids.l2, village: A1, method: 'condom', started_on: '2025-11-01' });
    // L3: second child 2025-09-20 → deadline 2026-03-19; husband sterilised in 2026-04 → after the deadline: not done.
    ids.l3 = await f.addWoman(db, { village: A1, birth_date: '1992-01-01', marriage_date: '2014-01-01' });
    await f.addChild(db, { woman: ids.l3, village: A1, birth_date: '2016-01-01', sex: 'female', order: 1 });
    await f.addChild(db, { woman: ids.l3, village: A1, birth_date: '2025-09-20', sex: 'female', order: 2 });
    await f.addEpisode(db, { woman: ids.l3, village: A1, method: 'male_sterilization', started_on: '2026-04-02' });
    // L4: second child 2026-01-10: the new rule (third births only) → never due.
    ids.l4 = await f.addWoman(db, { village: A1, birth_date: '1993-01-01', marriage_date: '2015-01-01' });
    await f.addChild(db, { woman: ids.l4, village: A1, birth_date: '2020-01-01', sex: 'female', order: 1 });
    await f.addChild(db, { woman: ids.l4, village: A1, birth_date: '2026-01-10', sex: 'female', order: 2 });
    // L5: third child 2026-01-05 under the new rule → deadline 2026-04-05 (April); husband sterilised 2025 → done.
    ids.l5 = await f.addWoman(db, { village: A1, birth_date: '1988-01-01', marriage_date: '2008-01-01' });
    await f.addChild(db, { woman: ids.l5, village: A1, birth_date: '2009-01-01', sex: 'female', order: 1 });
    await f.addChild(db, { woman: ids.l5, village: A1, birth_date: '2012-01-01', sex: 'female', order: 2 });
    await f.addChild(db, { woman: ids.l5, village: A1, birth_date: '2026-01-05', sex: 'male', order: 3 });
    await f.addEpisode(db, { woman: ids.l5, village: A1, method: 'male_sterilization', started_on: '2025-06-01' });

    // Procedures in March: 中期引产 (in 统2's 人工流产 and 小计), 取皮埋 (in 手术合计 only), 人流, 上环.
    await f.addService(db, { woman: ids.l2, village: A1, kind: 'induced_labour', performed_on: '2026-03-03' });
    await f.addService(db, { woman: ids.l3, village: A1, kind: 'implant_removal', performed_on: '2026-03-04' });
    await f.addService(db, { woman: ids.l4, village: A1, kind: 'surgical_abortion', performed_on: '2026-03-05' });
    await f.addService(db, { woman: ids.l1, village: A1, kind: 'iud_insertion', performed_on: '2026-03-06' });
  });

  it('counts the women whose deadline falls in the period, and those who adopted a long-acting method in time', async () => {
    const march = (await computeReport(t.db, w.townshipA, MARCH)).total;
    // L1 (done), L2 (twins: one row, not done), L3 (husband too late: not done).
    expect(march.long_acting_due).toBe(3);
    expect(march.long_acting_done).toBe(1);
    expect(march.long_acting_uptake_rate).toEqual({ numerator: 1, denominator: 3, value: 33.33, unit: '%' });
    // The share of long-acting users among users is the other figure, named differently, still there.
    expect(march.long_acting_rate.denominator).toBe(march.contraceptive_users);

    const year = (await computeReport(t.db, w.townshipA, YEAR)).total;
    // + L5 (April, done); L4 never due under the rule in force on her birth date.
    expect(year.long_acting_due).toBe(4);
    expect(year.long_acting_done).toBe(2);
  });

  it('opens the due women to the people behind them', async () => {
    const actor = systemActor(w.county);
    const page = { limit: 50, offset: 0 };
    const due = await drillDown(t.db, actor, { figure: 'long_acting_due', region: w.townshipA.code, period: MARCH, page });
    expect(due.total).toBe(3);
    expect(due.rows.map((r) => r.woman_id).sort()).toEqual([ids.l1, ids.l2, ids.l3].sort());
    const done = await drillDown(t.db, actor, { figure: 'long_acting_done', region: w.townshipA.code, period: MARCH, page });
    expect(done.rows.map((r) => r.woman_id)).toEqual([ids.l1]);
  });

  it('makes the 统2表 subtotal the sum of its six columns, 中期引产 inside 人工流产, 取皮埋 only in the monthly total', async () => {
    const m = (await computeReport(t.db, w.townshipA, MARCH)).total;
    expect(m.procedures).toBe(4);
    expect(m.table2_abortions).toBe(2);
    expect(m.abortions).toBe(1);
    expect(m.table2_procedures).toBe(3);
    expect(m.table2_procedures).toBe(m.male_sterilizations + m.female_sterilizations + m.iud_insertions + m.iud_removals + m.table2_abortions + m.implant_insertions);
    expect(m.procedures - m.table2_procedures).toBe(m.implant_removals);
  });
});
