/**
 * The report engine against a hand-built register with hand-counted answers (see the comments beside each
 * woman): twins, a transferred woman whose earlier birth stays in her old village, an exited woman, events on
 * the first and last day of the range, age limits, registration date, and a locked month with a late entry.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Figures } from '../../../src/domain/indicators.ts';
import { computeReport, drillDown, type Report } from '../../../src/features/reports/service.ts';
import { systemActor } from '../../../src/auth/actor.ts';
import { useTestDatabase } from '../../helpers/db.ts';
import { seedWorld, type World } from '../../helpers/fixtures.ts';
import * as f from '../../helpers/report-fixtures.ts';

const MARCH = { from: '2026-03-01', to: '2026-03-31' };
const FEB = { from: '2026-02-01', to: '2026-02-28' };

function row(r: Report, code: string): Figures {
  const found = r.rows.find((x) => x.region.code === code);
  if (!found) throw new Error(`no row ${code}`);
  return found.figures;
}

describe('report engine on a hand-counted register', () => {
  const t = useTestDatabase();
  let w: World;

  beforeAll(async () => {
    const db = t.db;
    w = await seedWorld(db);
    const A1 = w.villageA1.id,
      A2 = w.villageA2.id,
      B1 = w.villageB1.id;

    // W1 (A1): married, first child 2019, twins on the first day of March (2 births, 二孩, 1 male 1 female);
    // IUD removed 2025-12 → no method; a follow-up due 15 March done 20 March.
    const w1 = await f.addWoman(db, { village: A1, birth_date: '1995-05-10', marriage_date: '2018-06-01' });
    await f.addChild(db, { woman: w1, village: A1, birth_date: '2019-04-01', sex: 'female', order: 1 });
    await f.addChild(db, { woman: w1, village: A1, birth_date: '2026-03-01', sex: 'male', order: 2 });
    await f.addChild(db, { woman: w1, village: A1, birth_date: '2026-03-01', sex: 'female', order: 2 });
    await f.addEpisode(db, { woman: w1, village: A1, method: 'iud', started_on: '2019-06-01', ended_on: '2025-12-01' });
    await f.addFollowUp(db, { woman: w1, village: A1, due_on: '2026-03-15', done_on: '2026-03-20' });
    await f.addService(db, { woman: w1, village: A1, kind: 'gyn_exam', performed_on: '2026-03-10' }); // not a procedure

    // W2 (A1): one child; IUD inserted on the last day of March (一孩上环) → current method iud at 31 March;
    // 光荣证 issued 5 March; follow-ups due 31 March (open) and 1 April (outside the range).
    const w2 = await f.addWoman(db, { village: A1, birth_date: '1990-01-01', marriage_date: '2015-01-01' });
    await f.addChild(db, { woman: w2, village: A1, birth_date: '2016-02-01', sex: 'female', order: 1 });
    await f.addService(db, { woman: w2, village: A1, kind: 'iud_insertion', performed_on: '2026-03-31' });
    await f.addEpisode(db, { woman: w2, village: A1, method: 'iud', started_on: '2026-03-31' });
    await f.addCertificate(db, { woman: w2, village: A1, issued_on: '2026-03-05' });
    await f.addFollowUp(db, { woman: w2, village: A1, due_on: '2026-03-31' });
    await f.addFollowUp(db, { woman: w2, village: A1, due_on: '2026-04-01' });

    // W3: lived in B1, gave birth there on 10 March (non-compliant, male), moved to A2 on 20 March; condom from 25 March.
    const w3 = await f.addWoman(db, { village: B1, birth_date: '1992-03-03', marriage_date: '2014-05-05' });
    await f.addChild(db, { woman: w3, village: B1, birth_date: '2026-03-10', sex: 'male', order: 1, policy: 'non_compliant' });
    await f.addTransfer(db, { woman: w3, from: B1, to: A2, moved_on: '2026-03-20' });
    await f.addEpisode(db, { woman: w3, village: A2, method: 'condom', started_on: '2026-03-25' });

    // W4 (A2): sterilised in 2010, medical abortion 5 March, exited (moved out) 15 March.
    const w4 = await f.addWoman(db, { village: A2, birth_date: '1985-07-07', marriage_date: '2008-08-08', exit_date: '2026-03-15' });
    await f.addEpisode(db, { woman: w4, village: A2, method: 'female_sterilization', started_on: '2010-01-01' });
    await f.addService(db, { woman: w4, village: A2, kind: 'medical_abortion', performed_on: '2026-03-05' });

    // W5 (A1): 17, unmarried. W6 (A1): turns 50 on 31 March → not WRA. W7 (A1): 49, sterilised.
    await f.addWoman(db, { village: A1, birth_date: '2008-04-01' });
    const w6 = await f.addWoman(db, { village: A1, birth_date: '1976-03-31', marriage_date: '1998-01-01' });
    await f.addEpisode(db, { woman: w6, village: A1, method: 'iud', started_on: '2000-01-01' });
    const w7 = await f.addWoman(db, { village: A1, birth_date: '1976-04-01', marriage_date: '1998-01-01' });
    await f.addEpisode(db, { woman: w7, village: A1, method: 'female_sterilization', started_on: '2000-01-01' });

    // W8 (A1): card made 12 March, first marriage 10 March at 26; pregnancy found 31 March.
    const w8 = await f.addWoman(db, { village: A1, birth_date: '2000-01-01', marriage_date: '2026-03-10', created_on: '2026-03-12' });
    await f.addPregnancy(db, { woman: w8, village: A1, found_on: '2026-03-31' });

    // W9 (A2): first marriage on 31 March at 21; outflow since 1 March; pregnancy found 27 Feb.
    const w9 = await f.addWoman(db, { village: A2, birth_date: '2004-06-01', marriage_date: '2026-03-31', migrant_status: 'outflow', migrant_since: '2026-03-01' });
    await f.addPregnancy(db, { woman: w9, village: A2, found_on: '2026-02-27' });

    // W10 (B1): inflow since 28 Feb, pill user; her child born 20 Feb was entered 10 March, after February was
    // locked (5 March) → 补报 in March. W12 (B1): abortion 21 Feb entered 4 March, before the lock → not late.
    const w10 = await f.addWoman(db, { village: B1, birth_date: '1988-02-02', marriage_date: '2010-10-10', migrant_status: 'inflow', migrant_since: '2026-02-28' });
    await f.addEpisode(db, { woman: w10, village: B1, method: 'pill_or_injection', started_on: '2025-01-01' });
    await f.addChild(db, { woman: w10, village: B1, birth_date: '2026-02-20', sex: 'female', order: 1, created_on: '2026-03-10' });
    const w12 = await f.addWoman(db, { village: B1, birth_date: '1988-03-03', marriage_date: '2010-10-10' });
    await f.addService(db, { woman: w12, village: B1, kind: 'surgical_abortion', performed_on: '2026-02-21', created_on: '2026-03-04' });
    await db('report_periods').insert({ township_id: w.townshipB.id, month: '2026-02-01', status: 'accepted', snapshot: '{}', accepted_at: new Date('2026-03-05T10:00:00+08:00') });

    // W11 (A1): card made 2 April: not on the register at the end of March.
    await f.addWoman(db, { village: A1, birth_date: '1990-01-01', marriage_date: '2012-01-01', created_on: '2026-04-02' });

    await f.addPopulation(db, A1, '2026-02', 1000, 4);
    await f.addPopulation(db, A1, '2026-03', 1010, 2);
    await f.addPopulation(db, A2, '2026-03', 500, 1);
    await f.addPopulation(db, B1, '2026-02', 800, 3);
  });

  it('counts a township by village for March', async () => {
    const r = await computeReport(t.db, w.townshipA, MARCH);
    expect(r.rowLevel).toBe('village');
    expect(r.rows.map((x) => x.region.code)).toEqual(['990100001001', '990100001002']);
    const a1 = row(r, '990100001001');
    expect(a1).toMatchObject({
      births: 2,
      births_first: 0,
      births_second: 2,
      births_third_plus: 0,
      births_compliant: 2,
      births_male: 1,
      births_female: 1,
      deaths: 2,
      population: 1005,
      population_end: 1010,
      pregnancies_new: 1,
      procedures: 1,
      iud_insertions: 1,
      iud_insertions_after_first_child: 1,
      certificates_issued: 1,
      first_marriages: 1,
      first_marriages_late: 1,
      inflow: 0,
      outflow: 0,
      follow_ups_due: 2,
      follow_ups_done: 1,
      wra: 5,
      married_wra: 4,
      contraceptive_users: 2,
      long_acting_users: 2,
      users_iud: 1,
      users_female_sterilization: 1,
      no_method: 2,
      certificate_holders: 1,
      one_child_couples: 1,
      late_reports: 0,
    });
    expect(a1.follow_up_rate).toEqual({ numerator: 1, denominator: 2, value: 50, unit: '%' });
    expect(a1.contraceptive_rate.value).toBe(50);
    expect(a1.birth_rate).toEqual({ numerator: 2, denominator: 1005, value: 1.99, unit: '‰' });

    const a2 = row(r, '990100001002');
    expect(a2).toMatchObject({
      births: 0,
      deaths: 1,
      population: 500,
      procedures: 1,
      medical_abortions: 1,
      abortions: 1,
      table2_procedures: 1,
      first_marriages: 1,
      first_marriages_late: 0,
      outflow: 1,
      wra: 2,
      married_wra: 2,
      contraceptive_users: 1,
      users_condom: 1,
      long_acting_users: 0,
      no_method: 1,
      one_child_couples: 1,
    });
    expect(a2.compliance_rate.value).toBeNull();

    expect(r.total).toMatchObject({ births: 2, deaths: 3, population: 1505, procedures: 2, wra: 7, married_wra: 6, contraceptive_users: 3 });
    expect(r.total.contraceptive_rate).toEqual({ numerator: 3, denominator: 6, value: 50, unit: '%' });
  });

  it('keeps the transferred woman’s birth in her old village and counts a locked month’s late entry as 补报', async () => {
    const r = await computeReport(t.db, w.townshipB, MARCH);
    const b1 = row(r, '990100002001');
    expect(b1).toMatchObject({ births: 1, births_first: 1, births_compliant: 0, births_male: 1, late_reports: 1, births_previous_years: 1 });
    // W3 moved to A2 before the end of March; W10 and W12 remain.
    expect(b1).toMatchObject({ wra: 2, married_wra: 2, users_pill_or_injection: 1, no_method: 1, one_child_couples: 1 });
    expect(b1.compliance_rate).toEqual({ numerator: 0, denominator: 1, value: 0, unit: '%' });
    // No March figure for B1: the latest (February) is the population, no March deaths.
    expect(b1).toMatchObject({ population: 800, deaths: 0 });
  });

  it('counts stock where each woman lived on the end date (February: before the transfer and the exit)', async () => {
    const a = await computeReport(t.db, w.townshipA, FEB);
    // A2 on 28 Feb: W4 (not yet exited, sterilised) and W9 (not yet married); W3 still in B1.
    expect(row(a, '990100001002')).toMatchObject({ wra: 2, married_wra: 1, contraceptive_users: 1, long_acting_users: 1, users_female_sterilization: 1 });
    // A1 on 28 Feb: W1, W2 (no method yet), W5, W6 (49), W7; W8 not registered yet.
    expect(row(a, '990100001001')).toMatchObject({ wra: 5, married_wra: 4, contraceptive_users: 2, users_iud: 1, no_method: 2 });
    const b = await computeReport(t.db, w.townshipB, FEB);
    expect(row(b, '990100002001')).toMatchObject({ wra: 3, married_wra: 3, inflow: 1, births: 1, procedures: 1, surgical_abortions: 1, late_reports: 0, deaths: 3 });
  });

  it('rolls the county up by township with rates recomputed from the sums', async () => {
    const r = await computeReport(t.db, w.county, MARCH);
    expect(r.rowLevel).toBe('township');
    expect(r.rows.map((x) => x.region.name)).toEqual(['城关镇', '东山镇']);
    expect(row(r, '990100001')).toMatchObject({ births: 2, wra: 7, population: 1505 });
    expect(row(r, '990100002')).toMatchObject({ births: 1, wra: 2, late_reports: 1 });
    expect(r.total).toMatchObject({ births: 3, births_compliant: 2, births_male: 2, births_female: 1, wra: 9, late_reports: 1, population: 2305 });
    expect(r.total.compliance_rate).toEqual({ numerator: 2, denominator: 3, value: 66.67, unit: '%' });
    expect(r.total.sex_ratio).toEqual({ numerator: 2, denominator: 1, value: 200, unit: 'ratio' });
  });

  it('lists exactly the records behind a count, within the region', async () => {
    const actor = systemActor(w.county);
    const births = await drillDown(t.db, actor, { figure: 'births', region: '990100001001', period: MARCH, page: { limit: 50, offset: 0 } });
    expect(births.total).toBe(2);
    expect(births.rows.map((r) => r.event_date)).toEqual(['2026-03-01', '2026-03-01']);
    const wra = await drillDown(t.db, actor, { figure: 'wra', region: '990100001002', period: MARCH, page: { limit: 50, offset: 0 } });
    expect(wra.rows.map((r) => r.village_code)).toEqual(['990100001002', '990100001002']);
    expect(wra.total).toBe(2);
    const late = await drillDown(t.db, actor, { figure: 'late_reports', region: '990100', period: MARCH, page: { limit: 50, offset: 0 } });
    expect(late.rows).toHaveLength(1);
    // Dated on the day it was entered (the period it counts in), with the day it happened.
    expect(late.rows[0]).toMatchObject({ what: 'birth', event_date: '2026-03-10', occurred_on: '2026-02-20', village_code: '990100002001' });
  });

  it('reproduces the golden case: 268 births = 165 + 78 + 25, 8 non-compliant, 110 deaths, 54,799 people', async () => {
    const { createRegion } = await import('../../../src/features/regions/service.ts');
    const town = await createRegion(t.db, null, { code: '990100003', name: '黄金镇' });
    const village = await createRegion(t.db, null, { code: '990100003001', name: '黄金村' });
    const mothers = await f.addWomen(t.db, village.id, 268);
    const orders: number[] = [...Array<number>(165).fill(1), ...Array<number>(78).fill(2), ...Array<number>(25).fill(3)];
    await t.db('children').insert(
      mothers.map((m, i) => ({
        woman_id: m,
        region_id: village.id,
        sex: i % 2 ? 'female' : 'male',
        birth_date: `2026-0${1 + (i % 5)}-1${i % 9}`,
        birth_order: orders[i],
        policy_status: i < 8 ? 'non_compliant' : 'compliant',
        created_at: new Date('2026-01-01T00:00:00+08:00'),
      })),
    );
    await f.addPopulation(t.db, village.id, '2026-05', 54799, 110);
    const r = await computeReport(t.db, town, { from: '2026-01-01', to: '2026-05-31' });
    expect(r.total).toMatchObject({ births: 268, births_first: 165, births_second: 78, births_third_plus: 25, births_compliant: 260, deaths: 110, population: 54799 });
    expect(r.total.compliance_rate.value).toBe(97.01);
    expect(r.total.natural_growth_rate).toEqual({ numerator: 158, denominator: 54799, value: 2.88, unit: '‰' });
  });
});
