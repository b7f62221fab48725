/** Register fixtures: actors for users, valid ID numbers, and cards made through the real service. */
import type { Knex } from 'knex';
import type { Actor } from '../../src/auth/actor.ts';
import { makeIdNumber } from '../../src/domain/id-number.ts';
import { createCard } from '../../src/features/women/service.ts';
import type { CardInput } from '../../src/features/women/service.ts';
import type { Role } from '../../src/domain/codes.ts';
import type { RegionRow } from '../../src/features/regions/service.ts';
import { makeUser, type World } from './fixtures.ts';

export const TODAY = '2026-03-15';

export function actorFor(user: { id: number; username: string; display_name: string; role: Role }, region: RegionRow): Actor {
  const level = region.level;
  return {
    userId: user.id,
    username: user.username,
    displayName: user.display_name,
    role: user.role,
    level,
    regionId: region.id,
    regionCode: region.code,
    regionName: region.name,
    scope: { level, regionId: region.id, code: region.code },
  };
}

/** A clerk of township A and one of township B (the usual pair for scope checks). */
export async function townshipClerks(db: Knex, w: World): Promise<{ clerkA: Actor; clerkB: Actor }> {
  return {
    clerkA: actorFor(await makeUser(db, { role: 'clerk', regionId: w.townshipA.id }), w.townshipA),
    clerkB: actorFor(await makeUser(db, { role: 'clerk', regionId: w.townshipB.id }), w.townshipB),
  };
}

let seq = 0;
/**
 * The area code of the n-th number: 990100 for the first 500 (the sequence digits give 500 numbers a birth date),
 * then 990101, 990102 … so a long run (the security matrix makes a card per cell) never repeats a number.
 */
const areaOf = (n: number) => `9901${String(Math.floor(n / 500) % 100).padStart(2, '0')}`;

/** A fresh valid female ID number born on `birthDate` (even sequence digits, unique per process). */
export function womanId(birthDate = '1990-05-12'): string {
  seq += 1;
  return makeIdNumber(areaOf(seq), birthDate, ((process.pid % 200) * 2 + seq * 2) % 1000);
}

export function manId(birthDate = '1988-02-01'): string {
  seq += 1;
  return makeIdNumber(areaOf(seq), birthDate, (((process.pid % 200) * 2 + seq * 2) % 1000) + 1);
}

export function cardInput(village: string, overrides: Partial<CardInput> = {}): CardInput {
  return {
    id_number: womanId(),
    name: '王秀英',
    village,
    ethnicity: '汉族',
    hukou_kind: 'agricultural',
    marital_status: 'first_marriage',
    marriage_date: '2013-10-01',
    spouse_name: '李建国',
    spouse_id_number: manId(),
    spouse_hukou_kind: 'agricultural',
    phone: '13812345678',
    address: '东街村3组12号',
    migrant_status: 'none',
    ...overrides,
  };
}

export async function makeCard(db: Knex, actor: Actor, village: string, overrides: Partial<CardInput> = {}) {
  return createCard(db, actor, cardInput(village, overrides), { today: TODAY });
}

/** The same card as form fields (what a browser posts). */
export function cardFields(village: string, overrides: Partial<CardInput> = {}): Record<string, string> {
  return Object.fromEntries(Object.entries(cardInput(village, overrides)).map(([k, v]) => [k, String(v ?? '')]));
}
