/**
 * A session that cannot be saved after its response went out (the database went away meanwhile) must not cut
 * the connection. express-session reports it by calling next(err) once more; when the response had come from
 * the error handler (a 404 or 503 page) the router had already passed it, so the error reached Express's final
 * handler, which destroys the socket — on a keep-alive connection, often while it carried the client's next
 * request (the fault tests saw "other side closed" and /healthz unanswered during a database kill).
 */
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import session from 'express-session';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../src/app.ts';
import { createSessionStore } from '../../../src/auth/session.ts';
import { createPgPool } from '../../../src/db/knex.ts';
import { seedCast, type Cast } from '../../helpers/actors.ts';
import { testConfig, testHasher } from '../../helpers/app.ts';
import { useTestDatabase } from '../../helpers/db.ts';
import { Client } from '../../helpers/http.ts';

/** The real store, whose writes fail while `failing` is set (as they do when PostgreSQL is down). */
class FlakyStore extends session.Store {
  failing = false;
  constructor(private readonly inner: session.Store) {
    super();
  }
  get(sid: string, cb: (err: unknown, s?: session.SessionData | null) => void) {
    this.inner.get(sid, cb);
  }
  set(sid: string, s: session.SessionData, cb?: (err?: unknown) => void) {
    if (this.failing) return void setTimeout(() => cb?.(new Error('Connection terminated unexpectedly')), 5);
    this.inner.set(sid, s, cb);
  }
  override touch(sid: string, s: session.SessionData, cb?: (err?: unknown) => void) {
    if (this.failing) return void setTimeout(() => cb?.(new Error('Connection terminated unexpectedly')), 5);
    (this.inner as Required<session.Store>).touch(sid, s, cb as () => void);
  }
  destroy(sid: string, cb?: (err?: unknown) => void) {
    this.inner.destroy(sid, cb);
  }
}

describe('a session save failing after the response', () => {
  const t = useTestDatabase();
  const warnings: string[] = [];
  let store: FlakyStore;
  let server: http.Server;
  let pool: ReturnType<typeof createPgPool>;
  let cast: Cast;
  let cookie = '';

  beforeAll(async () => {
    cast = await seedCast(t.db);
    pool = createPgPool(t.url, 2);
    store = new FlakyStore(createSessionStore(pool, false));
    const config = testConfig();
    const logger = pino({ level: 'warn' }, { write: (line: string) => void warnings.push(line) });
    const app = createApp({ config, db: t.db, reportsDb: t.db, hasher: testHasher, logger, now: () => new Date(), sessionStore: store, sessionSecret: config.sessionSecret! });
    server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    // Sign in through supertest on the same app, then reuse its session cookie over a keep-alive socket.
    const c = new Client(app);
    const res = await c.login(cast.users.clerkA.username, cast.users.clerkA.password);
    cookie = String(res.headers['set-cookie']).split(';')[0];
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
    await pool.end();
  });

  it('answers, keeps the connection open for the next request, and logs the failed save', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const port = (server.address() as AddressInfo).port;
    const get = (path: string) =>
      new Promise<{ status: number; socket: Socket }>((resolve, reject) => {
        const req = http.get({ host: '127.0.0.1', port, path, agent, headers: { cookie } }, (res) => {
          res.resume();
          res.on('end', () => resolve({ status: res.statusCode!, socket: req.socket! }));
        });
        req.on('error', reject);
      });
    store.failing = true;
    // A 404 page comes from the error handler; its session (touched on every request) then fails to save.
    const first = await get('/no-such-page');
    expect(first.status).toBe(404);
    let closed = false;
    first.socket.once('close', () => (closed = true));
    await new Promise((r) => setTimeout(r, 200));
    expect(closed, 'the server kept the keep-alive connection').toBe(false);
    const second = await get('/women');
    expect(second.status).toBe(200);
    expect(second.socket, 'the next request went over the same connection').toBe(first.socket);
    expect(warnings.some((w) => w.includes('session not saved after the response'))).toBe(true);
    store.failing = false;
    agent.destroy();
  });
});
