/**
 * The portal as it runs for users: `node --import tsx src/server.ts` in a child process (NODE_ENV=production:
 * view cache on), on the benchmark database. Its resident memory is read from /proc while it works.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';
import { freePort } from '../../src/db/embedded.ts';

const root = path.resolve(import.meta.dirname, '..', '..');

export interface ServerProc {
  base: string;
  pid: number;
  /** What the server printed (warnings and errors: LOG_LEVEL=warn). */
  output(): string;
  /** Resident set size in MB (Linux /proc), or NaN elsewhere. */
  rssMb(): number;
  /** RSS of the import job processes the server has forked (0 when none runs). */
  jobRssMb(): number;
  stop(): Promise<void>;
}

export async function startServer(databaseUrl: string, log: (line: string) => void, nodeFlags: string[] = []): Promise<ServerProc> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [...nodeFlags, '--import', 'tsx', 'src/server.ts'], {
    cwd: root,
    env: {
      PATH: process.env.PATH,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      NODE_ENV: 'production',
      DEMO: '0',
      LOG_LEVEL: 'warn',
      LOGIN_RATE_LIMIT: '100000',
      SESSION_SECRET: 'bench-secret-bench-secret-bench-secret-0123',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}):\n${output}`);
    try {
      const res = await fetch(`${base}/healthz`);
      if (res.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`server did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  log(`门户已启动（子进程 ${child.pid}，${base}）`);
  return {
    base,
    pid: child.pid!,
    output: () => output,
    rssMb() {
      try {
        const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        return m ? Number(m[1]) / 1024 : NaN;
      } catch {
        return NaN;
      }
    },
    jobRssMb() {
      // The import job processes the server forks (job-worker.ts), found by parent pid and command line.
      let sum = 0;
      for (const entry of fs.readdirSync('/proc')) {
        if (!/^\d+$/.test(entry)) continue;
        try {
          const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
          const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
          if (ppid !== child.pid || !fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes('job-worker')) continue;
          const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${entry}/status`, 'utf8'));
          if (m) sum += Number(m[1]) / 1024;
        } catch {
          // The process ended while being read.
        }
      }
      return sum;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** Sample the server's RSS (and its import job processes') every 100 ms while `work` runs; the peaks in MB. */
export async function peakRss<T>(server: ServerProc, work: () => Promise<T>): Promise<{ result: T; peakMb: number; jobPeakMb: number }> {
  let peak = server.rssMb();
  let jobPeak = server.jobRssMb();
  const sample = () => {
    peak = Math.max(peak, server.rssMb());
    jobPeak = Math.max(jobPeak, server.jobRssMb());
  };
  const timer = setInterval(sample, 100);
  try {
    const result = await work();
    sample();
    return { result, peakMb: peak, jobPeakMb: jobPeak };
  } finally {
    clearInterval(timer);
  }
}

/**
 * The server runs its nightly jobs shortly after it starts (src/jobs/scheduler.ts: 10 s, then the recompute of
 * every active card). Wait until they are done — no query of the portal's pool running for 3 s in a row —
 * so they do not land in the middle of a measurement.
 */
export async function waitForQuiet(db: Knex, log: (line: string) => void, startedAt: number): Promise<void> {
  const t0 = Date.now();
  await new Promise((r) => setTimeout(r, Math.max(0, startedAt + 12_000 - Date.now())));
  let quietSince = Date.now();
  while (Date.now() - quietSince < 3000 && Date.now() - t0 < 180_000) {
    const { rows } = await db.raw<{ rows: { n: number }[] }>(`select count(*)::int as n from pg_stat_activity where application_name = 'fp-portal' and state <> 'idle'`);
    if (rows[0].n > 0) quietSince = Date.now();
    await new Promise((r) => setTimeout(r, 250));
  }
  log(`  等待门户启动后的夜间任务完成：${((Date.now() - t0) / 1000).toFixed(0)} 秒`);
}
