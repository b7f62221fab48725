/**
 * One statistical year (2025-10-01 … 2026-09-30) of township 城关镇, hand-counted: every count of the monthly
 * report for each of the twelve months, and both official tables for the year with their 城镇/农村 lines. Status
 * changes happen inside the year, so a figure that read today's status instead of the dated history would miss:
 *
 *   W1 (东街村)  married 2012; IUD until 2026-02-01 (取环 that day); divorced 2026-01-10; remarried 2026-06-20
 *   W2 (东街村)  married 2014; pill; 流出 2025-11-15, 返回 2026-04-01; 人流 2026-04-10
 *   W3 (西街村)  married 2015; first child 2016; pregnancy found 2025-12-01; second child (male) 2026-01-10 while
 *               agricultural; 户口 → 非农 2026-03-01; implant 2026-07-01 (in time for the 180-day long-acting rule)
 *   W4 (西街村)  married 2019; daughter 2025-12-20, entered 2026-02-10 after December was accepted (2026-01-06);
 *               光荣证 2026-03-15
 *   W5 (东街村)  moved into the county 2026-01-15 (card that day) with two children born 2011 and 2014 (entered
 *               2026-01-20); sterilised 2014
 *   W6 (东街村)  married 2020, husband non-agricultural; condom until 2025-11-30; twins (boy, girl) 2026-08-03;
 *               implant 2026-09-10
 *   W7 (西街村)  unmarried; first marriage 2026-04-18 at 24
 *   W8 (东街村)  married 2013, husband sterilised 2015; daughter born 2025-08-15 (last statistical year) entered
 *               2026-03-05, after August's deadline: 往年出生未报
 * Population: 东街村 1,000 (1 death a month), 西街村 500, every month from September 2025.
 */
import fc from 'fast-check';
import type { Knex } from 'knex';
import { beforeAll, describe, expect, it } from 'vitest';
import { COUNT_KEYS, emptyCounts, type CountKey, type Counts } from '../../../src/domain/indicators.ts';
import { monthPeriod } from '../../../src/domain/report-periods.ts';
import { computeReport } from '../../../src/features/reports/service.ts';
import { useTestDatabase } from '../../helpers/db.ts';
import { seedWorld, type World } from '../../helpers/fixtures.ts';
import * as f from '../../helpers/report-fixtures.ts';

const MONTHS = ['2025-10', '2025-11', '2025-12', '2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06', '2026-07', '2026-08', '2026-09'];
const YEAR = { from: '2025-10-01', to: '2026-09-30' };

/** The stock at each month's end, column per month Oct … Sep. */
const STOCK: Partial<Record<CountKey, number[]>> = {
  wra: [7, 7, 7, 8, 8, 8, 8, 8, 8, 8, 8, 8],
  married_wra: [6, 6, 6, 6, 6, 6, 7, 7, 8, 8, 8, 8],
  contraceptive_users: [4, 3, 3, 3, 3, 3, 3, 3, 3, 4, 4, 5],
  long_acting_users: [2, 2, 2, 2, 2, 2, 2, 2, 2, 3, 3, 4],
  no_method: [2, 3, 3, 3, 3, 3, 4, 4, 5, 4, 4, 3],
  users_iud: [1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0],
  users_pill_or_injection: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1],
  users_condom: [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
  short_acting_users: [2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1],
  users_male_sterilization: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1],
  users_female_sterilization: [0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1],
  users_implant: [0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 2],
  one_child_couples: [2, 2, 3, 2, 2, 2, 2, 2, 2, 2, 2, 2],
  certificate_holders: [0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1],
  // 孕前优生 target couples: 甲七 married 2026-04-18, 甲一 remarried 2026-06-20 (neither checked, neither sterilised).
  preconception_targets: [0, 0, 0, 0, 0, 0, 1, 1, 2, 2, 2, 2],
  population: Array<number>(12).fill(1500),
  population_end: Array<number>(12).fill(1500),
  deaths: Array<number>(12).fill(1),
};

/**
 * The flows of each month (every count not named is 0). 统计准确率's records: entered in the month and happened while
 * she was on the register (甲五's children of 2011 and 2014 are her new card's history); not accurate when late (甲四's
 * December daughter, entered after December was accepted) or a birth with no pregnancy entered before it (甲四, 甲六's
 * twins, 甲八's 2025 daughter).
 */
