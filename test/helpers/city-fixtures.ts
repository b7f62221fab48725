/**
 * A province deployment for the levels above the county (issue 19 §1): province 99 示例省 → city 9901 示例市 with two
 * counties (990100 示例县, the world of fixtures.ts, and 990101 乙县), and a second city 9902 丙市 with county 990201
 * 丙县. Inserted through the same services the app uses; records through report-fixtures.ts.
 */
import type { Knex } from 'knex';
import { createRegion, type RegionRow } from '../../src/features/regions/service.ts';
import * as f from './report-fixtures.ts';

export interface CityWorld {
  province: RegionRow;
  city: RegionRow;
  otherCity: RegionRow;
  countyA: RegionRow;
  countyB: RegionRow;
  countyC: RegionRow;
  /** Townships: A and B of 示例县 (as in fixtures.ts), one of 乙县 and one of 丙县. */
  townshipA: RegionRow;
  townshipB: RegionRow;
  townshipB1: RegionRow;
  townshipC1: RegionRow;
  villageA1: RegionRow;
  villageA2: RegionRow;
  villageB1: RegionRow;
  villageBB: RegionRow;
  villageCC: RegionRow;
}

export async function seedCityWorld(db: Knex): Promise<CityWorld> {
  const make = (code: string, name: string) => createRegion(db, null, { code, name });
  const province = await make('99', '示例省');
  const city = await make('9901', '示例市');
  const otherCity = await make('9902', '丙市');
  const countyA = await make('990100', '示例县');
  const countyB = await make('990101', '乙县');
  const countyC = await make('990201', '丙县');
  const townshipA = await make('990100001', '城关镇');
  const townshipB = await make('990100002', '东山镇');
  const townshipB1 = await make('990101001', '乙县城关镇');
  const townshipC1 = await make('990201001', '丙县城关镇');
  const villageA1 = await make('990100001001', '东街村');
  const villageA2 = await make('990100001002', '西街村');
  const villageB1 = await make('990100002001', '上河村');
  const villageBB = await make('990101001001', '乙村');
  const villageCC = await make('990201001001', '丙村');
  return { province, city, otherCity, countyA, countyB, countyC, townshipA, townshipB, townshipB1, townshipC1, villageA1, villageA2, villageB1, villageBB, villageCC };
}

/** Births, a procedure, methods and population figures in March 2026 in every county, different in each. */
export async function addCityRecords(db: Knex, w: CityWorld): Promise<void> {
  const plan: [RegionRow, number, number][] = [
    [w.villageA1, 2, 1000],
    [w.villageA2, 1, 600],
    [w.villageB1, 1, 900],
    [w.villageBB, 3, 1200],
    [w.villageCC, 4, 700],
  ];
  for (const [village, births, population] of plan) {
    for (let i = 0; i < births; i++) {
      const woman = await f.addWoman(db, { village: village.id, birth_date: '1993-02-02', marriage_date: '2016-05-01', created_on: '2025-01-01' });
      await f.addChild(db, {
        woman,
        village: village.id,
        birth_date: `2026-03-${String(10 + i).padStart(2, '0')}`,
        sex: i % 2 ? 'female' : 'male',
        order: i === 2 ? 3 : 1,
        ...(i === 2 ? { policy: 'non_compliant' as const } : {}),
      });
      if (i === 0) {
        await f.addEpisode(db, { woman, village: village.id, method: 'iud', started_on: '2026-03-20' });
        await f.addService(db, { woman, village: village.id, kind: 'iud_insertion', performed_on: '2026-03-20' });
      }
    }
    await f.addPopulation(db, village.id, '2026-03', population, births % 2);
  }
}
