/**
 * Faults against the real server process and a PostgreSQL cluster of its own (production settings: fsync on):
 *  1. PostgreSQL is killed (immediate shutdown: a crash, recovered from the WAL) while admins create regions
 *     and accounts and township clerks record IUD insertions and create cards, all concurrently, then
 *     restarted: the app keeps running, /healthz answers 503 meanwhile and 200 after, writes succeed again by
 *     themselves, every acknowledged write (303) is present, no request gets a 500, and nothing is half-written
 *     (a region or account without its audit row; a service without its episode, follow-ups or audit row; a
 *     card without its audit row).
 *  2. The app is killed with SIGKILL during the same writes and started again: every acknowledged write is
 *     present and nothing is half-written.
 *  3. Two admins save the same record, and two clerks the same card, with the same version at once, many
 *     times: exactly one wins, the other gets 409, no update is lost.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureDatabase, startEmbeddedPostgres, type EmbeddedServer } from '../../src/db/embedded.ts';
import { createDb } from '../../src/db/knex.ts';
import { prepareSchema } from '../../src/db/open.ts';
import { seedCast, type Cast } from '../helpers/actors.ts';
import { makeUser } from '../helpers/fixtures.ts';
import { must } from '../helpers/must.ts';
import { cardWritesFound, halfWrittenCards, insertCardPool, startCardWriters } from './support/card-writers.ts';
import { health, ServerClient } from './support/http.ts';
import { startServer, type RunningServer } from './support/server.ts';
import { TEST_TODAY } from '../helpers/clock.ts';

interface Write {
  kind: 'region' | 'user';
  key: string;
  /** HTTP status, or 0 when no answer came (the connection failed). */
  status: number;
  /** Why no answer came, for the failure message. */
  error?: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Writers creating regions and accounts until told to stop; every answer is recorded. Village codes come from
 * the fault townships (9901000TT, made in beforeAll), 900 per township, so no attempt repeats a code. A writer
 * that gets no 303 waits a little before its next attempt, as a person would.
 */
function startWriters(admins: ServerClient[], cast: Cast, townships: string[], workers: number) {
  const writes: Write[] = [];
  let stop = false;
  let n = 0;
  const capacity = townships.length * 900;
  const one = async (admin: ServerClient): Promise<number> => {
    const i = n++;
    const failed = (e: Error) => ({
      status: 0,
      error: `${e.message} ${String((e as { cause?: Error }).cause?.message ?? '')} ${JSON.stringify((e as { cause?: { socket?: unknown } }).cause?.socket ?? {})}`,
    });
    if (i % 3 === 2) {
      const username = `fault_${townships[0]}_${i}`;
      const res = await admin.post('/admin/users', { username, display_name: '故障测试', role: 'clerk', region_id: cast.world.townshipB.id, password: 'Fault-Pass-123' }).catch(failed);
      writes.push({ kind: 'user', key: username, status: res.status, error: (res as { error?: string }).error });
      return res.status;
    }
    const code = `${townships[Math.floor(i / 900)]}${String(100 + (i % 900)).padStart(3, '0')}`;
    const res = await admin.post('/admin/regions', { code, name: `故障村${i}` }).catch(failed);
    writes.push({ kind: 'region', key: code, status: res.status, error: (res as { error?: string }).error });
    return res.status;
  };
  const loops = Array.from({ length: workers }, async (_x, w) => {
    while (!stop && n < capacity) {
      if ((await one(admins[w % admins.length])) !== 303) await sleep(100);
    }
  });
  return {
    writes,
    acked: () => writes.filter((w) => w.status === 303).length,
    async finish() {
      stop = true;
      await Promise.all(loops);
    },
  };
}

async function missingAcked(db: Knex, writes: Write[]) {
  const ackedRegions = writes.filter((w) => w.kind === 'region' && w.status === 303).map((w) => w.key);
  const ackedUsers = writes.filter((w) => w.kind === 'user' && w.status === 303).map((w) => w.key);
  const regions = new Set((await db('regions').whereIn('code', ackedRegions).pluck('code')) as string[]);
  const users = new Set((await db('users').whereIn('username', ackedUsers).pluck('username')) as string[]);
  return { acked: ackedRegions.length + ackedUsers.length, found: regions.size + users.size };
}

