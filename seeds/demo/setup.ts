/**
 * The places, accounts and double-check rounds of the demo county: written before any person, since people
 * refer to their villages, clerks and rounds.
 */
import type { Knex } from 'knex';
import type { PasswordHasher } from '../../src/features/accounts/service.ts';
import { DEMO_PASSWORD, demoAccounts } from './accounts.ts';
import { at, dayOf, isoOf, stampOf, type Day, type Instant } from './days.ts';
import type { RoundRef, TownshipRef, VillageRef } from './life.ts';
import { DEMO_COUNTY, type DemoTownship } from './places.ts';

export interface UserRef {
  id: number;
  username: string;
  display_name: string;
}

export interface County {
  county: { id: number; code: string; name: string };
  villages: VillageRef[];
  townships: TownshipRef[];
  users: UserRef[];
}

export async function createCounty(trx: Knex, places: DemoTownship[], hasher: PasswordHasher): Promise<County> {
  const [county] = await trx('regions').insert({ code: DEMO_COUNTY.code, name: DEMO_COUNTY.name, level: 'county' }).returning('id');
  const villages: VillageRef[] = [];
  const townships: TownshipRef[] = [];
  for (const [ti, t] of places.entries()) {
    const [row] = await trx('regions').insert({ code: t.code, name: t.name, level: 'township', parent_id: county.id }).returning('id');
    const vrows: { id: number; code: string }[] = await trx('regions')
      .insert(t.villages.map((v) => ({ code: v.code, name: v.name, level: 'village', parent_id: row.id })))
      .returning(['id', 'code']);
    const kind = t.name.endsWith('街道') ? 'jiedao' : t.name.endsWith('乡') ? 'xiang' : 'zhen';
    townships.push({ id: row.id, code: t.code, name: t.name, clerkId: 0, supId: 0, villages: [] });
    for (const v of t.villages) {
      townships[ti].villages.push(villages.length);
      villages.push({ id: vrows.find((r) => r.code === v.code)!.id, code: v.code, name: v.name, township: ti, kind, population: v.population });
    }
  }
  const passwordHash = await hasher.hash(DEMO_PASSWORD);
  const users: UserRef[] = await trx('users')
    .insert(
      demoAccounts().map((a) => ({
        username: a.username,
        display_name: a.display_name,
        role: a.role,
        region_id: a.region === 'county' ? county.id : townships[a.region].id,
        password_hash: passwordHash,
        must_change_password: false,
      })),
    )
    .returning(['id', 'username', 'display_name']);
  townships.forEach((t, i) => {
    const n = String(i + 1).padStart(2, '0');
    t.clerkId = users.find((u) => u.username === `clerk${n}`)!.id;
    t.supId = users.find((u) => u.username === `sup${n}`)!.id;
  });
  return { county: { id: county.id, code: DEMO_COUNTY.code, name: DEMO_COUNTY.name }, villages, townships, users };
}

/**
 * A double-check round per township and quarter: the twenty quarters up to and including the current one. Like
 * the services feature's openRound, a round closes at the end of its quarter; the clerk opens it in the first
 * days of the quarter (never after today) and the due list is made then.
 */
/** 三查 in the demo: the current quarter's round (slot 19 of 20) of two townships in three includes 查病. */
export function gynExamRound(township: number, slot: number): boolean {
  return slot === 19 && township % 3 !== 2;
}

export async function insertRounds(trx: Knex.Transaction, townships: TownshipRef[], today: Day, cap: Instant): Promise<RoundRef[][]> {
  const now = new Date(today * 86_400_000);
  const current = now.getUTCFullYear() * 4 + Math.floor(now.getUTCMonth() / 3);
  const rows = townships.flatMap((t, ti) =>
    Array.from({ length: 20 }, (_, slot) => {
      const q = current - 19 + slot;
      const start = Math.round(Date.UTC(Math.floor(q / 4), (q % 4) * 3, 1) / 86_400_000);
      const opened = Math.min(start + 2 + (ti % 7), today);
      const closes = Math.round(Date.UTC(Math.floor(q / 4), (q % 4) * 3 + 3, 0) / 86_400_000);
      const entered = stampOf(Math.min(at(opened, 9), cap));
      // A past round was closed by the clerk the day after its quarter ended.
      const closed = closes < today ? stampOf(Math.min(at(closes + 1, 9), cap)) : entered;
      return {
        township_id: t.id,
        year: Math.floor(q / 4),
        quarter: (q % 4) + 1,
        opened_on: isoOf(opened),
        closes_on: isoOf(closes),
        status: closes < today ? ('closed' as const) : ('open' as const),
        includes_gyn_exam: gynExamRound(ti, slot),
        created_by: t.clerkId,
        created_at: new Date(entered),
        updated_at: new Date(closed),
      };
    }),
  );
  const inserted: { id: number; township_id: number; year: number; quarter: number; opened_on: string; closes_on: string; includes_gyn_exam: boolean }[] = await trx('check_rounds')
    .insert(rows)
    .returning(['id', 'township_id', 'year', 'quarter', 'opened_on', 'closes_on', 'includes_gyn_exam']);
  const byTownship = townships.map(() => [] as RoundRef[]);
  for (const r of inserted) {
    const ti = townships.findIndex((t) => t.id === r.township_id);
    const slot = r.year * 4 + r.quarter - 1 - (current - 19);
    byTownship[ti][slot] = { id: r.id, township: ti, slot, opened: dayOf(r.opened_on), closes: dayOf(r.closes_on), gynExam: r.includes_gyn_exam };
  }
  return byTownship;
}
