/**
 * The stored 特别扶助-eligible couples (issue 19: at city scale the largest live part of a county's report) against
 * the live source SQL: random families written as rows (mothers turning 49 inside the window, a child who died or
 * is disabled at a random grade, files opened and closed, a second child, exits, the programs' ages changed), then
 * on random days and month ends the report's figures (from the stored changes) equal the live SQL's, per township.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { specialFamiliesSource, specialFamilyCareSource } from '../../../src/features/reports/engine/special-families-sources.ts';
import { allCounts, countSource, type RowMapping } from '../../../src/features/reports/engine/queries.ts';
import { seedSubsidies } from '../../../seeds/subsidies.ts';
import { useTestDatabase } from '../../helpers/db.ts';
import { seedWorld, type World } from '../../helpers/fixtures.ts';
import { SEED } from '../../helpers/generative.ts';
import { insertChild, insertWoman } from '../../helpers/subsidy-fixtures.ts';
import { monthPeriod } from '../../../src/domain/report-periods.ts';

/** A day from 2024-01-01 to 2026-11-30. */
const date = fc.integer({ min: 0, max: 1064 }).map((d) => new Date(Date.UTC(2024, 0, 1) + d * 86_400_000).toISOString().slice(0, 10));
/** Mothers turning 45, 49 or 50 inside the window (one born on 29 February), one long past it, one far from it. */
const birth = fc.constantFrom('1976-05-20', '1975-12-31', '1976-02-29', '1980-02-29', '1979-07-01', '1970-04-01', '1990-01-10');

const op = fc.oneof(
  { weight: 4, arbitrary: fc.record({ k: fc.constant('family' as const), village: fc.constantFrom('A1', 'A2', 'B1'), birth, dead: fc.boolean(), grade: fc.integer({ min: 1, max: 4 }), on: date }) },
  { weight: 3, arbitrary: fc.record({ k: fc.constant('file' as const), who: fc.nat(), on: date, days: fc.option(fc.integer({ min: 1, max: 400 })) }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('second_child' as const), who: fc.nat(), on: date }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('exit' as const), who: fc.nat(), on: date, reason: fc.constantFrom('deceased', 'moved_out', 'over_age') }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('ages' as const), program: fc.constantFrom('special_assistance_death', 'special_assistance_disability'), age: fc.constantFrom(45, 49, 50) }) },
);
type Op = typeof op extends fc.Arbitrary<infer T> ? T : never;