const FLOWS: Record<string, Partial<Counts>> = {
  '2025-10': {},
  '2025-11': { outflow: 1 },
  '2025-12': { births: 1, births_first: 1, births_compliant: 1, births_first_compliant: 1, births_female: 1, pregnancies_new: 1, records_entered: 1, records_accurate: 1 },
  '2026-01': { births: 1, births_second: 1, births_compliant: 1, births_second_compliant: 1, births_male: 1, births_timely: 1, records_entered: 1, records_accurate: 1 },
  '2026-02': { procedures: 1, iud_removals: 1, table2_procedures: 1, follow_ups_due: 1, follow_ups_done: 1, late_reports: 1, births_previous_years: 1, records_entered: 2, records_accurate: 1 },
  '2026-03': { certificates_issued: 1, births_previous_years: 1, records_entered: 2, records_accurate: 1 },
  '2026-04': { first_marriages: 1, first_marriages_late: 1, procedures: 1, surgical_abortions: 1, abortions: 1, table2_abortions: 1, table2_procedures: 1, records_entered: 1, records_accurate: 1 },
  '2026-05': {},
  '2026-06': {},
  '2026-07': { procedures: 1, implant_insertions: 1, table2_procedures: 1, long_acting_due: 1, long_acting_done: 1, records_entered: 1, records_accurate: 1 },
  '2026-08': { births: 2, births_first: 2, births_compliant: 2, births_first_compliant: 2, births_male: 1, births_female: 1, births_timely: 2, records_entered: 2 },
  '2026-09': { procedures: 1, implant_insertions: 1, table2_procedures: 1, records_entered: 1, records_accurate: 1 },
};

function expectedMonth(i: number): Counts {
  const out = emptyCounts();
  for (const [k, values] of Object.entries(STOCK)) out[k as CountKey] = values[i];
  return { ...out, ...FLOWS[MONTHS[i]] };
}

/** The year: flows of the months added up (except 往年出生未报, born before the year), stock of September. */
function expectedYear(): Counts {
  const out = expectedMonth(11);
  for (const k of COUNT_KEYS) {
    if (STOCK[k]) continue;
    out[k] = MONTHS.reduce((s, m) => s + (FLOWS[m][k] ?? 0), 0);
  }
  out.deaths = 12;
  // W4's December daughter is late for February's report but inside the year; only W8's daughter is 往年.
  out.births_previous_years = 1;
  return out;
}

function countsOfTotal(figures: Record<string, unknown>): Counts {
  const out = emptyCounts();
  for (const k of COUNT_KEYS) out[k] = figures[k] as number;
  return out;
}

async function hukou(db: Knex, woman: number, whose: 'woman' | 'spouse', kind: 'agricultural' | 'non_agricultural', on: string | null) {
  await db('hukou_events').insert({ woman_id: woman, whose, hukou_kind: kind, effective_on: on });
}

