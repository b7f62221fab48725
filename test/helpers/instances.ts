/**
 * Several portal processes behind Debian's nginx: `node --import tsx src/server.ts` children on one database (the
 * way test/bench/server-proc.ts starts one), nginx round-robin in front of them, and a small browser over
 * node:http that keeps its session cookie, reads CSRF tokens from pages and can connect from another loopback
 * address (127.0.0.2 …) so the sign-in limit sees another client.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import * as cheerio from 'cheerio';
import { freePort } from '../../src/db/embedded.ts';

const root = path.resolve(import.meta.dirname, '..', '..');

export const NGINX = '/usr/sbin/nginx';
export const NGINX_MISSING_REASON = `nginx 未安装（${NGINX}；Debian nginx 包，.ci/run 会安装）`;

export interface Proc {
  base: string;
  port: number;
  output(): string;
  stop(): Promise<void>;
}

async function waitFor(url: string, child: ChildProcess, output: () => string, what: string) {
  const deadline = performance.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${what} exited (${child.exitCode}):\n${output()}`);
    try {
      const res = await fetch(url);
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    if (performance.now() > deadline) throw new Error(`${what} did not start:\n${output()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

function stopper(child: ChildProcess): () => Promise<void> {
  return () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
}

/** One portal process (production mode, sessions and limits in the shared database). */
export async function startInstance(databaseUrl: string, name: string, env: Record<string, string> = {}): Promise<Proc> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: root,
    env: {
      PATH: process.env.PATH,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      NODE_ENV: 'production',
      DEMO: '0',
      LOG_LEVEL: 'warn',
      TRUST_PROXY: '1',
      INSTANCE_NAME: name,
      ARGON2_MEMORY_KIB: '256',
      SESSION_SECRET: 'ops-secret-ops-secret-ops-secret-0123456789',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const base = `http://127.0.0.1:${port}`;
  await waitFor(`${base}/healthz`, child, () => output, `portal ${name}`);
  return { base, port, output: () => output, stop: stopper(child) };
}

/** nginx in the foreground with everything (pid, logs, temp files) inside its own folder. */
export async function startNginx(upstreams: number[]): Promise<Proc> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fp-ops-nginx-'));
  fs.chmodSync(dir, 0o755);
  const port = await freePort();
  const conf = `
worker_processes 1;
error_log ${dir}/error.log warn;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path ${dir}/client_body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  upstream portal {
${upstreams.map((p) => `    server 127.0.0.1:${p};`).join('\n')}
  }
  server {
    listen 127.0.0.1:${port};
    client_max_body_size 20m;
    location / {
      proxy_pass http://portal;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
    }
  }
}
`;
  const confFile = path.join(dir, 'nginx.conf');
  fs.writeFileSync(confFile, conf);
  const user = os.userInfo().uid === 0 ? 'user root;' : '';
  const child = spawn(NGINX, ['-p', dir, '-c', confFile, '-e', path.join(dir, 'error.log'), '-g', `daemon off; pid ${dir}/nginx.pid; ${user}`], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const base = `http://127.0.0.1:${port}`;
  const log = () => output + (fs.existsSync(path.join(dir, 'error.log')) ? fs.readFileSync(path.join(dir, 'error.log'), 'utf8') : '');
  await waitFor(`${base}/healthz`, child, log, 'nginx');
  const stop = stopper(child);
  return {
    base,
    port,
    output: log,
    async stop() {
      await stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface Page {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  /** X-Instance: which process answered. */
  instance: string;
}

/** A browser: one session cookie, the CSRF token of the last page that had one, an optional source address. */
export class Browser {
  cookie = '';
  token = '';

  constructor(private readonly localAddress?: string) {}

  private request(method: 'GET' | 'POST', url: string, body?: string): Promise<Page> {
    const u = new URL(url);
    return new Promise((resolve, reject) => {
      const req = http.request(
        {
          method,
          host: u.hostname,
          port: u.port,
          path: `${u.pathname}${u.search}`,
          localAddress: this.localAddress,
          agent: false,
          headers: {
            ...(this.cookie ? { cookie: this.cookie } : {}),
            ...(body !== undefined ? { 'content-type': 'application/x-www-form-urlencoded', 'content-length': String(Buffer.byteLength(body)) } : {}),
          },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (d) => (text += d));
          res.on('end', () => {
            for (const c of res.headers['set-cookie'] ?? []) {
              const pair = c.split(';')[0]!;
              this.cookie = /=$/.test(pair) || /expires=Thu, 01 Jan 1970/i.test(c) ? '' : pair;
            }
            const token = cheerio.load(text)('meta[name="csrf-token"]').attr('content');
            if (token) this.token = token;
            resolve({ status: res.statusCode ?? 0, headers: res.headers, text, instance: String(res.headers['x-instance'] ?? '') });
          });
        },
      );
      req.on('error', reject);
      if (body !== undefined) req.write(body);
      req.end();
    });
  }

  get(url: string) {
    return this.request('GET', url);
  }

  /** POST a form with this browser's current CSRF token (unless the fields carry their own _csrf). */
  post(url: string, fields: Record<string, string>) {
    return this.request('POST', url, new URLSearchParams({ _csrf: this.token, ...fields }).toString());
  }

  async login(base: string, username: string, password: string): Promise<Page> {
    await this.get(`${base}/login`);
    return this.post(`${base}/login`, { username, password, next: '/' });
  }
}
