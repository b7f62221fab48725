/**
 * 统计准确率 (考核): the records entered in a period, on time and not flagged by a record-level validation rule,
 * over all records entered. Hand-counted: each record below says whether it counts, and why.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../../src/auth/actor.ts';
import { allSources, computeReport, countSource, drillDown } from '../../../src/features/reports/service.ts';
import { useTestDatabase } from '../../helpers/db.ts';
import { seedWorld, type World } from '../../helpers/fixtures.ts';
import * as f from '../../helpers/report-fixtures.ts';

const MARCH = { from: '2026-03-01', to: '2026-03-31' };
const APRIL = { from: '2026-04-01', to: '2026-04-30' };
const MAY = { from: '2026-05-01', to: '2026-05-31' };

describe('统计准确率: records entered on time and not flagged ÷ records entered', () => {
  const t = useTestDatabase();
  let w: World;

  beforeAll(async () => {
    const db = t.db;
    w = await seedWorld(db);
    const A1 = w.villageA1.id;
    // February of township A was accepted on 5 March.
    await db('report_periods').insert({ township_id: w.townshipA.id, month: '2026-02-01', status: 'accepted', snapshot: '{}', accepted_at: new Date('2026-03-05T10:00:00+08:00') });

    // 1. Late: born 20 Feb, entered 10 March after February was locked; her pregnancy was on record (2025).
    const m1 = await f.addWoman(db, { village: A1, birth_date: '1990-01-01', marriage_date: '2015-01-01' });
    await f.addPregnancy(db, { woman: m1, village: A1, found_on: '2025-07-01' });
    await f.addChild(db, { woman: m1, village: A1, birth_date: '2026-02-20', sex: 'female', order: 1, created_on: '2026-03-10' });
    // 2. Flagged: born 2 March, entered 3 March with no pregnancy record; one entered on 20 March does not unflag it,
    //    and that pregnancy (found in 2025, an unlocked month) is itself on time: accurate.
    const m2 = await f.addWoman(db, { village: A1, birth_date: '1991-01-01', marriage_date: '2016-01-01' });
    await f.addChild(db, { woman: m2, village: A1, birth_date: '2026-03-02', sex: 'male', order: 1, created_on: '2026-03-03' });
    await f.addPregnancy(db, { woman: m2, village: A1, found_on: '2025-06-10', created_on: '2026-03-20' });
    // 3. Accurate: born 4 March, entered 6 March, pregnancy on record since July 2025.
    const m3 = await f.addWoman(db, { village: A1, birth_date: '1992-01-01', marriage_date: '2017-01-01' });
    await f.addPregnancy(db, { woman: m3, village: A1, found_on: '2025-07-02' });
    await f.addChild(db, { woman: m3, village: A1, birth_date: '2026-03-04', sex: 'female', order: 1, created_on: '2026-03-06' });
    // 4. Flagged: an IUD inserted on 9 March for a woman of 52.
    const m4 = await f.addWoman(db, { village: A1, birth_date: '1974-01-01', marriage_date: '1995-01-01' });
    await f.addService(db, { woman: m4, village: A1, kind: 'iud_insertion', performed_on: '2026-03-09' });
    // Not counted: a card made on 12 March with her child of 2020 entered that day (her history, not March's).
    const m6 = await f.addWoman(db, { village: A1, birth_date: '1989-01-01', marriage_date: '2012-01-01', created_on: '2026-03-12', registered_on: '2026-03-12' });
    await f.addChild(db, { woman: m6, village: A1, birth_date: '2020-05-05', sex: 'male', order: 1, created_on: '2026-03-12' });
    // 5. Not in March: a pregnancy found 30 March, entered 2 April (counts in April, accurate).
    const m5 = await f.addWoman(db, { village: A1, birth_date: '1993-01-01', marriage_date: '2018-01-01' });
    await f.addPregnancy(db, { woman: m5, village: A1, found_on: '2026-03-30', created_on: '2026-04-02' });
  });

  it('counts March: 5 entered (2 births and an IUD counted against, 1 birth and 1 pregnancy accurate)', async () => {
    const r = await computeReport(t.db, w.townshipA, MARCH);
    expect(r.total).toMatchObject({ records_entered: 5, records_accurate: 2, late_reports: 1 });
    const april = await computeReport(t.db, w.townshipA, APRIL);
    expect(april.total).toMatchObject({ records_entered: 1, records_accurate: 1 });
  });

  it('lists the people behind both numbers, saying why a record does not count', async () => {
    const actor = systemActor(w.county);
    const all = await drillDown(t.db, actor, { figure: 'records_entered', region: w.townshipA.code, period: MARCH, page: { limit: 50, offset: 0 } });
    expect(all.total).toBe(5);
    const ok = await drillDown(t.db, actor, { figure: 'records_accurate', region: w.townshipA.code, period: MARCH, page: { limit: 50, offset: 0 } });
    expect(ok.rows.map((r) => r.what).sort()).toEqual(['birth', 'pregnancy']);
  });

  it('keeps March when a month is locked later or a record is added afterwards', async () => {
    await t.db('report_periods').insert({ township_id: w.townshipA.id, month: '2026-03-01', status: 'accepted', snapshot: '{}', accepted_at: new Date('2026-04-05T10:00:00+08:00') });
    const m = await f.addWoman(t.db, { village: w.villageA1.id, birth_date: '1994-01-01', marriage_date: '2019-01-01' });
    await f.addPregnancy(t.db, { woman: m, village: w.villageA1.id, found_on: '2026-03-15', created_on: '2026-04-10' });
    const r = await computeReport(t.db, w.townshipA, MARCH);
    expect(r.total).toMatchObject({ records_entered: 5, records_accurate: 2 });
    // The pregnancy entered on 10 April belongs to the March locked on 5 April: late, in April's figures.
    const april = await computeReport(t.db, w.townshipA, APRIL);
    expect(april.total).toMatchObject({ records_entered: 2, records_accurate: 1 });
  });

  it("a township's report keeps its own records first (Range.within): the record's village decides, not her card's", async () => {
    // May: a birth entered in A1 for a woman whose card is now in B1, and a pregnancy entered in B1 for a woman of A1.
    const inB = await f.addWoman(t.db, { village: w.villageB1.id, birth_date: '1990-06-01', marriage_date: '2015-01-01' });
    await f.addChild(t.db, { woman: inB, village: w.villageA1.id, birth_date: '2026-05-08', sex: 'male', order: 1, created_on: '2026-05-10' });
    const inA = await f.addWoman(t.db, { village: w.villageA1.id, birth_date: '1991-06-01', marriage_date: '2016-01-01' });
    await f.addPregnancy(t.db, { woman: inA, village: w.villageB1.id, found_on: '2026-05-02', created_on: '2026-05-11' });
    const byVillage = (rows: Record<string, number>[]) => rows.map((r) => [r.row_id, r.records_entered, r.records_accurate, r.late_reports]).sort();
    for (const township of [w.townshipA, w.townshipB]) {
      const m = { prefix: township.code, rowLevel: 'village' as const };
      for (const src of allSources(MAY).filter((s) => s.name === 'record_quality' || s.name === 'late')) {
        const narrowed = allSources({ ...MAY, within: township.code }).find((s) => s.name === src.name)!;
        expect(narrowed.sql).not.toBe(src.sql);
        expect(byVillage(await countSource(t.db, narrowed, m))).toEqual(byVillage(await countSource(t.db, src, m)));
      }
      expect((await computeReport(t.db, township, MAY)).total.records_entered).toBe(1);
    }
  });
});