/** Regions and accounts without the audit row of their creation (a half-written record). */
async function halfWritten(db: Knex): Promise<number> {
  const { rows } = await db.raw<{ rows: { n: number }[] }>(`
    select (select count(*) from regions r where not exists (
              select 1 from audit_log a where a.entity = 'region' and a.entity_id = r.id::text and a.action = 'region.create'))
         + (select count(*) from users u where not exists (
              select 1 from audit_log a where a.entity = 'user' and a.entity_id = u.id::text and a.action = 'user.create')) as n`);
  return rows[0].n;
}

describe('faults: database crash, app crash, concurrent edits', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fp-faults-'));
  let pgServer: EmbeddedServer;
  let db: Knex;
  let url: string;
  let cast: Cast;
  let server: RunningServer;
  /** Cards that the PostgreSQL-kill and the app-kill tests record services on (one attempt per card). */
  let poolCrash: number[];
  let poolKill: number[];
  let secondClerk: Awaited<ReturnType<typeof makeUser>>;
  const today = TEST_TODAY;

  /** Two township clerks signed in to the running server. */
  const clerks = async () => [
    await new ServerClient(server.url).signIn(cast.users.clerkA.username, cast.users.clerkA.password),
    await new ServerClient(server.url).signIn(secondClerk.username, secondClerk.password),
  ];

  beforeAll(async () => {
    pgServer = await startEmbeddedPostgres({ dir });
    await ensureDatabase(pgServer.url('postgres'), 'fp_faults');
    url = pgServer.url('fp_faults');
    db = createDb(url, { poolMax: 3 });
    await prepareSchema(db);
    cast = await seedCast(db);
    const { createRegion } = await import('../../src/features/regions/service.ts');
    for (let tt = 11; tt <= 16; tt++) await createRegion(db, null, { code: `9901000${tt}`, name: `故障镇${tt}` });
    secondClerk = await makeUser(db, { role: 'clerk', regionId: cast.world.townshipA.id });
    poolCrash = await insertCardPool(db, cast.world.villageA1.id, 900, '故障甲', 0);
    poolKill = await insertCardPool(db, cast.world.villageA2.id, 400, '故障乙', 1);
    server = await startServer({ databaseUrl: url });
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
    await db?.destroy();
    await pgServer?.stop('immediate');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('PostgreSQL killed during concurrent writes and restarted (3 times): 503 meanwhile, recovery by itself, no acknowledged write lost', async () => {
    const second = await makeUser(db, { role: 'admin', regionId: cast.world.county.id });
    const admins = [await new ServerClient(server.url).signIn(cast.users.admin.username, cast.users.admin.password), await new ServerClient(server.url).signIn(second.username, second.password)];
    const writers = startWriters(admins, cast, ['990100011', '990100012', '990100013', '990100014'], 10);
    const cards = startCardWriters(await clerks(), poolCrash, cast.world.villageA1.code, today, 8);
    const cycles: { downMs: number; healthMs: number; firstWriteMs: number }[] = [];
    for (let cycle = 0; cycle < 3; cycle++) {
      const target = writers.acked() + 40;
      const cardTarget = cards.acked() + 40;
      while (writers.acked() < target || cards.acked() < cardTarget) await sleep(20);

      const killedAt = Date.now();
      await pgServer.stop('immediate');
      const during: number[] = [];
      for (let i = 0; i < 6; i++) {
        during.push(await health(server.url));
        await sleep(150);
      }
      expect(
        during.every((st) => st === 503),
        `healthz while the database was down: ${during.join(',')}`,
      ).toBe(true);

      await pgServer.start();
      const restartedAt = Date.now();
      let healthy = 0;
      for (let i = 0; i < 200 && !healthy; i++) {
        if ((await health(server.url)) === 200) healthy = Date.now();
        else await sleep(50);
      }
      expect(healthy, 'healthz answers 200 again').toBeGreaterThan(0);
      const resumed = writers.acked();
      const cardsResumed = cards.acked();
      while ((writers.acked() === resumed || cards.acked() === cardsResumed) && Date.now() - restartedAt < 30_000) await sleep(10);
      expect(writers.acked(), 'writes succeed again by themselves').toBeGreaterThan(resumed);
      expect(cards.acked(), 'card writes succeed again by themselves').toBeGreaterThan(cardsResumed);
      cycles.push({ downMs: restartedAt - killedAt, healthMs: healthy - restartedAt, firstWriteMs: Date.now() - restartedAt });
    }
    const target = writers.acked() + 40;
    const cardTarget = cards.acked() + 40;
    while (writers.acked() < target || cards.acked() < cardTarget) await sleep(20);
    await writers.finish();
    await cards.finish();

    expect(server.proc.exitCode, 'the app process kept running').toBeNull();
    const statuses: Record<number, number> = {};
    for (const w of [...writers.writes, ...cards.writes]) statuses[w.status] = (statuses[w.status] ?? 0) + 1;
    const odd = [...writers.writes, ...cards.writes].filter((w) => w.status !== 303 && w.status !== 503);
    expect(odd, `answers other than 303/503: ${JSON.stringify(statuses)}\n${oddContext(odd, server)}`).toEqual([]);
    const { acked, found } = await missingAcked(db, writers.writes);
    expect(found).toBe(acked);
    expect(await halfWritten(db)).toBe(0);
    const c = await cardWritesFound(db, cards.writes);
    expect(c.found, 'acknowledged card writes present').toBe(c.acked);
    expect(c.services, 'enough service writes acknowledged to mean something').toBeGreaterThan(60);
    expect(await halfWrittenCards(db)).toEqual({ services: 0, cards: 0 });
    // Sessions live in PostgreSQL: the admins are still signed in after the crashes.
    expect((await admins[0].get('/admin/regions')).status).toBe(200);
    console.info(
      `[faults] database killed 3 times during ${writers.writes.length + cards.writes.length} concurrent writes (${cards.writes.length} on cards: services with their state change, follow-ups and audit, and new cards): ` +
        `${acked + c.acked} acknowledged, ${found + c.found} found (${acked + c.acked - found - c.found} lost; cards: ${c.services} services + ${c.cards} new cards acknowledged, ${c.committedUnacked} committed without an answer); ` +
        `answers ${JSON.stringify(statuses)}; 0 half-written; per restart (down / healthz 200 after / first write after, ms): ` +
        cycles.map((c) => `${c.downMs}/${c.healthMs}/${c.firstWriteMs}`).join(', '),
    );
  }, 120_000);

  it('the app killed with SIGKILL during writes: every acknowledged write present, nothing half-written after restart', async () => {
    const admins = [await new ServerClient(server.url).signIn(cast.users.admin.username, cast.users.admin.password)];
    const writers = startWriters(admins, cast, ['990100015', '990100016'], 6);
    const cards = startCardWriters(await clerks(), poolKill, cast.world.villageA2.code, today, 8);
    while (writers.acked() < 30 || cards.acked() < 60) await sleep(20);
    server.proc.kill('SIGKILL');
    await server.exited;
    await writers.finish();
    await cards.finish();
    const port = server.port;
    server = await startServer({ databaseUrl: url, port });
    expect(await health(server.url)).toBe(200);

    const { acked, found } = await missingAcked(db, writers.writes);
    expect(found).toBe(acked);
    expect(await halfWritten(db)).toBe(0);
    const c = await cardWritesFound(db, cards.writes);
    expect(c.found, 'acknowledged card writes present').toBe(c.acked);
    expect(await halfWrittenCards(db)).toEqual({ services: 0, cards: 0 });
    const unacked = writers.writes.filter((w) => w.status !== 303);
    const presentUnacked = (
      await db('regions')
        .whereIn(
          'code',
          unacked.filter((w) => w.kind === 'region').map((w) => w.key),
        )
        .count({ n: '*' })
    )[0].n;
    // The session survived the app crash too (it is in PostgreSQL).
    expect((await admins[0].get('/admin/users')).status).toBe(200);
    console.info(
      `[faults] app killed (SIGKILL) during ${writers.writes.length + cards.writes.length} writes (${cards.writes.length} on cards): ${acked + c.acked} acknowledged, ${found + c.found} found (0 lost), ` +
        `${unacked.length + cards.writes.filter((w) => w.status !== 303).length} unanswered of which ${Number(presentUnacked) + c.committedUnacked} committed whole; 0 half-written`,
    );
  }, 120_000);

  it('two admins saving one record with the same version at once: exactly one wins, the other gets 409', async () => {
    const second = await makeUser(db, { role: 'admin', regionId: cast.world.county.id });
    const a = await new ServerClient(server.url).signIn(cast.users.admin.username, cast.users.admin.password);
    const b = await new ServerClient(server.url).signIn(second.username, second.password);
    const target = await makeUser(db, { role: 'clerk', regionId: cast.world.townshipA.id });
    const races = 20;
    const outcomes: string[] = [];
    for (let i = 0; i < races; i++) {
      const region = must(await db('regions').where({ id: cast.world.villageA1.id }).first(), 'the village');
      const [ra, rb] = await Promise.all([
        a.post(`/admin/regions/${region.id}/rename`, { name: `甲改${i}`, version: region.version }),
        b.post(`/admin/regions/${region.id}/rename`, { name: `乙改${i}`, version: region.version }),
      ]);
      outcomes.push([ra.status, rb.status].sort().join('/'));
      const after = must(await db('regions').where({ id: region.id }).first(), 'the village');
      expect(after.version).toBe(region.version + 1);
      expect(after.name).toBe(ra.status === 303 ? `甲改${i}` : `乙改${i}`);

      const user = must(await db('users').where({ id: target.id }).first(), 'the account');
      const action = user.active ? 'disable' : 'enable';
      const [ua, ub] = await Promise.all([a.post(`/admin/users/${target.id}/${action}`, { version: user.version }), b.post(`/admin/users/${target.id}/${action}`, { version: user.version })]);
      outcomes.push([ua.status, ub.status].sort().join('/'));
      expect((await db('users').where({ id: target.id }).first())?.version).toBe(user.version + 1);
    }
    const wins = outcomes.filter((o) => o === '303/409').length;
    console.info(`[faults] concurrent edits: ${outcomes.length} races (regions and accounts), ${wins} with exactly one winner and one 409, ${outcomes.length - wins} otherwise`);
    expect(outcomes).toEqual(Array(races * 2).fill('303/409'));
  }, 120_000);

  it('two clerks saving one card with the same version at once: exactly one 303, the other 409, nothing lost', async () => {
    const [a, b] = await clerks();
    const id = poolKill[poolKill.length - 1];
    const races = 20;
    const outcomes: string[] = [];
    for (let i = 0; i < races; i++) {
      const card = must(await db('women').where({ id }).first(), 'the card');
      const form = (phone: string) => ({
        id_number: card.id_number,
        name: card.name,
        village: cast.world.villageA2.code,
        ethnicity: card.ethnicity,
        hukou_kind: card.hukou_kind,
        marital_status: card.marital_status,
        marriage_date: must(card.marriage_date, 'the marriage date'),
        migrant_status: card.migrant_status,
        phone,
        version: card.version,
      });
      const [ra, rb] = await Promise.all([a.post(`/women/${id}`, form(`1390000${String(i).padStart(4, '0')}`)), b.post(`/women/${id}`, form(`1370000${String(i).padStart(4, '0')}`))]);
      outcomes.push([ra.status, rb.status].sort().join('/'));
      const after = must(await db('women').where({ id }).first(), 'the card');
      expect(after.version).toBe(card.version + 1);
      expect(after.phone).toBe(ra.status === 303 ? `1390000${String(i).padStart(4, '0')}` : `1370000${String(i).padStart(4, '0')}`);
      // The loser sees the conflict: what is saved now beside what was typed.
      expect((ra.status === 409 ? ra : rb).text).toContain('保存时发现冲突');
    }
    const audits = await db('audit_log')
      .where({ entity: 'woman', entity_id: String(id), action: 'card.update' })
      .count({ n: '*' });
    expect(Number(audits[0].n), 'one audit row per winning save').toBe(races);
    console.info(`[faults] concurrent card edits: ${races} races between two clerks, ${outcomes.filter((o) => o === '303/409').length} with exactly one 303 and one 409, ${races} audit rows`);
    expect(outcomes).toEqual(Array(races).fill('303/409'));
  }, 120_000);
});

/** For a failure message: each odd answer with the server's log lines around its time (errors included). */
function oddContext(odd: { kind: string; key: string; status: number; error?: string }[], server: RunningServer): string {
  if (!odd.length) return '';
  const errors = server
    .logLines()
    .filter((l) => (l.level as number) >= 40)
    .slice(-10)
    .map((l) => JSON.stringify(l).slice(0, 400));
  return `${odd.map((o) => `${o.kind} ${o.key}: ${o.status} ${o.error ?? ''}`).join('\n')}\nlast warnings/errors of the server:\n${errors.join('\n')}`;
}
