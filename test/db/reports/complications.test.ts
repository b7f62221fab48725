/**
 * 并发症统计 against hand-counted procedures (test/helpers/complication-fixtures.ts): every cell of both tables
 * and their 合计, the rate, the list behind a count with the county follow-up, scope; and a property: for any
 * set of procedures the 合计 of each table is the sum of its rows and the hand count of the set.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../../src/auth/actor.ts';
import { COMPLICATION, PROCEDURE_KIND, type Complication, type ProcedureKind } from '../../../src/domain/codes.ts';
import { NotFoundError, BadRequestError } from '../../../src/errors.ts';
import { complicationPeople, complicationsReport, type ComplicationsReport } from '../../../src/features/reports/service.ts';
import { addProcedure, Q1, seedComplications, type ComplicationScenario } from '../../helpers/complication-fixtures.ts';
import { useTestDatabase } from '../../helpers/db.ts';
import { makeUser, seedWorld, type World } from '../../helpers/fixtures.ts';
import * as f from '../../helpers/report-fixtures.ts';
import { actorFor, townshipClerks } from '../../helpers/women.ts';

/** The row's counts as one flat object (only the non-zero complication kinds), for exact comparisons. */
function flat(fig: ComplicationsReport['total']) {
  const kinds = Object.fromEntries(Object.entries(fig.byComplication).filter(([, n]) => n !== 0));
  return { procedures: fig.procedures, complicated: fig.complicated, serious: fig.serious, ...kinds, rate: fig.rate.value };
}

describe('complications report on hand-counted procedures', () => {
  const t = useTestDatabase();
  let w: World;
  let clerkA: Actor;
  let county: Actor;
  let s: ComplicationScenario;

  beforeAll(async () => {
    w = await seedWorld(t.db);
    ({ clerkA } = await townshipClerks(t.db, w));
    county = actorFor(await makeUser(t.db, { role: 'supervisor', regionId: w.county.id }), w.county);
    s = await seedComplications(t.db, w, clerkA);
  });

  it('counts every cell by procedure kind, with the 合计 and the ‰ rate', async () => {
    const r = await complicationsReport(t.db, county, { period: Q1 });
    expect(r.byKind.map((row) => row.kind)).toEqual(Object.keys(PROCEDURE_KIND));
    const row = (k: string) => flat(r.byKind.find((x) => x.kind === k)!.figures);
    expect(row('iud_insertion')).toEqual({ procedures: 2, complicated: 1, serious: 1, uterine_perforation: 1, rate: 500 });
    expect(row('surgical_abortion')).toEqual({ procedures: 3, complicated: 2, serious: 1, infection: 1, heavy_bleeding: 1, rate: 666.67 });
    expect(row('medical_abortion')).toEqual({ procedures: 1, complicated: 1, serious: 0, incomplete_abortion: 1, rate: 1000 });
    expect(row('female_sterilization')).toEqual({ procedures: 1, complicated: 1, serious: 0, haematoma: 1, rate: 1000 });
    expect(row('induced_labour')).toEqual({ procedures: 0, complicated: 0, serious: 0, rate: null });
    expect(flat(r.total)).toEqual({
      procedures: 7,
      complicated: 5,
      serious: 2,
      uterine_perforation: 1,
      infection: 1,
      incomplete_abortion: 1,
      haematoma: 1,
      heavy_bleeding: 1,
      rate: 714.29, // 5 / 7 × 1000
    });
    expect(r.total.rate.unit).toBe('‰');
  });

  it('counts by township for the county and by village for a township', async () => {
    const c = await complicationsReport(t.db, county, { period: Q1 });
    expect(c.byRegion.map((x) => [x.region.code, x.figures.procedures, x.figures.complicated, x.figures.serious])).toEqual([
      [w.townshipA.code, 4, 3, 1],
      [w.townshipB.code, 3, 2, 1],
    ]);
    expect([c.regionTotal.procedures, c.regionTotal.complicated, c.regionTotal.serious]).toEqual([7, 5, 2]);
    const a = await complicationsReport(t.db, clerkA, { period: Q1 });
    expect(a.region.code).toBe(w.townshipA.code);
    expect(a.byRegion.map((x) => [x.region.code, x.figures.procedures, x.figures.complicated, x.figures.serious])).toEqual([
      [w.villageA1.code, 2, 2, 1],
      [w.villageA2.code, 2, 1, 0],
    ]);
    expect(flat(a.total)).toMatchObject({ procedures: 4, complicated: 3, serious: 1 });
  });

  it('moves with the period: the day before and the day after are counted in their own periods', async () => {
    const dec = await complicationsReport(t.db, county, { period: { from: '2025-12-31', to: '2025-12-31' } });
    expect(flat(dec.total)).toEqual({ procedures: 1, complicated: 1, serious: 0, infection: 1, rate: 1000 });
    const apr = await complicationsReport(t.db, county, { period: { from: '2026-04-01', to: '2026-04-30' } });
    expect(flat(apr.total)).toEqual({ procedures: 1, complicated: 1, serious: 1, uterine_perforation: 1, rate: 1000 });
  });

  it('lists a serious one with her county follow-up: open (planned by the schedule) or done', async () => {
    const l = await complicationPeople(t.db, county, { period: Q1, filter: { serious: true }, today: '2026-04-10' });
    expect(l.total).toBe(2);
    expect(l.rows.map((r) => [r.woman_name, r.village_code, r.performed_on, r.kindLabel, r.complicationLabel, r.facility, r.countyFollowUp])).toEqual([
      ['王秀英', w.villageA1.code, '2026-01-15', '放置宫内节育器(上环)', '子宫穿孔', '城关镇计生服务站', { status: 'overdue', text: '逾期未随访（应于 2026-02-15）' }],
      ['孙梅', w.villageB1.code, '2026-02-20', '人工流产', '大出血', '东山镇卫生院', { status: 'done', text: '已随访（2026-03-22）' }],
    ]);
    expect(l.rows[0]!.service_id).toBe(s.wangService);
    // A not-serious complication has no follow-up column.
    const inf = await complicationPeople(t.db, county, { period: Q1, filter: { kind: 'surgical_abortion', complication: 'infection', serious: false }, today: '2026-04-10' });
    expect(inf.rows.map((r) => [r.woman_name, r.countyFollowUp])).toEqual([['赵红', undefined]]);
  });

  it('keeps a township to its own villages: another township is not found, and its lists hold only its own', async () => {
    await expect(complicationsReport(t.db, clerkA, { region: w.townshipB.code, period: Q1 })).rejects.toBeInstanceOf(NotFoundError);
    await expect(complicationPeople(t.db, clerkA, { region: w.villageB1.code, period: Q1, filter: { serious: false }, today: '2026-04-10' })).rejects.toBeInstanceOf(NotFoundError);
    const all = await complicationPeople(t.db, clerkA, { period: Q1, filter: { complication: 'any', serious: false }, today: '2026-04-10' });
    expect(all.rows.map((r) => r.woman_name).sort()).toEqual(['王秀英', '赵红', '钱丽'].sort());
    await expect(complicationsReport(t.db, county, { period: { from: '2026-04-01', to: '2026-03-01' } })).rejects.toBeInstanceOf(BadRequestError);
  });
});

