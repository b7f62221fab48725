/**
 * Scope-matrix rows of the village 网底 (issue 16 §1): the village worker's pages (/village, her reports, her
 * visits) and the township's confirm queue. villageA1 is the worker of village A1 (东街村); a report or follow-up
 * of township B is outside her village (404) and outside township A (404); the county reads no queue (403).
 */
import type { Knex } from 'knex';
import { reportEvent } from '../../../src/features/network/service.ts';
import type { Cast } from '../../helpers/actors.ts';
import { castActor } from '../../helpers/scenario.ts';
import { freshCard, freshFollowUp, today, writeB } from './matrix-kit.ts';
import type { Expectation, MatrixFixtures, MatrixRow } from './role-matrix.ts';

/** Only the village worker (her own village's pages). */
const villageOnly = (ok: number, others = 403): Expectation => ({ admin: others, countySup: others, supA: others, clerkA: others, supB: others, clerkB: others, villageA1: ok, anonymous: 303 });
/** The township's clerks and supervisors; the county and the village 403. */
const townships = (ok = 200): Expectation => ({ admin: 403, countySup: 403, supA: ok, clerkA: ok, supB: ok, clerkB: ok, villageA1: 403, anonymous: 303 });

/** A pending report of village B1 about a fresh card (f.records.reportB) — inserted as B1's worker would. */
async function insertReportB(db: Knex, f: { world: Cast['world']; users: Cast['users'] }, womanId: number): Promise<number> {
  const [r] = await db('reported_events').insert({ kind: 'pregnancy', region_id: f.world.villageB1.id, woman_id: womanId, event_date: today(), reported_by: f.users.villageA1.id }).returning('id');
  return (r as { id: number }).id;
}

export async function networkFixtures(db: Knex, cast: Cast): Promise<Record<string, number>> {
  const womanA = (await db('women').where({ region_id: cast.world.villageA1.id, status: 'active' }).orderBy('id').first('id'))!.id;
  const womanB = (await db('women').where({ region_id: cast.world.villageB1.id, status: 'active' }).orderBy('id').first('id'))!.id;
  const reportA = await reportEvent(db, castActor(cast, 'villageA1'), { kind: 'marriage', woman_id: womanA, event_date: today() }, { today: today() });
  return { reportA: reportA.id, reportB: await insertReportB(db, cast, womanB) };
}

async function freshReportB(f: MatrixFixtures) {
  const card = await freshCard(f, 'B');
  f.records.freshReport = await insertReportB(f.db, f, card.id);
}

export const NETWORK_ROWS: MatrixRow[] = [
  { name: 'GET /village', method: 'GET', path: () => '/village', expect: villageOnly(200), mustShow: { villageA1: () => ['东街村'] } },
  { name: 'GET /village/reports', method: 'GET', path: () => '/village/reports', expect: villageOnly(200), mustNotShow: { villageA1: () => ['李桂兰'] } },
  { name: 'GET /village/reports/new', method: 'GET', path: () => '/village/reports/new', expect: villageOnly(200), mustNotShow: { villageA1: () => ['李桂兰'] } },
  { name: 'GET /village/reports/:id (A1)', method: 'GET', path: (f) => `/village/reports/${f.records.reportA}`, expect: villageOnly(200) },
  { name: 'GET /village/reports/:id (B1)', method: 'GET', path: (f) => `/village/reports/${f.records.reportB}`, expect: villageOnly(404) },
  {
    name: 'POST /village/reports (A1’s woman)',
    method: 'POST',
    path: () => '/village/reports',
    body: (f) => ({ kind: 'pregnancy', woman_id: String(f.records.womanA), event_date: today() }),
    expect: villageOnly(303),
  },
  {
    name: 'POST /village/reports (B1’s woman)',
    method: 'POST',
    path: () => '/village/reports',
    body: (f) => ({ kind: 'pregnancy', woman_id: String(f.records.womanB), event_date: today() }),
    expect: villageOnly(422),
  },
  { name: 'GET /village/follow-ups/:id (A1)', method: 'GET', path: (f) => `/village/follow-ups/${f.records.followUpA}`, expect: villageOnly(200) },
  { name: 'GET /village/follow-ups/:id (B1)', method: 'GET', path: (f) => `/village/follow-ups/${f.records.followUpB}`, expect: villageOnly(404) },
  {
    name: 'POST /village/follow-ups/:id (B1)',
    method: 'POST',
    path: (f) => `/village/follow-ups/${f.records.freshFollowUp}`,
    prepare: (f) => freshFollowUp(f),
    body: () => ({ done_on: today(), result: '矩阵随访' }),
    expect: villageOnly(404),
  },
  { name: 'GET /village/checks/:round/:woman (A’s round, A1’s woman)', method: 'GET', path: (f) => `/village/checks/${f.records.roundA}/${f.records.womanA}`, expect: villageOnly(200) },
  { name: 'GET /village/checks/:round/:woman (B’s round and woman)', method: 'GET', path: (f) => `/village/checks/${f.records.roundB}/${f.records.womanB}`, expect: villageOnly(404) },
  {
    name: 'POST /village/checks/:round/:woman (B’s round and woman)',
    method: 'POST',
    path: (f) => `/village/checks/${f.records.roundB}/${f.records.womanB}`,
    body: () => ({ performed_on: today(), iud_result: 'present', pregnancy_result: 'negative' }),
    expect: villageOnly(404),
  },
  { name: 'GET /confirm-queue', method: 'GET', path: () => '/confirm-queue', expect: townships(200), mustNotShow: { clerkA: () => ['李桂兰'], supA: () => ['李桂兰'] } },
  { name: 'GET /confirm-queue/:id (B)', method: 'GET', path: (f) => `/confirm-queue/${f.records.reportB}`, expect: { ...writeB(200), villageA1: 403 } },
  {
    name: 'POST /confirm-queue/:id/return (B)',
    method: 'POST',
    path: (f) => `/confirm-queue/${f.records.freshReport}/return`,
    prepare: (f) => freshReportB(f),
    body: () => ({ version: '1', return_reason: '矩阵退回' }),
    expect: { ...writeB(303), villageA1: 403 },
  },
  {
    name: 'POST /confirm-queue/:id/confirm (B)',
    method: 'POST',
    path: (f) => `/confirm-queue/${f.records.freshReport}/confirm`,
    prepare: (f) => freshReportB(f),
    body: () => ({ version: '1', found_on: today() }),
    expect: { ...writeB(303), villageA1: 403 },
  },
];
