/**
 * The pg_dump path of backup/restore, run when this machine has PostgreSQL server binaries of the same major
 * version as its pg_dump (Debian: /usr/lib/postgresql/15/bin with client 15). A cluster of that version is
 * started for the test; `backup` then chooses pg_dump by itself and `restore` recognises the archive.
 * Skipped elsewhere (the embedded server is 17, so the app's own export is what runs there).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureDatabase, startEmbeddedPostgres, type EmbeddedServer } from '../../../src/db/embedded.ts';
import { createDb } from '../../../src/db/knex.ts';
import { prepareSchema } from '../../../src/db/open.ts';
import { databaseSummary } from '../../../src/features/backup/service.ts';
import { seedCast } from '../../helpers/actors.ts';
import { insertWoman } from '../../helpers/records.ts';
import { cli } from '../../helpers/cli.ts';

const clientMajor = /(\d+)/.exec(spawnSync('pg_dump', ['--version'], { encoding: 'utf8' }).stdout ?? '')?.[1];
const binDir = clientMajor ? `/usr/lib/postgresql/${clientMajor}/bin` : '';
const available = !!clientMajor && fs.existsSync(path.join(binDir, 'postgres')) && fs.existsSync(path.join(binDir, 'initdb'));

describe.skipIf(!available)(`backup and restore with pg_dump ${clientMajor ?? ''}`, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fp-pgdump-'));
  let server: EmbeddedServer;
  let src: Knex;
  let dst: Knex;

  beforeAll(async () => {
    server = await startEmbeddedPostgres({
      dir,
      settings: { fsync: 'off' },
      binaries: { initdb: path.join(binDir, 'initdb'), pg_ctl: path.join(binDir, 'pg_ctl'), postgres: path.join(binDir, 'postgres') },
    });
    await ensureDatabase(server.url('postgres'), 'src');
    await ensureDatabase(server.url('postgres'), 'dst');
    src = createDb(server.url('src'), { poolMax: 2 });
    dst = createDb(server.url('dst'), { poolMax: 2 });
    await prepareSchema(src);
    const cast = await seedCast(src);
    for (let i = 0; i < 10; i++) await insertWoman(src, { regionId: cast.world.villageB1.id, name: `李桂${i}` });
  }, 120_000);
  afterAll(async () => {
    await src?.destroy();
    await dst?.destroy();
    await server?.stop('immediate');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('chooses pg_dump, restores with pg_restore into an empty database, identical data, and refuses a non-empty one', async () => {
    const file = path.join(dir, 'dump.fpbak');
    const made = cli(server.url('src'), ['backup', file]);
    expect(made.code, made.err).toBe(0);
    expect(made.out).toContain('pg_dump 自定义格式');
    expect(fs.readFileSync(file).subarray(0, 5).toString('latin1')).toBe('PGDMP');

    const restored = cli(server.url('dst'), ['restore', file]);
    expect(restored.code, restored.err).toBe(0);
    expect(await databaseSummary(dst)).toEqual(await databaseSummary(src));

    const refused = cli(server.url('src'), ['restore', file]);
    expect(refused.code).not.toBe(0);
    expect(refused.err).toMatch(/不是空的/);
  }, 120_000);
});
