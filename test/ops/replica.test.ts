/**
 * A primary and a streaming replica (Debian's PostgreSQL, pg_basebackup -R): writes go to the primary, report pages
 * read the replica (its pg_stat_activity shows the app's fp-portal-reports connection), a paused replay shows the
 * lag note with the old figure, a stopped replica makes the page read the primary with the fallback note — never a
 * 500 — and a replica back up is read again after the cool-down. Prints the catch-up and failover times.
 */
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../../src/db/knex.ts';
import { prepareSchema, REPLICA_ACQUIRE_TIMEOUT_MS } from '../../src/db/open.ts';
import { REPLICA_DOWN_NOTE, ReplicaHealth } from '../../src/db/replica-health.ts';
import type { ReportJson } from '../../src/features/reports/service.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { makeUser, seedWorld, type World } from '../helpers/fixtures.ts';
import { $, Client } from '../helpers/http.ts';
import { distributionPgBin, PG_MISSING_REASON, sql, startReplicaPair, type ReplicaPair } from '../helpers/pg-cluster.ts';
import { cardFields, womanId } from '../helpers/women.ts';

const bin = distributionPgBin();
const CHECK_MS = 5000;
const COOL_DOWN_MS = 30_000;
const REPORT = '/reports/monthly?region=990100&month=2026-11';

