/**
 * Building blocks of the feature rows of the scope matrix: the expected answers per actor for the usual shapes
 * of DESIGN §1 (a record of township B read, its forms opened, written), and makers of fresh records for writes
 * that can succeed only once (closing a pregnancy, accepting a transfer): a row's `prepare` makes one before
 * each cell, so every actor meets the same situation.
 */
import type { Knex } from 'knex';
import type { DbTables } from '../../../src/db/tables.ts';
import { addToRound } from '../../../src/features/services/service.ts';
import { recordService } from '../../../src/features/services/service.ts';
import { createApplication } from '../../../src/features/subsidies/service.ts';
import { submitApplication } from '../../../src/features/subsidies/service.ts';
import { issueCertificate } from '../../../src/features/women/service.ts';
import { exitCard } from '../../../src/features/women/service.ts';
import { openEpisode, openPregnancy } from '../../../src/features/women/service.ts';
import { moveCard } from '../../../src/features/women/service.ts';
import { castActor } from '../../helpers/scenario.ts';
import { REWARD_EVIDENCE, rewardEligibleWoman } from '../../helpers/subsidy-fixtures.ts';
import { makeCard } from '../../helpers/women.ts';
import type { Expectation, MatrixFixtures } from './role-matrix.ts';
import { TEST_TODAY, testNow } from '../../helpers/clock.ts';
import { must } from '../../helpers/must.ts';

type Expect = Expectation;

/** A record of township B that every reader may open: B and the county see it, A gets 404. */
export const readB = (ok = 200): Expect => ({ admin: ok, countySup: ok, supA: 404, clerkA: 404, supB: ok, clerkB: ok, anonymous: 303 });
/** A form or write on township B's record: B's clerk and supervisor, A gets 404, the county 403 (read only). */
export const writeB = (ok: number, clerk = ok, sup = ok): Expect => ({ admin: 403, countySup: 403, supA: 404, clerkA: 404, supB: sup, clerkB: clerk, anonymous: 303 });
/** Something every signed-in user may open. */
export const anyone = (ok = 200): Expect => ({ admin: ok, countySup: ok, supA: ok, clerkA: ok, supB: ok, clerkB: ok, anonymous: 303 });
/** The rosters and work orders (rosters.read): every signed-in user, the village worker too (her village only). */
export const rosterReaders = (ok = 200): Expect => ({ ...anyone(ok), villageA1: ok });
/** Township users only (entry work); the county's roles 403. */
export const township = (ok = 200): Expect => ({ admin: 403, countySup: 403, supA: ok, clerkA: ok, supB: ok, clerkB: ok, anonymous: 303 });
/** Only the county supervisor. */
export const countySupOnly = (ok: number): Expect => ({ admin: 403, countySup: ok, supA: 403, clerkA: 403, supB: 403, clerkB: 403, anonymous: 303 });

export const today = () => TEST_TODAY;

/** The tables whose rows carry a version (the forms post it back). */
export type Versioned = { [K in keyof DbTables]: DbTables[K] extends { version: number } ? K : never }[keyof DbTables];

export const version = async (db: Knex, table: Versioned, id: number) => {
  const row = await db(table).where({ id }).first('version');
  return String(must(row, `the ${table} row`).version);
};

const clerkB = (f: MatrixFixtures) => castActor(f, 'clerkB');
const clerkA = (f: MatrixFixtures) => castActor(f, 'clerkA');

/** A fresh active card in village B1 (f.records.freshB) — or A1 with side 'A'. */
export async function freshCard(f: MatrixFixtures, side: 'A' | 'B' = 'B', overrides: Record<string, string> = {}) {
  const actor = side === 'B' ? clerkB(f) : clerkA(f);
  const card = await makeCard(f.db, actor, side === 'B' ? f.world.villageB1.code : f.world.villageA1.code, { name: '矩阵新卡', ...overrides });
  f.records[`fresh${side}`] = card.id;
  return card;
}

export async function freshPregnancy(f: MatrixFixtures) {
  const card = await freshCard(f);
  f.records.freshPreg = (await openPregnancy(f.db, clerkB(f), card.id, { found_on: today() }, { today: today() })).id;
}

export async function freshEpisode(f: MatrixFixtures) {
  const card = await freshCard(f);
  f.records.freshEpisode = (await openEpisode(f.db, clerkB(f), card.id, { method: 'condom', started_on: today() }, { today: today() })).id;
}

export async function freshCertificate(f: MatrixFixtures) {
  const card = await freshCard(f);
  f.records.freshCert = (await issueCertificate(f.db, clerkB(f), card.id, { kind: 'migrant_certificate', number: `LD${card.id}`, issued_on: today() }, { today: today() })).id;
}

export async function freshExited(f: MatrixFixtures) {
  const card = await freshCard(f);
  await exitCard(f.db, clerkB(f), card.id, { exit_reason: 'other', exit_date: today(), version: card.version }, { today: today() });
}

/** A transfer between the townships: started by `from` (its card sent to the other's village). */
export async function freshTransfer(f: MatrixFixtures, from: 'A' | 'B') {
  const card = await freshCard(f, from);
  const to = from === 'A' ? f.world.villageB1.code : f.world.villageA1.code;
  await moveCard(f.db, from === 'A' ? clerkA(f) : clerkB(f), card.id, { village: to, moved_on: today() }, { today: today() });
  const transfer = await f.db('transfers').where({ woman_id: card.id, status: 'pending' }).first('id');
  f.records.freshTransfer = must(transfer, 'transfer').id;
}

export async function freshFollowUp(f: MatrixFixtures) {
  const card = await freshCard(f);
  const r = await recordService(f.db, clerkB(f), card.id, { kind: 'iud_insertion', performed_on: today(), facility: '矩阵服务站', complication: 'none' }, { today: today() });
  f.records.freshFollowUp = r.followUps[0].id;
}

/** A fresh card of B on B's round list (f.records.freshB). */
export async function freshOnRound(f: MatrixFixtures) {
  const card = await freshCard(f);
  await addToRound(f.db, clerkB(f), f.records.roundB, { id_number: card.id_number });
}

/** An eligible elder in B (f.records.freshElder), optionally with a draft or submitted application (f.records.freshApp). */
export async function freshApplication(f: MatrixFixtures, stage: 'none' | 'draft' | 'submitted') {
  const elder = await rewardEligibleWoman(f.db, f.world.villageB1.id, '矩阵老人');
  f.records.freshElder = elder.id;
  if (stage === 'none') return;
  const year = Number(today().slice(0, 4));
  const app = await createApplication(f.db, clerkB(f), {
    woman: elder.id,
    program: 'reward_assistance',
    year,
    beneficiary: 'woman',
    account_holder: elder.name,
    bank_name: '示例县农商银行',
    bank_account: '6230 5200 1234 5678 903',
    evidence: REWARD_EVIDENCE,
  });
  f.records.freshApp = app.id;
  if (stage === 'submitted') await submitApplication(f.db, clerkB(f), app.id, { version: app.version }, testNow());
}

export async function idNumberOf(db: Knex, womanId: number): Promise<string> {
  const card = await db('women').where({ id: womanId }).first('id_number');
  return must(card, 'card').id_number;
}
