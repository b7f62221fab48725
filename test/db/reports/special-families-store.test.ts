/**
 * The stored 特别扶助-eligible couples (issue 19: at city scale the largest live part of a county's report) against
 * the live source SQL: random families written as rows (mothers turning 49 inside the window, a child who died or
 * is disabled at a random grade, files opened and closed, a second child, exits, the programs' ages changed), then
 * on random days and month ends the report's figures (from the stored changes) equal the live SQL's, per township.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { specialFamiliesSource } from '../../../src/features/reports/engine/special-families-sources.ts';
import { allCounts, countSource, type RowMapping } from '../../../src/features/reports/engine/queries.ts';
import { seedSubsidies } from '../../../seeds/subsidies.ts';
import { useTestDatabase } from '../../helpers/db.ts';
import { seedWorld, type World } from '../../helpers/fixtures.ts';
import { SEED } from '../../helpers/generative.ts';
import { insertChild, insertWoman } from '../../helpers/subsidy-fixtures.ts';

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
});