const KINDS = Object.keys(PROCEDURE_KIND) as ProcedureKind[];
const COMPLICATIONS = Object.keys(COMPLICATION) as Complication[];

describe('complications report: the 合计 is the sum of the rows for any set of procedures', () => {
  const t = useTestDatabase();
  let w: World;
  let county: Actor;
  let women: number[];

  beforeAll(async () => {
    w = await seedWorld(t.db);
    county = actorFor(await makeUser(t.db, { role: 'supervisor', regionId: w.county.id }), w.county);
    women = [await f.addWoman(t.db, { village: w.villageA1.id, birth_date: '1990-01-01' }), await f.addWoman(t.db, { village: w.villageB1.id, birth_date: '1991-01-01' })];
  });

  const procedure = fc.record({
    village: fc.integer({ min: 0, max: 2 }),
    kind: fc.constantFrom(...KINDS),
    complication: fc.constantFrom(...COMPLICATIONS),
    serious: fc.boolean(),
    day: fc.integer({ min: 1, max: 28 }),
  });

  it('holds for random procedure sets (both tables, against a hand count of the set)', async () => {
    const villages = [w.villageA1.id, w.villageA2.id, w.villageB1.id];
    await fc.assert(
      fc.asyncProperty(fc.array(procedure, { maxLength: 30 }), async (set) => {
        await t.db('services').del();
        for (const p of set) {
          await addProcedure(t.db, {
            woman: women[p.village === 2 ? 1 : 0]!,
            village: villages[p.village]!,
            kind: p.kind,
            performed_on: `2024-02-${String(p.day).padStart(2, '0')}`,
            complication: p.complication,
            serious: p.serious && p.complication !== 'none',
          });
        }
        const r = await complicationsReport(t.db, county, { period: { from: '2024-02-01', to: '2024-02-29' } });
        const sum = (rows: { figures: ComplicationsReport['total'] }[]) => ({
          procedures: rows.reduce((a, x) => a + x.figures.procedures, 0),
          complicated: rows.reduce((a, x) => a + x.figures.complicated, 0),
          serious: rows.reduce((a, x) => a + x.figures.serious, 0),
          byComplication: Object.fromEntries(COMPLICATIONS.filter((c) => c !== 'none').map((c) => [c, rows.reduce((a, x) => a + x.figures.byComplication[c]!, 0)])),
        });
        const hand = {
          procedures: set.length,
          complicated: set.filter((p) => p.complication !== 'none').length,
          serious: set.filter((p) => p.serious && p.complication !== 'none').length,
          byComplication: Object.fromEntries(COMPLICATIONS.filter((c) => c !== 'none').map((c) => [c, set.filter((p) => p.complication === c).length])),
        };
        const total = { procedures: r.total.procedures, complicated: r.total.complicated, serious: r.total.serious, byComplication: r.total.byComplication };
        expect(sum(r.byKind)).toEqual(total);
        const byRegion = sum(r.byRegion);
        expect([byRegion.procedures, byRegion.complicated, byRegion.serious]).toEqual([total.procedures, total.complicated, total.serious]);
        expect(total).toEqual(hand);
        expect([r.regionTotal.procedures, r.regionTotal.complicated, r.regionTotal.serious]).toEqual([hand.procedures, hand.complicated, hand.serious]);
        expect(r.total.rate.value).toBe(set.length === 0 ? null : Math.round((hand.complicated / hand.procedures) * 100000) / 100);
      }),
      { numRuns: 25, seed: 20261205 },
    );
  });
});
