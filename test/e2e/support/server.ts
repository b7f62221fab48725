/**
 * The real server as a child process (`node --import tsx src/server.ts`, one process, so a SIGKILL kills the
 * server itself and not a wrapper): a test database or an embedded data folder, a random free port, and its
 * stdout kept so tests can read the structured logs. Browser flows, fault and shutdown tests start it here.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { freePort } from '../../../src/db/embedded.ts';
import { TEST_NOW } from '../../helpers/clock.ts';

export const root = path.resolve(import.meta.dirname, '..', '..', '..');

export interface ServerOptions {
  /** DATABASE_URL; when omitted the server starts its own embedded PostgreSQL in `dataDir`. */
  databaseUrl?: string;
  dataDir?: string;
  /** Keep a port across restarts (the kill -9 test starts a second process on the same address). */
  port?: number;
  env?: Record<string, string>;
  readyTimeoutMs?: number;
}

export interface RunningServer {
  url: string;
  port: number;
  proc: ChildProcess;
  /** Everything the process printed so far (stdout and stderr). */
  output(): string;
  /** The pino JSON lines of stdout, parsed. */
  logLines(): Record<string, unknown>[];
  /** Send a signal and wait for the exit code (null when killed by a signal). */
  stop(signal?: NodeJS.Signals, timeoutMs?: number): Promise<number | null>;
  exited: Promise<number | null>;
}

export const TEST_SESSION_SECRET = 'e2e-secret-e2e-secret-e2e-secret-0123456';

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const port = options.port ?? (await freePort());
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? '/tmp',
    PORT: String(port),
    HOST: '127.0.0.1',
    DEMO: '0',
    NODE_ENV: 'test',
    ARGON2_MEMORY_KIB: '256',
    LOGIN_RATE_LIMIT: '100000',
    SESSION_SECRET: TEST_SESSION_SECRET,
    LOG_LEVEL: 'info',
    CLOCK_START: TEST_NOW.toISOString(),
    ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {}),
    ...(options.dataDir ? { DATA_DIR: options.dataDir } : {}),
    ...options.env,
  };
  const proc = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let stdout = '';
  proc.stdout!.on('data', (d) => {
    out += d;
    stdout += d;
  });
  proc.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;

  const deadline = Date.now() + (options.readyTimeoutMs ?? 60_000);
  let gone = false;
  void exited.then(() => (gone = true));
  for (;;) {
    if (gone) throw new Error(`server exited before it was ready:\n${out}`);
    if (Date.now() > deadline) {
      proc.kill('SIGKILL');
      throw new Error(`server not ready after ${options.readyTimeoutMs ?? 60_000} ms:\n${out}`);
    }
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.status === 200) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 150));
  }

  return {
    url,
    port,
    proc,
    exited,
    output: () => out,
    logLines: () =>
      stdout
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => {
          try {
            return JSON.parse(l) as Record<string, unknown>;
          } catch {
            return {};
          }
        }),
    async stop(signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 30_000) {
      if (proc.exitCode !== null || proc.signalCode !== null) return proc.exitCode;
      proc.kill(signal);
      const timer = setTimeout(() => proc.kill('SIGKILL'), timeoutMs);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}
