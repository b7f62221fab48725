/**
 * Roll-ups above the county (issue 19 §1): a city report has the city's counties as rows and a province report its
 * cities, and a roll-up is the sum of its parts — every count of the city's total equals the sum of the same count
 * over its counties' reports computed alone, and likewise the province's over its cities. A fast-check property
 * checks it on random records spread over the villages of two cities.
 */
import fc from 'fast-check';
import type { Knex } from 'knex';
import { describe, expect, it } from 'vitest';
import { COUNT_KEYS, countsOf, type Counts } from '../../../src/domain/indicators.ts';
import { monthPeriod } from '../../../src/domain/report-periods.ts';
import { computeReport } from '../../../src/features/reports/service.ts';
import type { RegionRow } from '../../../src/features/regions/service.ts';
import { addCityRecords, seedCityWorld, type CityWorld } from '../../helpers/city-fixtures.ts';
import { useTestDatabase, withRollback } from '../../helpers/db.ts';
import { SEED } from '../../helpers/generative.ts';
import * as f from '../../helpers/report-fixtures.ts';

const MARCH = monthPeriod('2026-03');

async function totalOf(db: Knex, region: RegionRow): Promise<Counts> {
  return countsOf((await computeReport(db, region, MARCH)).total);
}

function sum(parts: Counts[]): Record<string, number> {
  return Object.fromEntries(COUNT_KEYS.map((k) => [k, parts.reduce((s, c) => s + c[k], 0)]));
}

function only(c: Counts): Record<string, number> {
  return Object.fromEntries(COUNT_KEYS.map((k) => [k, c[k]]));
}

describe('roll-up reports of a city and a province', () => {
  const t = useTestDatabase();

  it('a city report has its counties as rows; its total is the sum of the counties’ reports computed alone', () =>
    withRollback(t.db, async (db) => {
      const w = await seedCityWorld(db);
      await addCityRecords(db, w);
      const city = await computeReport(db, w.city, MARCH);
      expect(city.rowLevel).toBe('county');
      expect(city.rows.map((r) => r.region.name)).toEqual(['示例县', '乙县']);
      const [a, b] = [await computeReport(db, w.countyA, MARCH), await computeReport(db, w.countyB, MARCH)];
      // Each row is that county's own total.
      expect(only(countsOf(city.rows[0].figures))).toEqual(only(countsOf(a.total)));
      expect(only(countsOf(city.rows[1].figures))).toEqual(only(countsOf(b.total)));
      expect(only(countsOf(city.total))).toEqual(sum([countsOf(a.total), countsOf(b.total)]));
      // Hand-counted: 4 births in 示例县, 3 in 乙县 (丙县's 4 are another city's).
      expect([a.total.births, b.total.births, city.total.births]).toEqual([4, 3, 7]);
      expect(city.total.population_end).toBe(1000 + 600 + 900 + 1200);
    }));

  it('a province report has its cities as rows and sums them', () =>
    withRollback(t.db, async (db) => {
      const w = await seedCityWorld(db);
      await addCityRecords(db, w);
      const province = await computeReport(db, w.province, MARCH);
      expect(province.rowLevel).toBe('city');
      expect(province.rows.map((r) => r.region.code)).toEqual(['9901', '9902']);
      expect(only(countsOf(province.total))).toEqual(sum([await totalOf(db, w.city), await totalOf(db, w.otherCity)]));
      expect(province.total.births).toBe(11);
    }));

  it('property: for random records, every count of the city is the sum over its counties, the province over its cities', async () => {
    const villages = (w: CityWorld) => [w.villageA1, w.villageA2, w.villageB1, w.villageBB, w.villageCC];
    const record = fc.record({ village: fc.integer({ min: 0, max: 4 }), day: fc.integer({ min: 1, max: 28 }), kind: fc.constantFrom('birth', 'iud', 'population') });
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(record, { minLength: 1, maxLength: 12 }), async (records) => {
        runs += 1;
        await withRollback(t.db, async (db) => {
          const w = await seedCityWorld(db);
          for (const [i, r] of records.entries()) {
            const v = villages(w)[r.village];
            const day = `2026-03-${String(r.day).padStart(2, '0')}`;
            if (r.kind === 'population') {
              await db('population_figures').where({ region_id: v.id, month: '2026-03-01' }).del();
              await f.addPopulation(db, v.id, '2026-03', 100 + i, i % 3);
              continue;
            }
            const woman = await f.addWoman(db, { village: v.id, birth_date: '1992-06-06', marriage_date: '2015-01-01', created_on: '2025-06-01' });
            if (r.kind === 'birth') await f.addChild(db, { woman, village: v.id, birth_date: day, sex: i % 2 ? 'male' : 'female', order: 1 + (i % 3) });
            else {
              await f.addEpisode(db, { woman, village: v.id, method: 'iud', started_on: day });
              await f.addService(db, { woman, village: v.id, kind: 'iud_insertion', performed_on: day });
            }
          }
          // One after another: a transaction has one connection.
          const totals: Counts[] = [];
          for (const r of [w.city, w.countyA, w.countyB, w.otherCity, w.province]) totals.push(await totalOf(db, r));
          const [city, a, b, other, province] = totals;
          expect(only(city)).toEqual(sum([a, b]));
          expect(only(province)).toEqual(sum([city, other]));
        });
      }),
      { numRuns: 6, seed: SEED },
    );
    expect(runs).toBe(6);
  }, 240_000);
});