describe.skipIf(!bin)(`read replica${bin ? '' : `（跳过：${PG_MISSING_REASON}）`}`, () => {
  let pair: ReplicaPair;
  let primaryDb: Knex;
  let replicaDb: Knex;
  let app: TestApp;
  let w: World;
  let county: Client;
  let clerk: Client;

  beforeAll(async () => {
    pair = await startReplicaPair();
    console.log(`  副本开始流复制：pg_basebackup 之后 ${pair.streamingAfterMs.toFixed(0)} ms`);
    await sql(pair.primary.url('postgres'), `create database fp_portal encoding 'UTF8' template template0`);
    const primaryUrl = pair.primary.url('fp_portal');
    const replicaUrl = pair.replica.url('fp_portal');
    primaryDb = createDb(primaryUrl, { poolMax: 4 });
    await prepareSchema(primaryDb);
    w = await seedWorld(primaryDb);
    const sup = await makeUser(primaryDb, { role: 'supervisor', regionId: w.county.id });
    const clk = await makeUser(primaryDb, { role: 'clerk', regionId: w.townshipA.id });
    replicaDb = createDb(replicaUrl, { poolMax: 4, applicationName: 'fp-portal-reports', acquireTimeoutMs: REPLICA_ACQUIRE_TIMEOUT_MS });
    app = buildTestApp(primaryDb, primaryUrl, {
      reports: (clock) => ({ reportsDb: replicaDb, replica: new ReplicaHealth(primaryDb, replicaDb, replicaUrl, { now: clock.now, checkEveryMs: CHECK_MS, coolDownMs: COOL_DOWN_MS }) }),
    });
    const catchUp = await pair.caughtUp();
    console.log(`  迁移与种子数据写入后副本追平：${catchUp.toFixed(0)} ms`);
    county = new Client(app.app);
    await county.login(sup.username, sup.password);
    clerk = new Client(app.app);
    await clerk.login(clk.username, clk.password);
  }, 180_000);

  afterAll(async () => {
    await app?.close();
    await replicaDb?.destroy();
    await primaryDb?.destroy();
    await pair?.destroy();
  });

  /** The county's 已婚育龄妇女 at the end of November, and the page's note (none: ''). */
  let lastPageMs = 0;
  async function report(): Promise<{ married: number; note: string }> {
    const t0 = performance.now();
    const page = await county.get(REPORT);
    lastPageMs = performance.now() - t0;
    expect(page.status, page.text.slice(0, 500)).toBe(200);
    const json = await county.get(`${REPORT}&format=json`);
    expect(json.status).toBe(200);
    return { married: (json.body as ReportJson).total.figures.married_wra as number, note: $(page.text)('.replica-note').text().trim() };
  }

  async function registerWoman() {
    const res = await clerk.post('/women', cardFields(w.villageA1.code, { id_number: womanId('1992-03-04'), name: '赵春梅' }));
    expect(res.status, res.text.slice(0, 500)).toBe(303);
  }

  /** Past the cached status (or the cool-down): the next page asks the replica again. */
  const recheck = (ms = CHECK_MS + 1) => app.clock.advance(ms);

  it('report pages read the replica; a card written on the primary counts once replayed', async () => {
    recheck(COOL_DOWN_MS + 1);
    const before = await report();
    expect(before.note).toBe('');
    const onReplica = await sql<{ n: number }>(pair.replica.url('postgres'), `select count(*)::int as n from pg_stat_activity where application_name = 'fp-portal-reports' and datname = 'fp_portal'`);
    const onPrimary = await sql<{ n: number }>(pair.primary.url('postgres'), `select count(*)::int as n from pg_stat_activity where application_name = 'fp-portal-reports'`);
    expect(onReplica[0].n).toBeGreaterThan(0);
    expect(onPrimary[0].n).toBe(0);

    await registerWoman();
    const ms = await pair.caughtUp();
    const replayed = await report();
    console.log(`  读副本的报表页：${lastPageMs.toFixed(0)} ms`);
    expect(replayed.note).toBe('');
    console.log(`  HTTP 写入主库后副本回放完成：${ms.toFixed(0)} ms`);
    const rows = await sql<{ n: number }>(pair.replica.url('fp_portal'), `select count(*)::int as n from women where name = '赵春梅'`);
    expect(rows[0].n).toBeGreaterThan(0);
    recheck();
    const after = await report();
    expect(after.married).toBe(before.married + 1);
    expect(after.note).toBe('');
  });

  it('replay paused: the lag note and the old figure; resumed: no note and the new figure', async () => {
    recheck(COOL_DOWN_MS + 1);
    const before = await report();
    await sql(pair.replica.url('postgres'), 'select pg_wal_replay_pause()');
    try {
      await registerWoman();
      // The replica receives the write but does not replay it; its delay is the age of its last replayed write.
      await new Promise((r) => setTimeout(r, 1500));
      // Until the cached status expires the page does not know yet: the old figure without a note.
      expect(await report()).toEqual({ married: before.married, note: '' });
      recheck();
      const lagging = await report();
      expect(lagging.note).toMatch(/^数据来自只读副本，约 \d+ 秒前的数据$/);
      expect(Number(/约 (\d+) 秒/.exec(lagging.note)![1])).toBeGreaterThanOrEqual(1);
      expect(lagging.married).toBe(before.married);
      const [{ n }] = await sql<{ n: number }>(pair.primary.url('fp_portal'), `select count(*)::int as n from women where name = '赵春梅'`);
      const [{ n: seen }] = await sql<{ n: number }>(pair.replica.url('fp_portal'), `select count(*)::int as n from women where name = '赵春梅'`);
      expect(seen).toBe(n - 1);
    } finally {
      await sql(pair.replica.url('postgres'), 'select pg_wal_replay_resume()');
    }
    await pair.caughtUp();
    recheck();
    const resumed = await report();
    expect(resumed.note).toBe('');
    expect(resumed.married).toBe(before.married + 1);
  });

  it('replica stopped: the page reads the primary with the fallback note (200); started again: the replica after the cool-down', async () => {
    recheck(COOL_DOWN_MS + 1);
    const before = await report();
    expect(before.note).toBe('');
    await pair.replica.stop('fast');
    try {
      // The cached status still says "up": the page's query on the replica fails and is run on the primary.
      await registerWoman();
      const down = await report();
      console.log(`  副本停止后首个报表页（副本查询失败，改读主库）：${lastPageMs.toFixed(0)} ms`);
      expect(down.note).toBe(REPLICA_DOWN_NOTE);
      expect(down.married).toBe(before.married + 1);
      // Past the status cache but within the cool-down: still the primary, no new attempt on the replica.
      recheck();
      const still = await report();
      console.log(`  冷却期内的报表页（直接读主库）：${lastPageMs.toFixed(0)} ms`);
      expect(still.note).toBe(REPLICA_DOWN_NOTE);
      // After the cool-down the check finds the replica still down (connect refused): primary again.
      recheck(COOL_DOWN_MS + 1);
      expect((await report()).note).toBe(REPLICA_DOWN_NOTE);
      console.log(`  冷却期后再查副本（连接被拒，改读主库）：${lastPageMs.toFixed(0)} ms`);
    } finally {
      await pair.replica.start();
    }
    await pair.caughtUp();
    // Within the cool-down the page keeps reading the primary; after it, the replica.
    expect((await report()).note).toBe(REPLICA_DOWN_NOTE);
    recheck(COOL_DOWN_MS + 1);
    const back = await report();
    console.log(`  副本恢复、冷却期后的报表页（读副本）：${lastPageMs.toFixed(0)} ms`);
    expect(back.note).toBe('');
    expect(back.married).toBe(before.married + 1);
    const onReplica = await sql<{ n: number }>(pair.replica.url('postgres'), `select count(*)::int as n from pg_stat_activity where application_name = 'fp-portal-reports' and datname = 'fp_portal'`);
    expect(onReplica[0].n).toBeGreaterThan(0);
  });
});
