/**
 * The cast of the security, accessibility and browser tests: the world of fixtures.ts (county, townships A and
 * B) with one account per role and place, and the village worker (村计生专干) of village A1. Tests and matrices refer to them by key, so a row such as
 * "GET /women/{womanB} as clerkA → 404" reads like the rule it checks.
 */
import type { Knex } from 'knex';
import { makeUser, seedWorld, type World } from './fixtures.ts';

export const ACTORS = ['admin', 'countySup', 'supA', 'clerkA', 'supB', 'clerkB', 'villageA1'] as const;
export type ActorKey = (typeof ACTORS)[number];
export type Who = ActorKey | 'anonymous';

export interface Account {
  id: number;
  username: string;
  password: string;
  display_name: string;
  version: number;
  region_id: number;
}

export interface Cast {
  world: World;
  users: Record<ActorKey, Account>;
}

const LABELS: Record<ActorKey, string> = {
  admin: '县管理员',
  countySup: '县审核员',
  supA: '城关审核员',
  clerkA: '城关录入员',
  supB: '东山审核员',
  clerkB: '东山录入员',
  villageA1: '东街村专干',
};

export async function seedCast(db: Knex): Promise<Cast> {
  const world = await seedWorld(db);
  const place = { admin: world.county, countySup: world.county, supA: world.townshipA, clerkA: world.townshipA, supB: world.townshipB, clerkB: world.townshipB, villageA1: world.villageA1 };
  const role = { admin: 'admin', countySup: 'supervisor', supA: 'supervisor', clerkA: 'clerk', supB: 'supervisor', clerkB: 'clerk', villageA1: 'village' } as const;
  const users = {} as Record<ActorKey, Account>;
  for (const key of ACTORS) {
    users[key] = await makeUser(db, { username: `${key.toLowerCase()}_${process.pid % 10000}`, role: role[key], regionId: place[key].id, displayName: LABELS[key] });
  }
  return { world, users };
}
