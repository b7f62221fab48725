/**
 * Backup and restore through the operator commands: a round trip restores identical data (row counts and
 * checksums of every table but the sessions), sequences continue where they were, a backup taken while writes
 * go on is one consistent snapshot, and restore refuses a non-empty database and an incomplete file.
 */
import { addChild } from '../../helpers/report-fixtures.ts';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import type { Knex } from 'knex';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDb } from '../../../src/db/knex.ts';
import { databaseSummary } from '../../../src/features/backup/service.ts';
import { createRegion } from '../../../src/features/regions/service.ts';
import { recordAudit } from '../../../src/features/audit/service.ts';
import { seedCast, type Cast } from '../../helpers/actors.ts';
import { useTestDatabase } from '../../helpers/db.ts';
import { insertWoman } from '../../helpers/records.ts';
import { cli } from '../../helpers/cli.ts';
import { loginKey } from '../../../src/features/accounts/service.ts';

async function admin(sql: string) {
  const c = new pg.Client({ connectionString: inject('pgAdminUrl') });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

/** A brand-new database with nothing in it (not a copy of the migrated template). */
async function emptyDatabase(): Promise<{ db: Knex; url: string; drop: () => Promise<void> }> {
  const name = `fp_restore_${process.pid}_${randomBytes(3).toString('hex')}`;
  await admin(`create database ${name} encoding 'UTF8' template template0`);
  const u = new URL(inject('pgAdminUrl'));
  u.pathname = `/${name}`;
  const db = createDb(u.toString(), { poolMax: 2 });
  return { db, url: u.toString(), drop: async () => (await db.destroy(), await admin(`drop database if exists ${name} with (force)`)) };
}

describe('backup and restore', () => {
  const t = useTestDatabase();
  let cast: Cast;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fp-backup-'));
  const cleanups: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    cast = await seedCast(t.db);
    for (let i = 0; i < 30; i++) await insertWoman(t.db, { regionId: cast.world.villageA1.id, name: `王秀${i}` });
    // A birth, so the figure store holds counts for the restore to rebuild.
    const mother = (await t.db('women').where({ name: '王秀0' }).first('id'))!.id;
    await addChild(t.db, { woman: mother, village: cast.world.villageA1.id, birth_date: '2026-05-01', sex: 'female', order: 1 });
    await recordAudit(t.db, null, { action: 'test.note', entity: 'woman', entityId: 1, after: { note: '含"引号"、<标签> 和换行\n', list: [1, 2] } });
    await t.db('login_failures').insert({ username_key: loginKey('ghost'), ip: '127.0.0.1' });
    await t.db('session').insert({ sid: 'backup-test-session', sess: JSON.stringify({ cookie: {}, passport: { user: cast.users.admin.id } }), expire: new Date(Date.now() + 3600_000) });
  });
  afterAll(async () => {
    for (const c of cleanups) await c();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('restores identical data into an empty database, sessions left out, sequences continued', async () => {
    const file = path.join(dir, 'round-trip.fpbak');
    const made = cli(t.url, ['backup', file, '--method', 'app']);
    expect(made.code, made.err).toBe(0);
    expect(made.out).toMatch(/已备份到 .*应用导出（\d+ 张表，\d+ 行，同一快照）/);
    const before = await databaseSummary(t.db);
    expect(before.women.rows).toBe(30);
    expect(before.session).toBeUndefined();

    const target = await emptyDatabase();
    cleanups.push(target.drop);
    const restored = cli(target.url, ['restore', file]);
    expect(restored.code, restored.err).toBe(0);
    expect(restored.out).toMatch(/行数和校验和已核对/);

    const after = await databaseSummary(target.db);
    expect(Object.keys(after).sort()).toEqual(Object.keys(before).sort());
    expect(after).toEqual(before);
    const tables = Object.keys(after).length;
    const rows = Object.values(after).reduce((s, x) => s + x.rows, 0);
    console.info(`[backup] round trip: ${tables} tables, ${rows} rows, every count and checksum equal`);
    expect(await target.db('session').count({ n: '*' })).toEqual([{ n: 0 }]);
    // The figure store is not in the file: it was rebuilt from the restored records, count for count.
    const store = (db: typeof t.db) => db('figure_counts').select('village_id', 'day', 'key', 'n').orderBy(['village_id', 'day', 'key']);
    const stored = await store(t.db);
    expect(stored.length).toBeGreaterThan(0);
    expect(await store(target.db)).toEqual(stored);

    // The next region gets the id the source database would have given.
    const next = await createRegion(t.db, null, { code: '990100002091', name: '源库新村' });
    const nextRestored = await createRegion(target.db, null, { code: '990100002091', name: '恢复库新村' });
    expect(nextRestored.id).toBe(next.id);
    // The audit log is still append-only after the restore.
    await expect(target.db('audit_log').update({ action: 'x' })).rejects.toThrow(/append-only/);
  }, 60_000);

  it('refuses to restore over a database that has data, and changes nothing there', async () => {
    const file = path.join(dir, 'refuse.fpbak');
    expect(cli(t.url, ['backup', file]).code).toBe(0);
    const before = await databaseSummary(t.db);
    const r = cli(t.url, ['restore', file]);
    expect(r.code).not.toBe(0);
    expect(r.err).toMatch(/目标数据库不是空的（表 \w+ 中已有数据）/);
    expect(await databaseSummary(t.db)).toEqual(before);
    const again = cli(t.url, ['backup', file]);
    expect(again.code).not.toBe(0);
    expect(again.err).toMatch(/已存在，不会覆盖/);
  }, 60_000);

  it('refuses an incomplete file without loading anything, then loads the whole file into the same database', async () => {
    const file = path.join(dir, 'whole.fpbak');
    expect(cli(t.url, ['backup', file]).code).toBe(0);
    const text = zlib.gunzipSync(fs.readFileSync(file)).toString('utf8');
    const cut = path.join(dir, 'cut.fpbak');
    fs.writeFileSync(cut, zlib.gzipSync(text.split('\n').slice(0, -3).join('\n')));

    // A database a server already started once: migrated, reference data loaded, no records.
    const target = await emptyDatabase();
    cleanups.push(target.drop);
    const { prepareSchema } = await import('../../../src/db/open.ts');
    await prepareSchema(target.db);

    const bad = cli(target.url, ['restore', cut]);
    expect(bad.code).not.toBe(0);
    expect(bad.err).toMatch(/备份文件不完整/);
    expect(Number((await target.db('regions').count({ n: '*' }))[0].n)).toBe(0);

    const good = cli(target.url, ['restore', file]);
    expect(good.code, good.err).toBe(0);
    expect(await databaseSummary(target.db)).toEqual(await databaseSummary(t.db));
  }, 60_000);

  it('takes one consistent snapshot while writes go on: no region without its audit row, counts as of one instant', async () => {
    const file = path.join(dir, 'busy.fpbak');
    let stop = false;
    let written = 0;
    const writer = (async () => {
      for (let i = 0; !stop && i < 400; i++) {
        await createRegion(t.db, null, { code: `990100002${String(200 + i).padStart(3, '0')}`, name: `忙村${i}` });
        written += 1;
      }
    })();
    await new Promise((r) => setTimeout(r, 100));
    const made = cli(t.url, ['backup', file, '--method', 'app']);
    stop = true;
    await writer;
    expect(made.code, made.err).toBe(0);
    expect(written).toBeGreaterThan(0);

    const target = await emptyDatabase();
    cleanups.push(target.drop);
    expect(cli(target.url, ['restore', file]).code).toBe(0);
    const orphans = await target
      .db('regions as r')
      .leftJoin('audit_log as a', function () {
        this.on('a.entity_id', '=', target.db.raw('r.id::text')).andOn('a.entity', '=', target.db.raw("'region'")).andOn('a.action', '=', target.db.raw("'region.create'"));
      })
      .whereNull('a.id')
      .count({ n: '*' });
    expect(orphans[0].n).toBe(0);
    const inBackup = Number((await target.db('regions').where('name', 'like', '忙村%').count({ n: '*' }))[0].n);
    console.info(`[backup] during ${written} concurrent region writes: snapshot holds ${inBackup}, 0 regions without their audit row`);
    expect(inBackup).toBeLessThanOrEqual(written);
  }, 60_000);
});
