import { beforeAll, describe, expect, it } from 'vitest';
import type { Scope } from '../../../src/auth/actor.ts';
import { computeReport, validate, validationBlockers, type Validation } from '../../../src/features/reports/service.ts';
import { useTestDatabase } from '../../helpers/db.ts';
import { seedWorld, type World } from '../../helpers/fixtures.ts';
import * as f from '../../helpers/report-fixtures.ts';

/**
 * The aggregate validation rules against hand-made villages, women and figures. Each test works in its own month,
 * so the tests share the database without seeing each other's records.
 */
describe('validation rules: each rule fires on its case and not on the one beside it', () => {
  const t = useTestDatabase();
  let w: World;
  const county = (): Scope => ({ level: 'county', regionId: w.county.id, code: w.county.code });
  const run = (month: string) => validate(t.db, county(), w.county, month);
  const of = (v: Validation, rule: string) => v.findings.filter((x) => x.rule.code === rule);

  beforeAll(async () => {
    w = await seedWorld(t.db);
  });

  it('population balance: 期初 + 出生 − 死亡 + 迁入 − 迁出 vs 期末, beyond 5 people; moves not entered are said', async () => {
    // 东街村: 1000 + 1 birth − 1 death (moves not entered) = 1000 expected, 1020 entered: +20.
    await f.addPopulation(t.db, w.villageA1.id, '2025-01', 1000, 0);
    await t.db('population_figures').insert({ region_id: w.villageA1.id, month: '2025-02-01', population_end: 1020, deaths: 1 });
    const mother = await f.addWoman(t.db, { village: w.villageA1.id, birth_date: '1995-01-01', marriage_date: '2020-01-01' });
    await f.addChild(t.db, { woman: mother, village: w.villageA1.id, birth_date: '2025-02-10', sex: 'male', order: 1 });
    // 西街村: 500 − 0 + 3 − 1 = 502 entered: balanced.
    await f.addPopulation(t.db, w.villageA2.id, '2025-01', 500, 0);
    await t.db('population_figures').insert({ region_id: w.villageA2.id, month: '2025-02-01', population_end: 502, deaths: 0, moved_in: 3, moved_out: 1 });
    // 上河村: no January figure, so no balance (though far off).
    await t.db('population_figures').insert({ region_id: w.villageB1.id, month: '2025-02-01', population_end: 9999, deaths: 0, moved_in: 0, moved_out: 0 });

    const found = of(await run('2025-02'), 'population_balance');
    expect(found.map((x) => x.place.code)).toEqual([w.villageA1.code]);
    expect(found[0].message).toContain('相差 +20 人');
    expect(found[0].numbers).toEqual(
      expect.arrayContaining([
        { label: '出生', value: '1' },
        { label: '推算期末', value: '1,000' },
        { label: '迁入', value: '未填报' },
      ]),
    );
    expect(found[0].note).toContain('未填报');
    expect(found[0].links[0].href).toBe(`/reports/people?figure=births&region=${w.villageA1.code}&from=2025-02-01&to=2025-02-28`);
  });

  it('population range: outside the min–max of the previous 12 months, with at least 3 months of history', async () => {
    for (const [m, pop] of [
      ['2023-03', 800],
      ['2023-04', 805],
      ['2023-05', 810],
    ] as const)
      await f.addPopulation(t.db, w.villageA1.id, m, pop, 1);
    await f.addPopulation(t.db, w.villageA1.id, '2023-06', 900, 1);
    // 西街村: only two months of history, so the same jump is not judged.
    for (const [m, pop] of [
      ['2023-04', 800],
      ['2023-05', 805],
    ] as const)
      await f.addPopulation(t.db, w.villageA2.id, m, pop, 1);
    await f.addPopulation(t.db, w.villageA2.id, '2023-06', 900, 1);

    const found = of(await run('2023-06'), 'population_range');
    expect(found.map((x) => x.place.code)).toEqual([w.villageA1.code]);
    expect(found[0].message).toBe('期末总人口 900 超出前 3 个月的范围 800–810。');
  });

  it('births without a pregnancy record: lists the mothers (linked), not the one whose live birth is recorded', async () => {
    const lonely = await f.addWoman(t.db, { village: w.villageA1.id, birth_date: '1994-03-01', marriage_date: '2019-01-01', name: '孙无孕' });
    await f.addChild(t.db, { woman: lonely, village: w.villageA1.id, birth_date: '2025-05-10', sex: 'female', order: 1 });
    const recorded = await f.addWoman(t.db, { village: w.villageA1.id, birth_date: '1993-03-01', marriage_date: '2018-01-01', name: '周有孕' });
    await t.db('pregnancies').insert({ woman_id: recorded, region_id: w.villageA1.id, found_on: '2024-09-01', outcome: 'live_birth', outcome_date: '2025-05-12' });
    await f.addChild(t.db, { woman: recorded, village: w.villageA1.id, birth_date: '2025-05-12', sex: 'male', order: 1 });

    const found = of(await run('2025-05'), 'births_without_pregnancy');
    expect(found).toHaveLength(1);
    expect(found[0].rule.level).toBe('warning');
    expect(found[0].people).toEqual([expect.objectContaining({ womanId: lonely, name: '孙无孕' })]);
    expect(found[0].message).toContain('本月 1 例出生没有对应的孕情记录');
  });

  it('procedure age: a procedure on a woman of 50 on the day is a blocking finding; one of 35 is not', async () => {
    const old = await f.addWoman(t.db, { village: w.villageB1.id, birth_date: '1975-07-01', marriage_date: '1998-01-01', name: '钱五十' });
    await f.addService(t.db, { woman: old, village: w.villageB1.id, kind: 'iud_removal', performed_on: '2025-07-03' });
    const young = await f.addWoman(t.db, { village: w.villageB1.id, birth_date: '1990-07-01', marriage_date: '2015-01-01', name: '李三五' });
    await f.addService(t.db, { woman: young, village: w.villageB1.id, kind: 'iud_insertion', performed_on: '2025-07-03' });

    const found = of(await run('2025-07'), 'procedure_age');
    expect(found).toHaveLength(1);
    expect(found[0].rule.level).toBe('blocking');
    expect(found[0].people.map((p) => p.name)).toEqual(['钱五十']);
    expect(found[0].people[0].detail).toContain('50 周岁');
    // It blocks 东山镇's July and says why; 城关镇 has nothing blocking.
    expect((await validationBlockers(t.db, w.townshipB, '2025-07')).join('\n')).toContain('数据校验（手术对象年龄不在 15–49 岁）：上河村');
    expect(await validationBlockers(t.db, w.townshipA, '2025-07')).toEqual([]);
  });

  it('drop vs last year: 城关镇 births 6 → 2 fires (−67%); 东山镇 6 → 4 does not; 初婚 under the base of 5 is not judged', async () => {
    const addBirths = async (village: number, date: string, n: number) => {
      for (let i = 0; i < n; i++) {
        const m = await f.addWoman(t.db, { village, birth_date: '1996-01-01', marriage_date: '2020-01-01' });
        await t.db('pregnancies').insert({ woman_id: m, region_id: village, found_on: '2020-02-01', outcome: 'live_birth', outcome_date: date });
        await f.addChild(t.db, { woman: m, village, birth_date: date, sex: 'male', order: 1 });
      }
    };
    await addBirths(w.villageA1.id, '2024-09-05', 6);
    await addBirths(w.villageA2.id, '2025-09-05', 2);
    await addBirths(w.villageB1.id, '2024-09-06', 6);
    await addBirths(w.villageB1.id, '2025-09-06', 4);
    const births = of(await run('2025-09'), 'births_drop');
    expect(births.map((x) => x.place.code)).toEqual([w.townshipA.code]);
    expect(births[0].message).toBe('出生人数 2，比上年同月（2024年9月）的 6 下降 66.7%，超过 50%。');

    // 初婚: 城关镇 5 → 1 fires; 东山镇 3 → 0 is under the base.
    for (let i = 0; i < 5; i++) await f.addWoman(t.db, { village: w.villageA1.id, birth_date: '1999-01-01', marriage_date: '2024-10-08' });
    await f.addWoman(t.db, { village: w.villageA2.id, birth_date: '1999-01-01', marriage_date: '2025-10-08' });
    for (let i = 0; i < 3; i++) await f.addWoman(t.db, { village: w.villageB1.id, birth_date: '1999-01-01', marriage_date: '2024-10-09' });
    const marriages = of(await run('2025-10'), 'first_marriages_drop');
    expect(marriages.map((x) => x.place.code)).toEqual([w.townshipA.code]);
    expect(marriages[0].numbers[0]).toEqual({ label: '本月初婚人数', value: '1' });
  });

  it('drop vs last year counts the report’s own 初婚人数: a bride who moved to another township later stays in the month she married', async () => {
    // 城关镇: 5 first marriages in 2023-04, 1 in 2024-04 (fires). 东山镇: none in 2023-04, 5 in 2024-04 (does not fire).
    // Three of 城关镇's 2023 brides moved to 东山镇 in 2023-08: counted where they lived then (the old rule counted
    // them in 东山镇 now, so 城关镇 2 → 1 stayed under the base of 5 and 东山镇 looked like 3 → 5).
    const brides = [];
    for (let i = 0; i < 5; i++) brides.push(await f.addWoman(t.db, { village: w.villageA1.id, birth_date: '1999-01-01', marriage_date: '2023-04-08' }));
    for (const b of brides.slice(0, 3)) {
      await f.addTransfer(t.db, { woman: b, from: w.villageA1.id, to: w.villageB1.id, moved_on: '2023-08-01' });
    }
    await f.addWoman(t.db, { village: w.villageA2.id, birth_date: '1999-01-01', marriage_date: '2024-04-08' });
    for (let i = 0; i < 5; i++) await f.addWoman(t.db, { village: w.villageB1.id, birth_date: '1999-01-01', marriage_date: '2024-04-09' });

    const marriages = of(await run('2024-04'), 'first_marriages_drop');
    expect(marriages.map((x) => x.place.code)).toEqual([w.townshipA.code]);
    expect(marriages[0].message).toBe('初婚人数 1，比上年同月（2023年4月）的 5 下降 80%，超过 50%。');
    // The same figure as the report's 初婚人数 of the township for that month.
    const report = await computeReport(t.db, w.townshipA, { from: '2023-04-01', to: '2023-04-30' });
    expect(report.total.first_marriages).toBe(5);
  });

  it('a township sees only its own villages (the scope of the query)', async () => {
    const scopeA: Scope = { level: 'township', regionId: w.townshipA.id, code: w.townshipA.code };
    const v = await validate(t.db, scopeA, w.county, '2025-07');
    expect(of(v, 'procedure_age')).toEqual([]);
  });
});
