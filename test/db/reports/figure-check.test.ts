/**
 * The figure store's nightly check and rebuild (issue 19 §2), and the month-end stock of accepted months: a
 * corrupted stored count is reported as a difference (village, month, key, stored, live) and figures:rebuild
 * repairs it; accepting a month stocks its villages, a late entry dated in it re-stocks them, a report of that month
 * reads the stored stock, and unlocking the month drops it.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { checkFigureStore, computeReport, computeReportLive, rebuildFigureStore } from '../../../src/features/reports/service.ts';
import { TEST_NOW } from '../../helpers/clock.ts';
import { useTestDatabase } from '../../helpers/db.ts';
import { seedWorld, type World } from '../../helpers/fixtures.ts';
import * as f from '../../helpers/report-fixtures.ts';

const MARCH = { from: '2026-03-01', to: '2026-03-31' };

describe('figure store check, rebuild and month-end stock', () => {
  const t = useTestDatabase();
  let w: World;

  beforeAll(async () => {
    w = await seedWorld(t.db);
    for (const [i, village] of [w.villageA1.id, w.villageA2.id, w.villageB1.id].entries()) {
      const women = await f.addWomen(t.db, village, 3 + i);
      for (const [j, woman] of women.entries()) {
        await f.addMaritalEvent(t.db, { woman, kind: 'first_marriage', on: '2015-05-01' });
        await f.addChild(t.db, { woman, village, birth_date: `2026-0${1 + (j % 3)}-1${j}`, sex: j % 2 ? 'male' : 'female', order: 1 });
        await f.addService(t.db, { woman, village, kind: 'iud_insertion', performed_on: `2026-03-0${1 + j}` });
        await f.addEpisode(t.db, { woman, village, method: 'iud', started_on: `2026-03-0${1 + j}` });
      }
    }
  });

  it('finds no difference on a consistent store, reports a corrupted count, and the rebuild repairs it', async () => {
    const clean = await checkFigureStore(t.db, TEST_NOW);
    expect(clean.run.differences).toBe(0);
    expect(clean.run.keys_compared).toBeGreaterThan(10);

    await t.db('figure_counts').where({ village_id: w.villageA2.id, day: '2026-03-01', key: 'iud_insertions' }).update({ n: 7 });
    await t.db('figure_counts').insert({ village_id: w.villageB1.id, day: '2024-07-01', key: 'births', n: 2 });
    const broken = await checkFigureStore(t.db, TEST_NOW);
    expect(broken.run.differences).toBe(2);
    expect(broken.run.details).toEqual(
      expect.arrayContaining([
        { village_code: w.villageA2.code, month: '2026-03', key: 'iud_insertions', stored: 4 - 1 + 7, live: 4 },
        { village_code: w.villageB1.code, month: '2024-07', key: 'births', stored: 2, live: 0 },
      ]),
    );
    const row = await t.db('figure_check_runs').where({ id: broken.run.id }).first('differences', 'keys_compared');
    expect(row).toEqual({ differences: 2, keys_compared: broken.run.keys_compared });
    // The township report read the corrupted store (so it is the store the reports read).
    const corrupted = await computeReport(t.db, w.townshipA, MARCH);
    expect(corrupted.total.iud_insertions).toBe(3 + 4 + 6);

    const rebuilt = await rebuildFigureStore(t.db);
    expect(rebuilt.counts).toBeGreaterThan(0);
    expect((await checkFigureStore(t.db, TEST_NOW)).run.differences).toBe(0);
    expect((await computeReport(t.db, w.townshipA, MARCH)).total.iud_insertions).toBe(3 + 4);
  });

  it('accepting a month stocks its villages; a late entry dated in it re-stocks them; unlocking drops the stock', async () => {
    const [period] = await t
      .db('report_periods')
      .insert({ township_id: w.townshipA.id, month: '2026-03-01', status: 'accepted', accepted_at: TEST_NOW, snapshot: JSON.stringify({}) })
      .returning('id');
    const stocked = await t.db('figure_month_stock').where({ village_id: w.villageA1.id, month: '2026-03-01', key: 'married_wra' }).first('n');
    expect(stocked?.n).toBe(3);
    const live = await computeReportLive(t.db, w.townshipA, MARCH);
    expect((await computeReport(t.db, w.townshipA, MARCH)).rows).toEqual(live.rows);

    // A late entry: a card registered in February, married since 2018, entered now (dated inside the closed month's window).
    const late = await f.addWoman(t.db, { village: w.villageA1.id, birth_date: '1991-02-02', marriage_date: '2018-01-01', registered_on: '2026-02-10' });
    expect(late).toBeGreaterThan(0);
    const restocked = await t.db('figure_month_stock').where({ village_id: w.villageA1.id, month: '2026-03-01', key: 'married_wra' }).first('n');
    expect(restocked?.n).toBe(4);
    expect((await computeReport(t.db, w.townshipA, MARCH)).rows).toEqual((await computeReportLive(t.db, w.townshipA, MARCH)).rows);
    expect((await checkFigureStore(t.db, TEST_NOW)).run.differences).toBe(0);

    // The report of an accepted month reads the stored stock (a corrupted stock shows), a quarter computes it live.
    await t.db('figure_month_stock').where({ village_id: w.villageA1.id, month: '2026-03-01', key: 'married_wra' }).update({ n: 40 });
    expect((await computeReport(t.db, w.townshipA, MARCH)).total.married_wra).toBe(40 + 4);
    expect((await computeReport(t.db, w.townshipA, { from: '2026-01-01', to: '2026-03-31' })).total.married_wra).toBe(4 + 4);
    const check = await checkFigureStore(t.db, TEST_NOW);
    expect(check.run.details).toEqual([{ village_code: w.villageA1.code, month: '2026-03 月末', key: 'married_wra', stored: 40, live: 4 }]);

    await t.db('report_periods').where({ id: period.id }).update({ status: 'submitted', accepted_at: null });
    expect(await t.db('figure_month_stock').where({ month: '2026-03-01' }).count<{ n: number }[]>('* as n')).toEqual([{ n: 0 }]);
    expect((await computeReport(t.db, w.townshipA, MARCH)).total.married_wra).toBe(4 + 4);
  });
});
