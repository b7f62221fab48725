/**
 * 统计准确率 and 补报 from the figure store (issue 19): a record counts on the day it was entered, and is late when
 * its month had been accepted before it was entered. An acceptance, a return, a re-acceptance and an unlock (the
 * month's row deleted) re-judge the records entered after the acceptance (report_periods' trigger): after each,
 * every month and a quarter read from the store equal the live source SQL, for each township and the county.
 */
import fc from 'fast-check';
import type { Knex } from 'knex';
import { beforeAll, describe, expect, it } from 'vitest';
import { computeReport, computeReportLive } from '../../../src/features/reports/service.ts';
import type { RegionRow } from '../../../src/features/regions/service.ts';
import { useTestDatabase } from '../../helpers/db.ts';
import { seedWorld, type World } from '../../helpers/fixtures.ts';
import { SEED } from '../../helpers/generative.ts';
import { dayFrom } from '../../helpers/histories.ts';
import * as f from '../../helpers/report-fixtures.ts';

const KEYS = ['records_entered', 'records_accurate', 'late_reports'] as const;
const MONTHS = ['2026-01', '2026-02', '2026-03', '2026-04', '2026-05'];
const monthOf = (m: string) => ({ from: `${m}-01`, to: new Date(Date.UTC(Number(m.slice(0, 4)), Number(m.slice(5)), 0)).toISOString().slice(0, 10) });
const PERIODS = [...MONTHS.map(monthOf), { from: '2026-01-01', to: '2026-03-31' }, { from: '2026-02-10', to: '2026-04-20' }];

/** The three figures of every row and the total, of one region and period. */
async function figures(db: Knex, region: RegionRow, period: { from: string; to: string }, live: boolean) {
  const r = live ? await computeReportLive(db, region, period) : await computeReport(db, region, period);
  const pick = (fig: Record<string, unknown>) => KEYS.map((k) => fig[k]);
  return { rows: r.rows.map((row) => [row.region.code, ...pick(row.figures)]), total: pick(r.total) };
}