const plus = (d: string, days: number) => new Date(Date.parse(`${d}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

interface Pair {
  special_families_eligible: number;
  special_families_filed: number;
}

function byRow(rows: Iterable<[number, Partial<Record<string, number>>]>): Record<number, Pair> {
  const out: Record<number, Pair> = {};
  for (const [id, f] of rows) {
    const pair = { special_families_eligible: f.special_families_eligible ?? 0, special_families_filed: f.special_families_filed ?? 0 };
    if (pair.special_families_eligible + pair.special_families_filed > 0) out[id] = pair;
  }
  return out;
}

describe('the stored 特别扶助-eligible couples equal the live source SQL', () => {
  const t = useTestDatabase();
  let w: World;
  const county: RowMapping = { prefix: '990100', rowLevel: 'township' };
  const women: { id: number; village: number }[] = [];

  beforeAll(async () => {
    w = await seedWorld(t.db);
    await seedSubsidies(t.db);
  });

  async function apply(o: Op): Promise<void> {
    if (o.k === 'family') {
      const village = { A1: w.villageA1, A2: w.villageA2, B1: w.villageB1 }[o.village].id;
      const woman = await insertWoman(t.db, { regionId: village, birthDate: o.birth, status: 'active', name: '失独甲' });
      await insertChild(t.db, woman, village, {
        birthDate: '1998-03-01',
        vitalStatus: o.dead ? 'deceased' : 'disabled',
        deathDate: o.dead ? o.on : null,
        disabilityGrade: o.dead ? null : o.grade,
      });
      women.push({ id: woman.id, village });
      return;
    }
    if (o.k === 'ages') {
      await t
        .db('subsidy_programs')
        .where({ code: o.program })
        .update({ params: t.db.raw(`jsonb_set(params, '{mother_min_age}', to_jsonb(?::int))`, [o.age]) });
      return;
    }
    if (women.length === 0) return;
    const woman = women[o.who % women.length]!;
    if (o.k === 'file') {
      // One open file per woman: close the open one first, on the new file's day.
      const open = await t.db('special_family_files').where({ woman_id: woman.id }).whereNull('closed_on').first('id', 'opened_on');
      if (open && open.opened_on >= o.on) return;
      if (open) await t.db('special_family_files').where({ id: open.id }).update({ closed_on: o.on, close_reason: 'other' });
      await t.db('special_family_files').insert({
        woman_id: woman.id,
        kind: 'loss',
        opened_on: o.on,
        husband_name: '丈夫',
        ...(o.days === null ? {} : { closed_on: plus(o.on, o.days), close_reason: 'not_special' as const }),
      });
      return;
    }
    if (o.k === 'second_child') {
      await insertChild(t.db, woman, woman.village, { birthDate: o.on, birthOrder: 2, name: '二孩' });
      return;
    }
    await t.db('women').where({ id: woman.id }).whereNull('exit_date').update({ status: 'exited', exit_reason: o.reason, exit_date: o.on });
  }

  it('on random days and month ends, per township, for random families and program ages', async () => {
    let compared = 0;
    let eligibleSeen = 0;
    let filedSeen = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 2, maxLength: 8 }), fc.array(date, { minLength: 4, maxLength: 8 }), async (ops, days) => {
        for (const o of ops) await apply(o);
        const ends = ['2024-02-29', '2025-05-31', '2025-12-31', '2026-11-30'];
        for (const day of [...days, ...ends]) {
          const stored = await allCounts(t.db, { from: day, to: day }, county);
          const live = await countSource(t.db, specialFamiliesSource({ from: day, to: day }), county);
          const want = byRow(live.map(({ row_id, ...f }) => [row_id!, f]));
          expect({ day, rows: byRow(stored) }).toEqual({ day, rows: want });
          compared++;
          for (const p of Object.values(want)) {
            eligibleSeen += p.special_families_eligible;
            filedSeen += p.special_families_filed;
          }
        }
      }),
      { seed: SEED, numRuns: 15 },
    );
    console.info(`stored 特扶 couples: ${compared} days compared, ${eligibleSeen} eligible and ${filedSeen} filed couple-days`);
    expect(eligibleSeen).toBeGreaterThan(50);
    expect(filedSeen).toBeGreaterThan(10);
  }, 240_000);

  /** Care records, moves and schedule changes on top of the families and files above (落实率, issue 19). */
  const careOp = fc.oneof(
    { weight: 2, arbitrary: fc.record({ k: fc.constant('file' as const), who: fc.nat(), on: date, days: fc.option(fc.integer({ min: 20, max: 700 })) }) },
    {
      weight: 6,
      arbitrary: fc.record({ k: fc.constant('care' as const), who: fc.nat(), on: date, mode: fc.constantFrom('visit' as const, 'phone' as const), months: fc.integer({ min: 1, max: 4 }) }),
    },
    { weight: 1, arbitrary: fc.record({ k: fc.constant('uncare' as const), who: fc.nat() }) },
    { weight: 2, arbitrary: fc.record({ k: fc.constant('move' as const), who: fc.nat(), on: date, to: fc.constantFrom('A1', 'A2', 'B1') }) },
    {
      weight: 2,
      arbitrary: fc.record({
        k: fc.constant('schedule' as const),
        monthly: fc.constantFrom('any' as const, 'visit' as const, 'none' as const),
        clear: fc.boolean(),
        window: fc.option(date, { freq: 2 }),
      }),
    },
  );
  type CareOp = typeof careOp extends fc.Arbitrary<infer T> ? T : never;

  async function applyCare(o: CareOp): Promise<void> {
    if (o.k === 'schedule') {
      // The schedule is reference data: the festival windows cleared, a window of 10 days added, the monthly
      // contact's mode changed or removed.
      if (o.clear) await t.db('special_family_care_rules').where({ kind: 'window' }).delete();
      if (o.window !== null)
        await t.db('special_family_care_rules').insert({ code: `w_${o.window}_${Math.random()}`, label: '测试窗口', kind: 'window', mode: 'visit', from_date: o.window, to_date: plus(o.window, 10) });
      await t.db('special_family_care_rules').where({ kind: 'monthly' }).delete();
      if (o.monthly !== 'none') await t.db('special_family_care_rules').insert({ code: 'monthly_contact', label: '每月联系', kind: 'monthly', mode: o.monthly });
      return;
    }
    if (o.k === 'file') return apply(o);
    if (women.length === 0) return;
    const woman = women[o.who % women.length]!;
    if (o.k === 'move') {
      const to = { A1: w.villageA1, A2: w.villageA2, B1: w.villageB1 }[o.to].id;
      const from = (await t.db('women').where({ id: woman.id }).first('region_id'))!.region_id as number;
      if (from === to) return;
      await t.db('transfers').insert({ woman_id: woman.id, from_region_id: from, to_region_id: to, status: 'accepted', moved_on: o.on });
      await t.db('women').where({ id: woman.id }).update({ region_id: to });
      return;
    }
    const files = await t.db('special_family_files').where({ woman_id: woman.id }).orderBy('id').select('id');
    if (files.length === 0) return;
    const file = files[o.who % files.length]!.id as number;
    if (o.k === 'uncare') {
      const first = await t.db('special_family_care').where({ file_id: file }).orderBy('id').first('id');
      if (first) await t.db('special_family_care').where({ id: first.id }).delete();
      return;
    }
    // A contact every month for a few months from the day (a family cared for, then forgotten).
    for (let i = 0; i < o.months; i++)
      await t.db('special_family_care').insert({ file_id: file, cared_on: plus(o.on, i * 31), carer: '乡干部张', kind: 'emotional', mode: o.mode, content: '走访慰问' });
  }

  it('特扶 落实率 of calendar months from the store equals the live SQL, per township, through care records, moves and schedule changes', async () => {
    let compared = 0;
    let openSeen = 0;
    let caredSeen = 0;
    const original = await t.db('special_family_care_rules').select('code', 'label', 'kind', 'mode', 'from_date', 'to_date');
    // Every month of the window and two after it (a file's state after its last record persists).
    const months = Array.from({ length: 38 }, (_v, i) => `${2024 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`);
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 4 }), fc.array(careOp, { minLength: 3, maxLength: 12 }), async (families, ops) => {
        for (const o of families) await apply(o);
        for (const o of ops) await applyCare(o);
        for (const month of months) {
          const period = monthPeriod(month);
          const stored = await allCounts(t.db, period, county);
          const live = await countSource(t.db, specialFamilyCareSource(period), county);
          const pick = (rows: Iterable<[number, Partial<Record<string, number>>]>) => {
            const out: Record<number, [number, number]> = {};
            for (const [id, f] of rows) if ((f.special_families_open ?? 0) > 0) out[id] = [f.special_families_open ?? 0, f.special_families_cared ?? 0];
            return out;
          };
          const want = pick(live.map(({ row_id, ...f }) => [row_id!, f]));
          expect({ month, rows: pick(stored) }).toEqual({ month, rows: want });
          compared++;
          for (const [open, cared] of Object.values(want)) {
            openSeen += open;
            caredSeen += cared;
          }
        }
      }),
      { seed: SEED, numRuns: 15 },
    );
    await t.db('special_family_care_rules').delete();
    await t.db('special_family_care_rules').insert(original);
    console.info(`stored 特扶 落实率: ${compared} months compared, ${openSeen} open and ${caredSeen} cared file-months`);
    expect(openSeen).toBeGreaterThan(30);
    expect(caredSeen).toBeGreaterThan(5);
  }, 240_000);
});

/**
 * 落实率 from the store on a worked example: the schedule (a monthly contact and one festival window in April 2024)
 * lies before the care records, so an open file's months after its last record, move and window are all alike —
 * and the store must have judged every month up to there.
 */
describe('the stored 特扶 落实率, worked example', () => {
  const t = useTestDatabase();
  const county: RowMapping = { prefix: '990100', rowLevel: 'township' };
  const months = Array.from({ length: 24 }, (_v, i) => `${2024 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`);
  let w: World;

  beforeAll(async () => {
    w = await seedWorld(t.db);
  });

  /** Per month, per township: [open, cared] from the store, after checking it equals the live SQL. */
  async function storedMonths(): Promise<Record<string, Record<number, [number, number]>>> {
    const out: Record<string, Record<number, [number, number]>> = {};
    for (const month of months) {
      const period = monthPeriod(month);
      const pick = (rows: Iterable<[number, Partial<Record<string, number>>]>) => {
        const byRow: Record<number, [number, number]> = {};
        for (const [id, f] of rows) if ((f.special_families_open ?? 0) > 0) byRow[id] = [f.special_families_open ?? 0, f.special_families_cared ?? 0];
        return byRow;
      };
      const stored = pick(await allCounts(t.db, period, county));
      const live = pick((await countSource(t.db, specialFamilyCareSource(period), county)).map(({ row_id, ...f }) => [row_id!, f]));
      expect({ month, stored }).toEqual({ month, stored: live });
      out[month] = stored;
    }
    return out;
  }

  it('cared months, a move and the schedule changed: every month as the live SQL says', async () => {
    await t.db('special_family_care_rules').where({ kind: 'window' }).delete();
    await t.db('special_family_care_rules').insert({ code: 'april_2024', label: '测试窗口', kind: 'window', mode: 'visit', from_date: '2024-04-01', to_date: '2024-04-11' });
    const file = async (village: number, opened: string) => {
      const woman = await insertWoman(t.db, { regionId: village, birthDate: '1970-01-01', status: 'active' });
      const [f] = await t.db('special_family_files').insert({ woman_id: woman.id, kind: 'loss', opened_on: opened, husband_name: '丈夫' }).returning('id');
      return { woman: woman.id, file: f.id as number };
    };
    const care = (fileId: number, on: string, mode: 'visit' | 'phone') =>
      t.db('special_family_care').insert({ file_id: fileId, cared_on: on, carer: '乡干部张', kind: 'emotional', mode, content: '走访慰问' });
    // 东街村: cared in August 2024 only, long after the window.
    const late = await file(w.villageA1.id, '2024-03-01');
    await care(late.file, '2024-08-08', 'phone');
    // 上河村: never cared for, moved to 西街村 in October 2024.
    const mover = await file(w.villageB1.id, '2024-02-01');
    await t.db('transfers').insert({ woman_id: mover.woman, from_region_id: w.villageB1.id, to_region_id: w.villageA2.id, status: 'accepted', moved_on: '2024-10-20' });
    await t.db('women').where({ id: mover.woman }).update({ region_id: w.villageA2.id });
    // 东街村: opened before the window, nothing since.
    await file(w.villageA1.id, '2024-01-10');

    const a = w.townshipA.id;
    const b = w.townshipB.id;
    const first = await storedMonths();
    expect(first['2024-01']).toEqual({ [a]: [1, 0] });
    expect(first['2024-07']).toEqual({ [a]: [2, 0], [b]: [1, 0] });
    expect(first['2024-08']).toEqual({ [a]: [2, 1], [b]: [1, 0] });
    expect(first['2024-09']).toEqual({ [a]: [2, 0], [b]: [1, 0] });
    expect(first['2024-10']).toEqual({ [a]: [3, 0] });
    expect(first['2025-12']).toEqual({ [a]: [3, 0] });

    // No monthly contact any more: every month is met but the window's, which neither had a visit in.
    await t.db('special_family_care_rules').where({ kind: 'monthly' }).delete();
    const second = await storedMonths();
    expect(second['2024-03']).toEqual({ [a]: [2, 2], [b]: [1, 1] });
    expect(second['2024-04']).toEqual({ [a]: [2, 0], [b]: [1, 0] });
    expect(second['2024-05']).toEqual({ [a]: [2, 2], [b]: [1, 1] });
    expect(second['2025-12']).toEqual({ [a]: [3, 3] });
  });
});