describe('a hand-counted statistical year', () => {
  const t = useTestDatabase();
  let w: World;

  beforeAll(async () => {
    const db = t.db;
    w = await seedWorld(db);
    const A1 = w.villageA1.id;
    const A2 = w.villageA2.id;

    const w1 = await f.addWoman(db, { village: A1, birth_date: '1990-01-01', marriage_date: '2012-05-01', name: '甲一' });
    await f.addEpisode(db, { woman: w1, village: A1, method: 'iud', started_on: '2013-01-01', ended_on: '2026-02-01' });
    await f.addService(db, { woman: w1, village: A1, kind: 'iud_removal', performed_on: '2026-02-01' });
    await f.addMaritalEvent(db, { woman: w1, kind: 'divorce', on: '2026-01-10' });
    await f.addMaritalEvent(db, { woman: w1, kind: 'remarriage', on: '2026-06-20' });
    await db('women').where({ id: w1 }).update({ marital_status: 'remarried', marriage_date: '2026-06-20' });
    await f.addFollowUp(db, { woman: w1, village: A1, due_on: '2026-02-15', done_on: '2026-02-20' });

    const w2 = await f.addWoman(db, { village: A1, birth_date: '1992-03-01', marriage_date: '2014-01-01', name: '甲二' });
    await f.addEpisode(db, { woman: w2, village: A1, method: 'pill_or_injection', started_on: '2020-01-01' });
    await f.addFloatingEvent(db, { woman: w2, kind: 'outflow', on: '2025-11-15' });
    await f.addFloatingEvent(db, { woman: w2, kind: 'return', on: '2026-04-01' });
    await f.addService(db, { woman: w2, village: A1, kind: 'surgical_abortion', performed_on: '2026-04-10' });

    const w3 = await f.addWoman(db, { village: A2, birth_date: '1993-01-01', marriage_date: '2015-01-01', name: '甲三' });
    await hukou(db, w3, 'woman', 'agricultural', null);
    await hukou(db, w3, 'woman', 'non_agricultural', '2026-03-01');
    await hukou(db, w3, 'spouse', 'agricultural', null);
    await f.addChild(db, { woman: w3, village: A2, birth_date: '2016-01-01', sex: 'female', order: 1 });
    await f.addPregnancy(db, { woman: w3, village: A2, found_on: '2025-12-01' });
    await f.addChild(db, { woman: w3, village: A2, birth_date: '2026-01-10', sex: 'male', order: 2 });
    await f.addEpisode(db, { woman: w3, village: A2, method: 'implant', started_on: '2026-07-01' });
    await f.addService(db, { woman: w3, village: A2, kind: 'implant_insertion', performed_on: '2026-07-01' });

    const w4 = await f.addWoman(db, { village: A2, birth_date: '1995-06-01', marriage_date: '2019-01-01', name: '甲四' });
    await f.addChild(db, { woman: w4, village: A2, birth_date: '2025-12-20', sex: 'female', order: 1, created_on: '2026-02-10' });
    await db('report_periods').insert({ township_id: w.townshipA.id, month: '2025-12-01', status: 'accepted', snapshot: '{}', accepted_at: new Date('2026-01-06T10:00:00+08:00') });
    await f.addCertificate(db, { woman: w4, village: A2, issued_on: '2026-03-15' });

    const w5 = await f.addWoman(db, { village: A1, birth_date: '1988-04-01', marriage_date: '2010-01-01', created_on: '2026-01-15', registered_on: '2026-01-15', name: '甲五' });
    await f.addChild(db, { woman: w5, village: A1, birth_date: '2011-03-01', sex: 'male', order: 1, created_on: '2026-01-20' });
    await f.addChild(db, { woman: w5, village: A1, birth_date: '2014-07-01', sex: 'female', order: 2, created_on: '2026-01-20' });
    await f.addEpisode(db, { woman: w5, village: A1, method: 'female_sterilization', started_on: '2014-09-01' });

    const w6 = await f.addWoman(db, { village: A1, birth_date: '1996-02-01', marriage_date: '2020-05-01', name: '甲六' });
    await hukou(db, w6, 'woman', 'agricultural', null);
    await hukou(db, w6, 'spouse', 'non_agricultural', null);
    await f.addEpisode(db, { woman: w6, village: A1, method: 'condom', started_on: '2020-06-01', ended_on: '2025-11-30' });
    await f.addChild(db, { woman: w6, village: A1, birth_date: '2026-08-03', sex: 'male', order: 1 });
    await f.addChild(db, { woman: w6, village: A1, birth_date: '2026-08-03', sex: 'female', order: 1 });
    await f.addEpisode(db, { woman: w6, village: A1, method: 'implant', started_on: '2026-09-10' });
    await f.addService(db, { woman: w6, village: A1, kind: 'implant_insertion', performed_on: '2026-09-10' });

    const w7 = await f.addWoman(db, { village: A2, birth_date: '2001-09-01', name: '甲七' });
    await f.addMaritalEvent(db, { woman: w7, kind: 'first_marriage', on: '2026-04-18' });
    await db('women').where({ id: w7 }).update({ marital_status: 'first_marriage', marriage_date: '2026-04-18' });

    const w8 = await f.addWoman(db, { village: A1, birth_date: '1991-05-05', marriage_date: '2013-01-01', name: '甲八' });
    await f.addEpisode(db, { woman: w8, village: A1, method: 'male_sterilization', started_on: '2015-01-01' });
    await f.addChild(db, { woman: w8, village: A1, birth_date: '2025-08-15', sex: 'female', order: 1, created_on: '2026-03-05' });

    for (const month of ['2025-09', ...MONTHS]) {
      await f.addPopulation(db, A1, month, 1000, month === '2025-09' ? 0 : 1);
      await f.addPopulation(db, A2, month, 500, 0);
    }
  });

  it('gives every count of every month exactly', async () => {
    for (const [i, month] of MONTHS.entries()) {
      const report = await computeReport(t.db, w.townshipA, monthPeriod(month));
      expect({ month, ...countsOfTotal(report.total) }).toEqual({ month, ...expectedMonth(i) });
    }
  });

  it('gives the year exactly, and the months add up to it', async () => {
    const year = await computeReport(t.db, w.townshipA, YEAR);
    expect(countsOfTotal(year.total)).toEqual(expectedYear());
    expect(year.total.long_acting_uptake_rate.value).toBe(100);
    expect(year.total.compliance_rate.value).toBe(100);
    expect(year.total.contraceptive_rate).toMatchObject({ numerator: 5, denominator: 8, value: 62.5 });
  });

  it('splits the official tables into 城镇 and 农村 by the hukou in force on each date', async () => {
    const urban = (await computeReport(t.db, w.townshipA, YEAR, 'urban')).total;
    const rural = (await computeReport(t.db, w.townshipA, YEAR, 'rural')).total;
    // Births: W6's twins are urban (her husband is non-agricultural); W3's son was born while both were agricultural.
    expect([urban.births, rural.births]).toEqual([2, 2]);
    expect([urban.births_first, rural.births_first, urban.births_second, rural.births_second]).toEqual([2, 1, 0, 1]);
    expect([urban.births_male, urban.births_female, rural.births_male, rural.births_female]).toEqual([1, 1, 1, 1]);
    expect([urban.births_previous_years, rural.births_previous_years]).toEqual([0, 1]);
    // The stock at 30 September by her own hukou: W3 is non-agricultural since March.
    expect([urban.married_wra, rural.married_wra]).toEqual([1, 7]);
    expect([urban.contraceptive_users, rural.contraceptive_users]).toEqual([1, 4]);
    expect([urban.users_implant, rural.users_implant]).toEqual([1, 1]);
    // A 光荣证 is rural if either spouse is agricultural.
    expect([urban.certificate_holders, rural.certificate_holders]).toEqual([0, 1]);
    // W3's implant (July) is urban, the other three procedures rural.
    expect([urban.table2_procedures, rural.table2_procedures]).toEqual([1, 3]);
    // The split adds up to the whole for every figure it splits.
    const whole = (await computeReport(t.db, w.townshipA, YEAR)).total;
    for (const k of ['births', 'births_previous_years', 'married_wra', 'contraceptive_users', 'certificate_holders', 'table2_procedures'] as const) {
      expect(urban[k] + rural[k]).toBe(whole[k]);
    }
  });

  it('keeps every figure of the year and its months when only later events are added (property)', async () => {
    const before = await Promise.all([...MONTHS.map((m) => monthPeriod(m)), YEAR].map(async (p) => countsOfTotal((await computeReport(t.db, w.townshipA, p)).total)));
    const women = (await t.db('women').select('id', 'region_id').orderBy('id')) as { id: number; region_id: number }[];
    const later = fc.record({
      woman: fc.integer({ min: 0, max: women.length - 1 }),
      day: fc.integer({ min: 1, max: 400 }),
      kind: fc.constantFrom('divorce', 'remarriage', 'outflow', 'return', 'hukou', 'birth', 'procedure', 'method', 'transfer', 'exit', 'certificate'),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(later, { minLength: 1, maxLength: 6 }), async (events) => {
        await t.db
          .transaction(async (trx) => {
            for (const e of events) {
              const wm = women[e.woman];
              const on = new Date(Date.UTC(2026, 9, e.day)).toISOString().slice(0, 10); // from 2026-10-01
              if (e.kind === 'divorce' || e.kind === 'remarriage') await trx('marital_events').insert({ woman_id: wm.id, kind: e.kind, effective_on: on });
              if (e.kind === 'outflow' || e.kind === 'return') await trx('floating_events').insert({ woman_id: wm.id, kind: e.kind, effective_on: on });
              if (e.kind === 'hukou') await trx('hukou_events').insert({ woman_id: wm.id, whose: 'woman', hukou_kind: 'non_agricultural', effective_on: on });
              if (e.kind === 'birth') await f.addChild(trx, { woman: wm.id, village: wm.region_id, birth_date: on, sex: 'male', order: 3 });
              if (e.kind === 'procedure') await f.addService(trx, { woman: wm.id, village: wm.region_id, kind: 'iud_insertion', performed_on: on });
              // A closed episode: a woman has at most one current method, and the fixture's may be open.
              const until = new Date(Date.UTC(2026, 9, e.day + 20)).toISOString().slice(0, 10);
              if (e.kind === 'method') await f.addEpisode(trx, { woman: wm.id, village: wm.region_id, method: 'iud', started_on: on, ended_on: until });
              if (e.kind === 'transfer') await f.addTransfer(trx, { woman: wm.id, from: wm.region_id, to: w.villageB1.id, moved_on: on });
              if (e.kind === 'exit') await trx('women').where({ id: wm.id }).update({ status: 'exited', exit_reason: 'moved_out', exit_date: on });
              if (e.kind === 'certificate') await f.addCertificate(trx, { woman: wm.id, village: wm.region_id, issued_on: on });
            }
            const after = await Promise.all([...MONTHS.map((m) => monthPeriod(m)), YEAR].map(async (p) => countsOfTotal((await computeReport(trx, w.townshipA, p)).total)));
            expect(after).toEqual(before);
            await trx.rollback();
          })
          .catch((e: unknown) => {
            if (e instanceof Error && e.message.includes('Transaction rejected with non-error: undefined')) return;
            throw e;
          });
      }),
      { numRuns: 8 },
    );
  });
});
