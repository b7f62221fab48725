/**
 * A primary and a streaming replica made with the distribution's PostgreSQL (Debian's postgresql package, which
 * .ci/run installs): initdb, a replication role, `pg_basebackup -R`, both started with pg_ctl. PostgreSQL refuses
 * to run as root, so as root the binaries run as the `postgres` user (src/db/embedded.ts does the same).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres, type Binaries, type EmbeddedServer } from '../../src/db/embedded.ts';

/** The newest /usr/lib/postgresql/<major>/bin holding the binaries the ops tests need, or undefined. */
export function distributionPgBin(): string | undefined {
  const base = '/usr/lib/postgresql';
  if (!fs.existsSync(base)) return undefined;
  const majors = fs
    .readdirSync(base)
    .filter((n) => /^\d+$/.test(n))
    .sort((a, b) => Number(b) - Number(a));
  for (const m of majors) {
    const bin = path.join(base, m, 'bin');
    if (['initdb', 'pg_ctl', 'postgres', 'pg_basebackup'].every((b) => fs.existsSync(path.join(bin, b)))) return bin;
  }
  return undefined;
}

export const PG_MISSING_REASON = 'PostgreSQL 服务器程序（Debian postgresql 包：/usr/lib/postgresql/<版本>/bin 的 initdb、pg_ctl、pg_basebackup）未安装；.ci/run 会安装';

const binariesIn = (bin: string): Binaries => ({ initdb: path.join(bin, 'initdb'), pg_ctl: path.join(bin, 'pg_ctl'), postgres: path.join(bin, 'postgres') });

function postgresUser(): { uid?: number; gid?: number } {
  if (os.userInfo().uid !== 0) return {};
  const u = fs
    .readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('postgres:'));
  if (!u) throw new Error('no postgres user (src/db/embedded.ts creates it on first start)');
  const [, , uid, gid] = u.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

function run(cmd: string, args: string[], env: Record<string, string> = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { ...postgresUser(), env: { LC_ALL: 'C', PATH: process.env.PATH ?? '/usr/bin:/bin', ...env } });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`${path.basename(cmd)} ${args.join(' ')} → ${code}\n${out}`))));
  });
}

export async function sql<T extends pg.QueryResultRow = pg.QueryResultRow>(url: string, text: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return (await client.query<T>(text, params)).rows;
  } finally {
    await client.end();
  }
}

export interface ReplicaPair {
  primary: EmbeddedServer;
  replica: EmbeddedServer;
  /** ms from the end of pg_basebackup until the replica streamed (pg_stat_replication state 'streaming'). */
  streamingAfterMs: number;
  /** Wait until the replica has replayed everything the primary has written so far; the ms from then until it had. */
  caughtUp(timeoutMs?: number): Promise<number>;
  destroy(): Promise<void>;
}

const SERVER_SETTINGS = { fsync: 'off', synchronous_commit: 'on', wal_level: 'replica', max_wal_senders: '5', hot_standby: 'on', max_connections: '60', shared_buffers: '32MB' };

export async function startReplicaPair(log: (line: string) => void = () => undefined): Promise<ReplicaPair> {
  const bin = distributionPgBin();
  if (!bin) throw new Error(PG_MISSING_REASON);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'fp-ops-pg-'));
  fs.chmodSync(root, 0o711);
  const primary = await startEmbeddedPostgres({ dir: path.join(root, 'primary'), binaries: binariesIn(bin), settings: SERVER_SETTINGS, log });
  const replPassword = 'repl-' + Math.random().toString(36).slice(2);
  await sql(primary.url('postgres'), `create role replicator with replication login password '${replPassword}'`);

  const replicaDir = path.join(root, 'replica');
  const pgdata = path.join(replicaDir, 'pgdata');
  fs.mkdirSync(pgdata, { recursive: true, mode: 0o700 });
  fs.chmodSync(replicaDir, 0o711);
  const as = postgresUser();
  if (as.uid !== undefined) fs.chownSync(pgdata, as.uid, as.gid!);
  // The replica answers with the primary's superuser password (its users are the primary's).
  fs.copyFileSync(path.join(root, 'primary', 'pg-password'), path.join(replicaDir, 'pg-password'));
  await run(path.join(bin, 'pg_basebackup'), ['-h', '127.0.0.1', '-p', String(primary.port), '-U', 'replicator', '-D', pgdata, '-R', '-X', 'stream', '-c', 'fast'], { PGPASSWORD: replPassword });
  const t0 = performance.now();
  const replica = await startEmbeddedPostgres({ dir: replicaDir, binaries: binariesIn(bin), settings: SERVER_SETTINGS, log });
  for (;;) {
    const rows = await sql<{ state: string }>(primary.url('postgres'), `select state from pg_stat_replication where usename = 'replicator'`);
    if (rows[0]?.state === 'streaming') break;
    if (performance.now() - t0 > 30_000) throw new Error('replica did not start streaming');
    await new Promise((r) => setTimeout(r, 50));
  }
  const streamingAfterMs = performance.now() - t0;

  return {
    primary,
    replica,
    streamingAfterMs,
    async caughtUp(timeoutMs = 30_000) {
      // Connect first (a connection costs more than the wait being measured), then poll every 10 ms.
      const client = new pg.Client({ connectionString: replica.url('postgres') });
      client.on('error', () => undefined);
      await client.connect();
      try {
        const [{ lsn }] = await sql<{ lsn: string }>(primary.url('postgres'), 'select pg_current_wal_lsn()::text as lsn');
        const start = performance.now();
        for (;;) {
          const { rows } = await client.query<{ done: boolean }>(`select pg_last_wal_replay_lsn() >= $1::pg_lsn as done`, [lsn]);
          if (rows[0]!.done) return performance.now() - start;
          if (performance.now() - start > timeoutMs) throw new Error('replica did not catch up');
          await new Promise((r) => setTimeout(r, 10));
        }
      } finally {
        await client.end();
      }
    },
    async destroy() {
      await replica.stop('immediate').catch(() => undefined);
      await primary.stop('immediate').catch(() => undefined);
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
}
