/**
 * The figure store's nightly check and rebuild (issue 19 §2), and the month-end stock of accepted months: a
 * corrupted stored count is reported as a difference (village, month, key, stored, live) and figures:rebuild
 * repairs it; an accepted month's stock comes from the stored stock changes, which a late entry dated in it moves.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { FIGURE_STORE_TABLES, checkFigureStore, computeReport, computeReportLive, rebuildFigureStore } from '../../../src/features/reports/service.ts';
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

  it('vacuums every store table after 1% of its rows changed, so the reports’ index-only reads stay so', async () => {
    const { rows } = await t.db.raw<{ rows: { table: string; options: string[] | null }[] }>(
      `select c.relname as table, c.reloptions as options from pg_class c where c.relname = any(?) and c.relkind = 'r' order by c.relname`,
      [[...FIGURE_STORE_TABLES]],
    );
    const expected = ['autovacuum_analyze_scale_factor=0.02', 'autovacuum_vacuum_insert_scale_factor=0.01', 'autovacuum_vacuum_scale_factor=0.01'];
    expect(rows.map((r) => ({ table: r.table, options: [...(r.options ?? [])].sort() }))).toEqual([...FIGURE_STORE_TABLES].sort().map((table) => ({ table, options: expected })));
  });

  it('finds no difference on a consistent store, reports a corrupted count, and the rebuild repairs it', async () => {
    const clean = await checkFigureStore(t.db, TEST_NOW);
    expect(clean.run.differences).toBe(0);
    expect(clean.run.keys_compared).toBeGreaterThan(10);

    await t.db('figure_counts').where({ village_id: w.villageA2.id, day: '2026-03-01', key: 'iud_insertions' }).update({ n: 7 });
    await t.db('figure_counts').insert({ village_id: w.villageB1.id, day: '2024-07-01', key: 'births', n: 2 });
    const broken = await checkFigureStore(t.db, TEST_NOW);
    // Each corrupted count shows twice: in the daily counts and in the month sums that follow them.
    expect(broken.run.differences).toBe(4);
    expect(broken.run.details).toEqual(
      expect.arrayContaining([
        { village_code: w.villageA2.code, month: '2026-03', key: 'iud_insertions', stored: 4 - 1 + 7, live: 4 },
        { village_code: w.villageB1.code, month: '2024-07', key: 'births', stored: 2, live: 0 },
        { village_code: w.villageA2.code, month: '2026-03 月计', key: 'iud_insertions', stored: 4 - 1 + 7, live: 4 },
        { village_code: w.villageB1.code, month: '2024-07 月计', key: 'births', stored: 2, live: 0 },
      ]),
    );
    const row = await t.db('figure_check_runs').where({ id: broken.run.id }).first('differences', 'keys_compared');
    expect(row).toEqual({ differences: 4, keys_compared: broken.run.keys_compared });
    // The township report read the corrupted store (so it is the store the reports read).
    const corrupted = await computeReport(t.db, w.townshipA, MARCH);
    expect(corrupted.total.iud_insertions).toBe(3 + 4 + 6);

    const vacuumsBefore = Object.fromEntries(
      (await t.db.raw<{ rows: { relname: string; n: number }[] }>(`select relname, vacuum_count::int as n from pg_stat_user_tables where relname like 'figure%'`)).rows.map((r) => [r.relname, r.n]),
    );
    const rebuilt = await rebuildFigureStore(t.db);
    expect(rebuilt.counts).toBeGreaterThan(0);
    // The rebuild leaves the planner's statistics of what it wrote (analysed: the row estimate is the count), for
    // every table of the store: the month sums once kept the estimate of their truncation (0 rows for 16 million at
    // city scale, and the city's month took 1.14 s instead of 0.4).
    const storeTables = (await t.db.raw<{ rows: { t: string }[] }>(`select tablename as t from pg_tables where schemaname = current_schema() and tablename like 'figure\\_%'`)).rows.map((r) => r.t);
    expect(storeTables.filter((name) => name !== 'figure_check_runs').sort()).toEqual([...FIGURE_STORE_TABLES].sort());
    for (const table of FIGURE_STORE_TABLES) {
      const { rows: sizes } = await t.db.raw<{ rows: { estimated: number; counted: number }[] }>(
        `select (select reltuples from pg_class where oid = ?::regclass)::int as estimated, (select count(*) from ??)::int as counted`,
        [table, table],
      );
      expect({ table, estimated: sizes[0]!.estimated }).toEqual({ table, estimated: sizes[0]!.counted });
    }
    // … and vacuumed after its commit (VACUUM marks the pages it wrote all-visible, so the reports' index-only reads
    // stay so); the vacuum count of every table of the store went up.
    const { rows: vacuums } = await t.db.raw<{ rows: { table: string; vacuumed: boolean }[] }>(
      `select relname as table, vacuum_count > coalesce((?::jsonb ->> relname)::int, 0) as vacuumed from pg_stat_user_tables where relname = any(?) order by relname`,
      [JSON.stringify(vacuumsBefore), [...FIGURE_STORE_TABLES]],
    );
    expect(vacuums).toEqual([...FIGURE_STORE_TABLES].sort().map((table) => ({ table, vacuumed: true })));
    expect((await checkFigureStore(t.db, TEST_NOW)).run.differences).toBe(0);
    expect((await computeReport(t.db, w.townshipA, MARCH)).total.iud_insertions).toBe(3 + 4);
  });

  it("an accepted month's stock is its last day's, from the stored changes; a late entry moves it in its own transaction", async () => {
    await t
      .db('report_periods')
      .insert({ township_id: w.townshipA.id, month: '2026-03-01', status: 'accepted', accepted_at: TEST_NOW, snapshot: JSON.stringify({}) })
      .returning('id');
    const married = async () => (await computeReport(t.db, w.townshipA, MARCH)).rows.find((r) => r.region.code === w.villageA1.code)?.figures.married_wra;
    expect(await married()).toBe(3);
    expect((await computeReport(t.db, w.townshipA, MARCH)).rows).toEqual((await computeReportLive(t.db, w.townshipA, MARCH)).rows);

    // A late entry: a card registered in February, married since 2018, entered now (dated inside the closed month).
    const late = await f.addWoman(t.db, { village: w.villageA1.id, birth_date: '1991-02-02', marriage_date: '2018-01-01', registered_on: '2026-02-10' });
    // Her stored changes: in from her registration, out on her 50th birthday.
    const change = await t.db('figure_stock_contributions').where({ woman_id: late, key: 'married_wra' }).orderBy('day').select('village_id', 'day', 'n');
    expect(change.map((c) => ({ ...c, day: String(c.day) }))).toEqual([
      { village_id: w.villageA1.id, day: '2026-02-10', n: 1 },
      { village_id: w.villageA1.id, day: '2041-02-02', n: -1 },
    ]);
    expect(await married()).toBe(4);
    expect((await computeReport(t.db, w.townshipA, MARCH)).rows).toEqual((await computeReportLive(t.db, w.townshipA, MARCH)).rows);
    expect((await checkFigureStore(t.db, TEST_NOW)).run.differences).toBe(0);

    // The report reads the stored changes: a corrupted one shows in March and in the quarter, and the check names it.
    await t.db('figure_stock_changes').where({ village_id: w.villageA1.id, day: '2026-02-10', key: 'married_wra' }).update({ n: 37 });
    expect(await married()).toBe(3 + 37);
    expect((await computeReport(t.db, w.townshipA, { from: '2026-01-01', to: '2026-03-31' })).total.married_wra).toBe(4 + 3 + 37);
    const check = await checkFigureStore(t.db, TEST_NOW);
    expect(check.run.details).toContainEqual({ village_code: w.villageA1.code, month: '2026-02 存量变动', key: 'married_wra', stored: 37, live: 1 });
    // And the base of every later year of the window (2027 … 2050) no longer matches the changes before it.
    const bases = check.run.details.filter((d) => d.month.endsWith('年初存量'));
    expect(bases.map((d) => [d.month, d.live - d.stored])).toEqual(Array.from({ length: 24 }, (_v, i) => [`${2027 + i} 年初存量`, 36]));
  });

  it('the month sums follow the counts; whole months read them, ragged ends the days; the check finds a corrupted sum', async () => {
    await rebuildFigureStore(t.db);
    const sum = () => t.db('figure_count_months').where({ village_id: w.villageA2.id, month: '2026-03-01', key: 'iud_insertions' }).first('n');
    expect(await sum()).toEqual({ n: 4 });
    await t.db('figure_count_months').where({ village_id: w.villageA2.id, month: '2026-03-01', key: 'iud_insertions' }).increment('n', 5);
    const broken = await checkFigureStore(t.db, TEST_NOW);
    expect(broken.run.details).toEqual([{ village_code: w.villageA2.code, month: '2026-03 月计', key: 'iud_insertions', stored: 9, live: 4 }]);
    // March and the quarter read the month sum; 2 February – 31 March reads March's and February's days.
    const iud = async (from: string, to: string) => [
      (await computeReport(t.db, w.townshipA, { from, to })).total.iud_insertions,
      (await computeReportLive(t.db, w.townshipA, { from, to })).total.iud_insertions,
    ];
    expect(await iud('2026-03-01', '2026-03-31')).toEqual([12, 7]);
    expect(await iud('2026-01-01', '2026-03-31')).toEqual([12, 7]);
    expect(await iud('2026-03-01', '2026-03-30')).toEqual([7, 7]);
    expect(await iud('2026-02-02', '2026-03-31')).toEqual([12, 7]);
    await rebuildFigureStore(t.db);
    expect(await sum()).toEqual({ n: 4 });
    expect((await checkFigureStore(t.db, TEST_NOW)).run.differences).toBe(0);
  });
});
