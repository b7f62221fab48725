/**
 * Operations with the real server on its own embedded PostgreSQL (no DATABASE_URL, as `npm start` runs it):
 *  - `npm run cli -- backup` joins the running database and writes a backup without stopping it;
 *  - SIGTERM lets a request already in flight finish (its write lands), refuses new connections, stops the
 *    embedded database and exits 0;
 *  - the process's own log holds no password, name, query string or form field.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres, type EmbeddedServer } from '../../src/db/embedded.ts';
import { createDb } from '../../src/db/knex.ts';
import { EMBEDDED_DB_NAME } from '../../src/db/open.ts';
import { readHeader } from '../../src/features/backup/service.ts';
import { seedCast, type Cast } from '../helpers/actors.ts';
import { must } from '../helpers/must.ts';
import { health, ServerClient } from './support/http.ts';
import { root, startServer, type RunningServer } from './support/server.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A raw HTTP request whose body is sent in two parts, so the test decides when it is complete. */
function slowPost(port: number, path: string, headers: Record<string, string>, body: string) {
  const socket = net.connect(port, '127.0.0.1');
  let response = '';
  socket.on('data', (d) => (response += d));
  const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
  const head = [
    `POST ${path} HTTP/1.1`,
    'Host: 127.0.0.1',
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Content-Type: application/x-www-form-urlencoded',
    ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
  ].join('\r\n');
  const half = Math.floor(body.length / 2);
  socket.write(`${head}\r\n\r\n${body.slice(0, half)}`);
  return {
    finish: () => socket.write(body.slice(half)),
    response: async () => {
      for (let i = 0; i < 100 && !/\r\n\r\n/.test(response); i++) await sleep(50);
      return response;
    },
    closed,
  };
}

describe('operations: backup while running, graceful shutdown, logs', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fp-ops-'));
  let server: RunningServer;
  let pg: EmbeddedServer;
  let db: Knex;
  let cast: Cast;

  beforeAll(async () => {
    // mkdtemp makes a 0700 folder; the embedded server may run as the postgres user (when we are root).
    fs.chmodSync(dataDir, 0o711);
    server = await startServer({ dataDir, readyTimeoutMs: 120_000 });
    // Join the cluster the server started (the same way the CLI does) to seed accounts.
    pg = await startEmbeddedPostgres({ dir: path.join(dataDir, 'postgres') });
    expect(pg.startedHere).toBe(false);
    db = createDb(pg.url(EMBEDDED_DB_NAME), { poolMax: 2 });
    cast = await seedCast(db);
  }, 150_000);

  afterAll(async () => {
    await server?.stop('SIGKILL');
    await db?.destroy();
    const again = await startEmbeddedPostgres({ dir: path.join(dataDir, 'postgres') }).catch(() => undefined);
    await again?.stop('immediate');
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('backs up the running portal’s embedded database without stopping it', async () => {
    const admin = await new ServerClient(server.url).signIn(cast.users.admin.username, cast.users.admin.password);
    expect((await admin.post('/admin/regions', { code: '990100001050', name: '备份村' })).status).toBe(303);
    const file = path.join(dataDir, 'running.fpbak');
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'backup', file], {
      cwd: root,
      encoding: 'utf8',
      env: { PATH: process.env.PATH, DATA_DIR: dataDir, NODE_ENV: 'test', LOG_LEVEL: 'silent' },
    });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain('复用已在运行的内置数据库');
    const header = await readHeader(file);
    expect(header.migrations.length).toBeGreaterThan(0);
    expect(header.tables.map((t) => t.name)).toContain('regions');
    expect(await health(server.url), 'the portal still answers after the backup').toBe(200);
    expect((await admin.get('/admin/regions')).status).toBe(200);
  }, 60_000);

  it('SIGTERM: the request in flight finishes and its write lands, new connections are refused, the database stops, exit 0', async () => {
    const admin = await new ServerClient(server.url).signIn(cast.users.admin.username, cast.users.admin.password);
    const page = await admin.get('/admin/regions');
    const token = /name="csrf-token" content="([^"]+)"/.exec(page.text)![1];
    const cookie = (admin as unknown as { cookie: string }).cookie;
    const body = new URLSearchParams({ _csrf: token, code: '990100001051', name: '停机前的村' }).toString();
    const req = slowPost(server.port, '/admin/regions', { Cookie: cookie }, body);
    await sleep(300);

    server.proc.kill('SIGTERM');
    await sleep(500);
    expect(await health(server.url), 'no new connections while stopping').toBe(0);
    req.finish();
    const response = await req.response();
    expect(response).toMatch(/^HTTP\/1\.1 303/);
    const answeredAt = Date.now();
    const code = await server.exited;
    expect(code).toBe(0);
    const exitMs = Date.now() - answeredAt;
    expect(exitMs, 'exits promptly once the last request is answered').toBeLessThan(4000);
    console.info(`[ops] SIGTERM: request in flight answered 303, process exited 0 ${exitMs} ms later (embedded database stopped)`);
    expect(server.output()).toContain('已停止');
    expect(fs.existsSync(path.join(dataDir, 'postgres', 'pgdata', 'postmaster.pid')), 'the embedded database was stopped').toBe(false);

    // Start the cluster again: the write of the request that was in flight is there, with its audit row.
    await db.destroy();
    pg = await startEmbeddedPostgres({ dir: path.join(dataDir, 'postgres') });
    db = createDb(pg.url(EMBEDDED_DB_NAME), { poolMax: 2 });
    const region = await db('regions').where({ code: '990100001051' }).first();
    expect(region?.name).toBe('停机前的村');
    expect(
      await db('audit_log')
        .where({ action: 'region.create', entity_id: String(must(region, 'the region').id) })
        .first(),
    ).toBeTruthy();
  }, 90_000);

  it('the server’s own log holds no password, name, query string or form field', () => {
    const out = server.output();
    expect(out).toMatch(/"msg":"request"/);
    for (const forbidden of [cast.users.admin.password, '备份村', '停机前的村', '_csrf', 'password=', 'code=9901']) {
      expect(out, `log contains ${forbidden}`).not.toContain(forbidden);
    }
  });
});
