/**
 * Small worlds for tests: a county with two townships (A and B) and their villages, and users in them.
 * Inserted through the same services the app uses.
 */
import type { Knex } from 'knex';
import type { Role } from '../../src/domain/codes.ts';
import { createUser } from '../../src/features/accounts/service.ts';
import { createRegion, type RegionRow } from '../../src/features/regions/service.ts';
import { testHasher } from './app.ts';

export const PASSWORD = 'Correct-Horse-9';

export interface World {
  county: RegionRow;
  townshipA: RegionRow;
  townshipB: RegionRow;
  villageA1: RegionRow;
  villageA2: RegionRow;
  villageB1: RegionRow;
}

export async function seedWorld(db: Knex): Promise<World> {
  const county = await createRegion(db, null, { code: '990100', name: '示例县' });
  const townshipA = await createRegion(db, null, { code: '990100001', name: '城关镇' });
  const townshipB = await createRegion(db, null, { code: '990100002', name: '东山镇' });
  const villageA1 = await createRegion(db, null, { code: '990100001001', name: '东街村' });
  const villageA2 = await createRegion(db, null, { code: '990100001002', name: '西街村' });
  const villageB1 = await createRegion(db, null, { code: '990100002001', name: '上河村' });
  return { county, townshipA, townshipB, villageA1, villageA2, villageB1 };
}

let seq = 0;
export function unique(prefix: string): string {
  seq += 1;
  return `${prefix}${process.pid % 1000}${seq}`;
}

export async function makeUser(db: Knex, input: { username?: string; role: Role; regionId: number; password?: string; mustChangePassword?: boolean; displayName?: string }) {
  const username = input.username ?? unique(input.role);
  const user = await createUser(
    db,
    testHasher,
    null,
    { username, display_name: input.displayName ?? `测试${username}`, role: input.role, region_id: input.regionId, password: input.password ?? PASSWORD },
    { mustChangePassword: input.mustChangePassword ?? false },
  );
  return { ...user, password: input.password ?? PASSWORD };
}
