/**
 * The report's population figures (entered aggregates per village and month) against the rule written out in
 * TypeScript: per village the latest 期末总人口 up to the end's month, averaged with the latest before the start's
 * month when there is one; deaths summed over the range's months; summed into township rows and village rows.
 * Random entries (gaps, a village without any, months before and after the range) and random ranges, some
 * starting or ending mid-month.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addMonthsToMonth, monthOf } from '../../../src/domain/dates.ts';
import { populationCounts, type RowMapping } from '../../../src/features/reports/engine/queries.ts';
import { useTestDatabase, withRollback } from '../../helpers/db.ts';
import { seedWorld } from '../../helpers/fixtures.ts';
import { SEED } from '../../helpers/generative.ts';

const FIRST = '2025-01';
const monthAt = (i: number) => addMonthsToMonth(FIRST, i);
const entry = fc.record({ village: fc.integer({ min: 0, max: 2 }), month: fc.integer({ min: 0, max: 23 }), population: fc.integer({ min: 0, max: 5000 }), deaths: fc.integer({ min: 0, max: 9 }) });
const day = fc.record({ month: fc.integer({ min: 0, max: 23 }), day: fc.constantFrom('01', '15', '28') });

interface Entry {
  village: number;
  month: string;
  population: number;
  deaths: number;
}

/** The rule per village: population (average or latest), population_end and deaths; undefined values count 0. */
function expected(entries: Entry[], village: number, from: string, to: string) {
  const own = entries.filter((e) => e.village === village).sort((a, b) => (a.month < b.month ? 1 : -1));
  const end = own.find((e) => e.month <= monthOf(to));
  const before = own.find((e) => e.month < monthOf(from));
  const population = end === undefined ? 0 : before === undefined ? end.population : (before.population + end.population) / 2;
  const deaths = own.filter((e) => e.month >= monthOf(from) && e.month <= monthOf(to)).reduce((s, e) => s + e.deaths, 0);
  return { population, population_end: end?.population ?? 0, deaths };
}

describe('population figures of a report', () => {
  const t = useTestDatabase();

  it('equal the rule for random entries and ranges, by township and by village', async () => {
    let averaged = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(entry, { maxLength: 30 }), fc.array(fc.tuple(day, day), { minLength: 1, maxLength: 4 }), (raw, ranges) =>
        withRollback(t.db, async (db) => {
          const w = await seedWorld(db);
          const villages = [w.villageA1, w.villageA2, w.villageB1];
          // One entry per village and month (the table's unique key): the last drawn wins.
          const byKey = new Map(raw.map((e) => [`${e.village}|${e.month}`, { village: e.village, month: monthAt(e.month), population: e.population, deaths: e.deaths }]));
          const entries = [...byKey.values()];
          if (entries.length > 0)
            await db('population_figures').insert(entries.map((e) => ({ region_id: villages[e.village]!.id, month: `${e.month}-01`, population_end: e.population, deaths: e.deaths })));
          for (const [a, b] of ranges) {
            const [x, y] = [`${monthAt(a.month)}-${a.day}`, `${monthAt(b.month)}-${b.day}`].sort();
            const [from, to] = [x!, y!];
            const rule = villages.map((_, i) => expected(entries, i, from, to));
            averaged += rule.filter((r, i) => r.population !== entries.find((e) => e.village === i && e.month <= monthOf(to))?.population).length;
            const county: RowMapping = { prefix: '990100', rowLevel: 'township' };
            const byTownship = new Map((await populationCounts(db, { from, to }, county)).map((r) => [r.row_id, r]));
            const add = (ids: number[], k: 'population' | 'population_end' | 'deaths') => ids.reduce((s, i) => s + rule[i]![k], 0);
            for (const [township, ids] of [
              [w.townshipA.id, [0, 1]],
              [w.townshipB.id, [2]],
            ] as const) {
              const row = byTownship.get(township);
              expect({ from, to, township, population: Number(row?.population ?? 0), population_end: row?.population_end ?? 0, deaths: row?.deaths ?? 0 }).toEqual({
                from,
                to,
                township,
                population: add([...ids], 'population'),
                population_end: add([...ids], 'population_end'),
                deaths: add([...ids], 'deaths'),
              });
            }
            const byVillage = new Map((await populationCounts(db, { from, to }, { prefix: '990100001', rowLevel: 'village' })).map((r) => [r.row_id, r]));
            expect(byVillage.has(w.villageB1.id)).toBe(false);
            for (const i of [0, 1]) expect(Number(byVillage.get(villages[i]!.id)?.population ?? 0)).toBe(rule[i]!.population);
          }
        }),
      ),
      { seed: SEED, numRuns: 40 },
    );
    // The average is taken (the latest before the start differs from the end's) in some villages of some ranges.
    expect(averaged).toBeGreaterThan(10);
  }, 120_000);
});
