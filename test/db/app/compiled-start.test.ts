/**
 * `npm start` and `npm run cli` run the build output (dist/, `npm run build`), not tsx: the compiled server finds
 * its views, its migrations under the names the sources gave them, and forks the compiled import job process
 * with plain node. The build is incremental (a no-op after `npm ci`, whose prepare script built it).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Express } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { availableMigrations } from '../../../src/db/migrate.ts';
import { root } from '../../helpers/cli.ts';
import { useTestDatabase } from '../../helpers/db.ts';
import { makeUser, seedWorld } from '../../helpers/fixtures.ts';
import { $, Client } from '../../helpers/http.ts';
import { womanId } from '../../helpers/women.ts';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('the build output runs with plain node', () => {
  const t = useTestDatabase();
  let server: ChildProcess | undefined;
  let base = '';
  let output = '';
  let exited: Promise<number | null>;
  let dataDir: string;
  const env = () => ({
    PATH: process.env.PATH,
    NODE_ENV: 'test',
    DATABASE_URL: t.url,
    DEMO: '0',
    LOG_LEVEL: 'silent',
    ARGON2_MEMORY_KIB: '256',
    SESSION_SECRET: 'compiled-start-test-secret-0123456789abcdef',
    DATA_DIR: dataDir,
  });

  beforeAll(async () => {
    const build = spawnSync(process.execPath, [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-b', 'src/tsconfig.build.json'], { cwd: root, encoding: 'utf8' });
    expect(build.stdout + build.stderr).toBe('');
    expect(build.status).toBe(0);
    expect(fs.existsSync(path.join(root, 'dist', 'src', 'server.js'))).toBe(true);

    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fp-compiled-'));
    const w = await seedWorld(t.db);
    await makeUser(t.db, { role: 'clerk', regionId: w.townshipA.id, username: 'clerk_c', password: 'Password-123' });

    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    // Another folder as cwd: the server finds views/ and migrations from where its code is.
    server = spawn(process.execPath, [path.join(root, 'dist', 'src', 'server.js')], { cwd: dataDir, env: { ...env(), PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'] });
    server.stdout?.on('data', (d: Buffer) => (output += d.toString()));
    server.stderr?.on('data', (d: Buffer) => (output += d.toString()));
    const proc = server;
    exited = new Promise((resolve) => proc.on('exit', (code) => resolve(code)));
    for (let i = 0; ; i++) {
      const up = await fetch(`${base}/healthz`).then(
        (r) => r.ok,
        () => false,
      );
      if (up) break;
      if (proc.exitCode !== null || i > 300) throw new Error(`compiled server did not start:\n${output}`);
      await sleep(100);
    }
  }, 180_000);

  afterAll(async () => {
    if (server && server.exitCode === null) {
      server.kill('SIGKILL');
      await exited;
    }
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers /healthz and renders the sign-in page from views/', async () => {
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const login = await fetch(`${base}/login`);
    expect(login.status).toBe(200);
    expect($(await login.text())('form input[name="username"]').length).toBe(1);
    expect((await fetch(`${base}/assets/favicon.svg`)).status).toBe(200);
  });

  it('checks an upload in the compiled import job process', async () => {
    const clerk = new Client(base as unknown as Express);
    await clerk.login('clerk_c', 'Password-123');
    const csv = `公民身份号码,妇女姓名,所在村,户口性质,婚姻状况\n${womanId('1991-03-04')},孙丽,990100001001,农业,未婚\n`;
    const token = await clerk.refreshToken('/imports');
    const res = await clerk.agent
      .post(`/imports?_csrf=${encodeURIComponent(token)}`)
      .field('kind', 'women')
      .attach('file', Buffer.from(csv), '妇女.csv')
      .redirects(0);
    expect(res.status).toBe(303);
    const id = Number(/\/imports\/(\d+)$/.exec(res.headers.location as string)![1]);
    let status = '';
    for (let i = 0; i < 300; i++) {
      const row = (await t.db('import_jobs').where({ id }).first('status')) as { status: string };
      status = row.status;
      if (!['queued', 'checking'].includes(status)) break;
      await sleep(100);
    }
    const page = $((await clerk.get(`/imports/${id}`)).text);
    expect(page('section.panel.ok h2').text(), `${status}: ${page('.flash-error').text()}\n${output}`).toBe('检查通过');
  });

  it('the compiled CLI sees the migrations the sources applied, under the same names', async () => {
    const migrate = spawnSync(process.execPath, [path.join(root, 'dist', 'src', 'cli.js'), 'migrate'], { cwd: root, encoding: 'utf8', env: env() });
    expect(migrate.stderr).toBe('');
    expect(migrate.status).toBe(0);
    const list = spawnSync(process.execPath, ['--input-type=module', '-e', "const m = await import('./dist/src/db/migrate.js'); console.log(JSON.stringify(await m.availableMigrations()))"], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(JSON.parse(list.stdout)).toEqual(await availableMigrations());
  });

  it('stops on SIGTERM with exit code 0', async () => {
    server!.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