describe('统计准确率 and 补报 from the figure store', () => {
  const t = useTestDatabase();
  let w: World;

  beforeAll(async () => {
    w = await seedWorld(t.db);
  });

  async function storeEqualsLive(): Promise<number> {
    let late = 0;
    for (const region of [w.county, w.townshipA, w.townshipB]) {
      for (const p of PERIODS) {
        const [stored, live] = await Promise.all([figures(t.db, region, p, false), figures(t.db, region, p, true)]);
        expect(stored, `${region.code} ${p.from}–${p.to}`).toEqual(live);
        if (region === w.county) late += Number(stored.total[2]);
      }
    }
    return late;
  }

  it('a worked example: entered after the acceptance is late; a return clears it, a re-acceptance after it does not bring it back', async () => {
    const A1 = w.villageA1.id;
    const mother = await f.addWoman(t.db, { village: A1, birth_date: '1990-01-01', marriage_date: '2015-01-01' });
    await f.addPregnancy(t.db, { woman: mother, village: A1, found_on: '2025-06-01' });
    // Born 20 February, entered at noon on 10 March.
    await f.addChild(t.db, { woman: mother, village: A1, birth_date: '2026-02-20', sex: 'female', order: 1, created_on: '2026-03-10' });
    const march = monthOf('2026-03');
    const total = async () => (await computeReport(t.db, w.townshipA, march)).total;
    expect(await total()).toMatchObject({ records_entered: 1, records_accurate: 1, late_reports: 0 });

    // February accepted on 5 March, before the birth was entered: late.
    const [period] = await t
      .db('report_periods')
      .insert({ township_id: w.townshipA.id, month: '2026-02-01', status: 'accepted', snapshot: '{}', accepted_at: new Date('2026-03-05T10:00:00+08:00') })
      .returning('id');
    expect(await total()).toMatchObject({ records_entered: 1, records_accurate: 0, late_reports: 1 });

    // Returned: no longer locked, so no longer late.
    await t.db('report_periods').where({ id: period.id }).update({ status: 'returned', accepted_at: null });
    expect(await total()).toMatchObject({ records_accurate: 1, late_reports: 0 });

    // Accepted again on 12 March, after it was entered: on time.
    await t
      .db('report_periods')
      .where({ id: period.id })
      .update({ status: 'accepted', accepted_at: new Date('2026-03-12T10:00:00+08:00') });
    expect(await total()).toMatchObject({ records_accurate: 1, late_reports: 0 });

    // Moved back to an acceptance before it (an unlock and a correction of the date), then the row deleted.
    await t
      .db('report_periods')
      .where({ id: period.id })
      .update({ accepted_at: new Date('2026-03-10T11:00:00+08:00') });
    expect(await total()).toMatchObject({ records_accurate: 0, late_reports: 1 });
    await t.db('report_periods').where({ id: period.id }).delete();
    expect(await total()).toMatchObject({ records_accurate: 1, late_reports: 0 });
    expect(await storeEqualsLive()).toBe(0);
  });

  it('equals the live SQL after random acceptances, returns, re-acceptances and unlocks of random records', async () => {
    const villages = [w.villageA1.id, w.villageA2.id, w.villageB1.id];
    const townships = [w.townshipA.id, w.townshipB.id];
    const record = fc.record({
      kind: fc.constantFrom('birth', 'pregnancy', 'procedure', 'exam'),
      village: fc.constantFrom(...villages),
      on: dayFrom('2026-01-01', 140),
      lag: fc.integer({ min: 0, max: 60 }),
    });
    const periodOp = fc.record({
      township: fc.constantFrom(...townships),
      month: fc.constantFrom(...MONTHS),
      op: fc.constantFrom('accept', 'accept', 'return', 'unlock'),
      after: fc.integer({ min: 0, max: 40 }),
      hour: fc.constantFrom('10:00', '18:00'),
    });
    let lateSeen = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(record, { minLength: 1, maxLength: 6 }), fc.array(periodOp, { minLength: 1, maxLength: 4 }), async (records, ops) => {
        for (const r of records) {
          const woman = await f.addWoman(t.db, { village: r.village, birth_date: '1992-04-01', marriage_date: '2016-01-01' });
          const entered = new Date(Date.parse(`${r.on}T00:00:00Z`) + r.lag * 86_400_000).toISOString().slice(0, 10);
          if (r.kind === 'birth') await f.addChild(t.db, { woman, village: r.village, birth_date: r.on, sex: 'male', order: 1, created_on: entered });
          else if (r.kind === 'pregnancy') await f.addPregnancy(t.db, { woman, village: r.village, found_on: r.on, created_on: entered });
          else await f.addService(t.db, { woman, village: r.village, kind: r.kind === 'procedure' ? 'iud_insertion' : 'gyn_exam', performed_on: r.on, created_on: entered });
        }
        for (const o of ops) {
          const month = `${o.month}-01`;
          const acceptedAt = new Date(`${new Date(Date.parse(`${month}T00:00:00Z`) + (31 + o.after) * 86_400_000).toISOString().slice(0, 10)}T${o.hour}:00+08:00`);
          const existing = await t.db('report_periods').where({ township_id: o.township, month }).first('id');
          if (o.op === 'unlock') await t.db('report_periods').where({ township_id: o.township, month }).delete();
          else if (existing)
            await t
              .db('report_periods')
              .where({ id: existing.id })
              .update(o.op === 'accept' ? { status: 'accepted', accepted_at: acceptedAt } : { status: 'returned', accepted_at: null });
          else
            await t
              .db('report_periods')
              .insert({ township_id: o.township, month, status: o.op === 'accept' ? 'accepted' : 'returned', snapshot: '{}', accepted_at: o.op === 'accept' ? acceptedAt : null });
        }
        lateSeen += await storeEqualsLive();
      }),
      { seed: SEED, numRuns: 12 },
    );
    expect(lateSeen).toBeGreaterThan(0);
  }, 180_000);
});
