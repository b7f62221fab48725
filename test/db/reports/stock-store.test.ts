/**
 * The stock from the figure store (issue 19 §2): the stock of any day — an open month, a quarter, a day before the
 * store's window of yearly bases (2000) or after it (2050) — summed from each woman's stored stock changes equals
 * the stock source computed live, on the days where it turns: a 29 February birthday (15 on 1 March), the 50th
 * birthday, a marriage, a method started and ended, a child born and dead, a certificate revoked, a transfer, an
 * exit. An edit of one record moves the stored changes (and the base of later years, and the month sums) in its
 * transaction; the nightly check finds a corrupted base or month sum and the rebuild repairs it.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { checkFigureStore, computeReport, computeReportLive } from '../../../src/features/reports/service.ts';
import { rebuildFigureStore } from '../../../src/features/reports/service.ts';
import { TEST_NOW } from '../../helpers/clock.ts';
import { useTestDatabase } from '../../helpers/db.ts';
import { seedWorld, type World } from '../../helpers/fixtures.ts';
import * as f from '../../helpers/report-fixtures.ts';

const DAYS = [
  '1999-12-31',
  '2000-01-01',
  '2011-02-27',
  '2011-02-28',
  '2011-03-01',
  '2011-12-31',
  '2019-06-30',
  '2021-01-31',
  '2024-03-31',
  '2026-10-31',
  '2050-12-31',
  '2054-02-28',
  '2054-03-01',
  '2061-01-01',
];

const STOCK_KEYS = ['wra', 'married_wra', 'contraceptive_users', 'no_method', 'users_iud', 'users_implant', 'one_child_couples', 'certificate_holders', 'free_supply_users'] as const;

describe('the stock from the figure store', () => {
  const t = useTestDatabase();
  let w: World;
  let womenIds: number[];

  beforeAll(async () => {
    w = await seedWorld(t.db);
    const a1 = w.villageA1.id;
    const b1 = w.villageB1.id;
    // 15 on 1 March 2011 (the day after 28 February), married 2015, an IUD 2016–2021, then an implant.
    const leap = await f.addWoman(t.db, { village: a1, birth_date: '1996-02-29', registered_on: '1998-05-01', marriage_date: '2015-06-01' });
    await f.addEpisode(t.db, { woman: leap, village: a1, method: 'iud', started_on: '2016-01-10', ended_on: '2021-01-15' });
    await f.addEpisode(t.db, { woman: leap, village: a1, method: 'implant', started_on: '2021-01-15' });
    // 50 on 28 February 2011; a child who died in 2019; a certificate revoked in 2024.
    const old = await f.addWoman(t.db, { village: a1, birth_date: '1961-02-28', registered_on: '1990-01-01', marriage_date: '1985-01-01' });
    await f.addChild(t.db, { woman: old, village: a1, birth_date: '1988-04-04', sex: 'male', order: 1, vital: 'deceased', death_date: '2019-05-05' });
    await f.addCertificate(t.db, { woman: old, village: a1, issued_on: '1990-02-02', revoked_on: '2024-03-03' });
    // Born 2004-02-29: 50 in 2054 (after the window); moves from A1 to B1 in 2024; a child in 2023.
    const young = await f.addWoman(t.db, { village: a1, birth_date: '2004-02-29', registered_on: '2020-01-01', marriage_date: '2022-02-02' });
    await f.addChild(t.db, { woman: young, village: a1, birth_date: '2023-03-03', sex: 'female', order: 1 });
    await f.addTransfer(t.db, { woman: young, from: a1, to: b1, moved_on: '2024-03-15' });
    // Exited in 2021; free contraceptives in October 2026 for a married short-acting user.
    const gone = await f.addWoman(t.db, { village: b1, birth_date: '1985-07-07', registered_on: '2010-01-01', marriage_date: '2008-01-01', exit_date: '2021-01-20' });
    const pill = await f.addWoman(t.db, { village: b1, birth_date: '1990-09-09', registered_on: '2012-01-01', marriage_date: '2012-01-01' });
    await f.addEpisode(t.db, { woman: pill, village: b1, method: 'condom', started_on: '2025-01-01' });
    await t.db('free_supplies').insert({ woman_id: pill, region_id: b1, supplied_on: '2026-10-12', item: 'condom', quantity: 10, channel: 'village' });
    womenIds = [leap, old, young, gone, pill];
  });

  async function expectStoreEqualsLive() {
    for (const day of DAYS) {
      for (const region of [w.county, w.townshipA, w.townshipB]) {
        const period = { from: `${day.slice(0, 7)}-01`, to: day };
        const [stored, live] = await Promise.all([computeReport(t.db, region, period), computeReportLive(t.db, region, period)]);
        const pick = (r: typeof stored) => r.rows.map((row) => [row.region.code, ...STOCK_KEYS.map((k) => row.figures[k])]);
        expect({ day, region: region.code, rows: pick(stored) }).toEqual({ day, region: region.code, rows: pick(live) });
      }
    }
  }

  it('equals the live stock on every day where it turns, inside and outside the window of yearly bases', async () => {
    await expectStoreEqualsLive();
    // The figures are not all zero: the days above see these women come and go.
    const county = (day: string) => computeReport(t.db, w.county, { from: `${day.slice(0, 7)}-01`, to: day });
    // 27 February: the 49-year-old and the woman who exits in 2021; the 28th: the first is 50; 1 March: the leap-day girl is 15.
    expect((await county('2011-02-27')).total.wra).toBe(2);
    expect((await county('2011-02-28')).total.wra).toBe(1);
    expect((await county('2011-03-01')).total.wra).toBe(2);
    expect((await county('2019-06-30')).total.users_iud).toBe(1);
    expect((await county('2026-10-31')).total.users_implant).toBe(1);
    expect((await county('2026-10-31')).total.free_supply_users).toBe(1);
    expect((await county('2054-03-01')).total.wra).toBe(0);
    expect((await county('2054-02-28')).total.wra).toBe(1);
  });

  it('an edit moves the stored changes in its transaction; the check finds a corrupted base; the rebuild repairs it', async () => {
    const [leap] = womenIds;
    // The IUD is found to have ended a year earlier: 2020's figures move, the changes and later bases with them.
    expect((await computeReport(t.db, w.county, { from: '2020-06-01', to: '2020-06-30' })).total.no_method).toBe(2);
    await t.db('contraception_episodes').where({ woman_id: leap, method: 'iud' }).update({ ended_on: '2020-01-15' });
    await expectStoreEqualsLive();
    expect((await computeReport(t.db, w.county, { from: '2020-06-01', to: '2020-06-30' })).total.no_method).toBe(3);
    expect((await checkFigureStore(t.db, TEST_NOW)).run.differences).toBe(0);

    await t.db('figure_stock_base').where({ year: 2026, village_id: w.villageA1.id, key: 'wra' }).increment('n', 5);
    const broken = await checkFigureStore(t.db, TEST_NOW);
    expect(broken.run.differences).toBe(1);
    expect(broken.run.details[0]).toMatchObject({ village_code: w.villageA1.code, month: '2026 年初存量', key: 'wra' });
    expect((await computeReport(t.db, w.county, { from: '2026-10-01', to: '2026-10-31' })).total.wra).toBe(
      (await computeReportLive(t.db, w.county, { from: '2026-10-01', to: '2026-10-31' })).total.wra + 5,
    );
    await rebuildFigureStore(t.db);
    expect((await checkFigureStore(t.db, TEST_NOW)).run.differences).toBe(0);
    await expectStoreEqualsLive();
  });

  it('the month sums follow the changes; a month end reads them, a day inside the month the changes; the check finds a corrupted sum', async () => {
    const a1 = w.villageA1.id;
    // The implant started 15 January 2021: its month sum is the change of that day.
    const sum = () => t.db('figure_stock_months').where({ village_id: a1, month: '2021-01-01', key: 'users_implant' }).first('n');
    expect(await sum()).toEqual({ n: 1 });
    const [leap] = womenIds;
    await t.db('contraception_episodes').where({ woman_id: leap, method: 'implant' }).update({ started_on: '2021-02-03' });
    await t.db('contraception_episodes').where({ woman_id: leap, method: 'iud' }).update({ ended_on: '2021-02-03' });
    expect(await sum()).toBeUndefined();
    expect(await t.db('figure_stock_months').where({ village_id: a1, month: '2021-02-01', key: 'users_implant' }).first('n')).toEqual({ n: 1 });
    await expectStoreEqualsLive();

    await t.db('figure_stock_months').where({ village_id: a1, month: '2021-02-01', key: 'users_implant' }).increment('n', 2);
    const broken = await checkFigureStore(t.db, TEST_NOW);
    expect(broken.run.differences).toBe(1);
    expect(broken.run.details[0]).toMatchObject({ village_code: w.villageA1.code, month: '2021-02 存量月计', key: 'users_implant' });
    const implants = async (to: string) => {
      const period = { from: `${to.slice(0, 7)}-01`, to };
      return [(await computeReport(t.db, w.county, period)).total.users_implant, (await computeReportLive(t.db, w.county, period)).total.users_implant];
    };
    expect(await implants('2021-02-28')).toEqual([3, 1]);
    expect(await implants('2021-02-27')).toEqual([1, 1]);
    await rebuildFigureStore(t.db);
    expect(await implants('2021-02-28')).toEqual([1, 1]);
    expect((await checkFigureStore(t.db, TEST_NOW)).run.differences).toBe(0);
  });
});
