/**
 * A form's redirect carries a committed session. express-session writes the response's headers (and all but the
 * last byte of its body) before it saves the session, and a browser follows a 303 as soon as it has the
 * headers: under load the next page read the session before the save and the flash message ("已保存 …") was
 * lost (the browser flows failed now and then in CI). Here the store is made slow, and the session row is read
 * the moment the 303's headers arrive: it must already hold the message.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import session from 'express-session';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../src/app.ts';
import { createSessionStore } from '../../../src/auth/session.ts';
import { createPgPool } from '../../../src/db/knex.ts';
import { testConfig, testHasher, TestClock } from '../../helpers/app.ts';
import { useTestDatabase } from '../../helpers/db.ts';
import { makeUser, seedWorld, type World } from '../../helpers/fixtures.ts';
import { must } from '../../helpers/must.ts';
import { Client } from '../../helpers/http.ts';
import { cardFields } from '../../helpers/women.ts';

/** The real store, each write arriving 300 ms late (a database under load). */
class SlowStore extends session.Store {
  constructor(private readonly inner: session.Store) {
    super();
  }
  get(sid: string, cb: (err: unknown, s?: session.SessionData | null) => void) {
    this.inner.get(sid, cb);
  }
  set(sid: string, s: session.SessionData, cb?: (err?: unknown) => void) {
    setTimeout(() => this.inner.set(sid, s, cb), 300);
  }
  destroy(sid: string, cb?: (err?: unknown) => void) {
    this.inner.destroy(sid, cb);
  }
}

describe('a redirect after a form waits for the session to be saved', () => {
  const t = useTestDatabase();
  let server: http.Server;
  let pool: ReturnType<typeof createPgPool>;
  let w: World;
  let client: Client;
  let cookie = '';

  beforeAll(async () => {
    w = await seedWorld(t.db);
    const u = await makeUser(t.db, { role: 'clerk', regionId: w.townshipA.id });
    pool = createPgPool(t.url, 2);
    const config = testConfig();
    const app = createApp({
      config,
      db: t.db,
      reportsDb: t.db,
      hasher: testHasher,
      logger: pino({ level: 'silent' }),
      now: new TestClock().now,
      sessionStore: new SlowStore(createSessionStore(pool, false)),
      sessionSecret: config.sessionSecret!,
    });
    server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    client = new Client(app);
    const res = await client.login(u.username, u.password);
    cookie = String(res.headers['set-cookie']).split(';')[0];
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
    await pool.end();
  });

  it('the session row holds the flash message when the 303 arrives', async () => {
    const token = await client.refreshToken('/women/new');
    const body = new URLSearchParams({ ...cardFields(w.villageA1.code, { name: '重定向测试' }), _csrf: token }).toString();
    const sid = decodeURIComponent(cookie.split('=')[1]).replace(/^s:/, '').split('.')[0];
    const port = (server.address() as AddressInfo).port;
    const atHeaders = await new Promise<{ status: number; sess: { flash?: { text: string }[] } }>((resolve, reject) => {
      const req = http.request(
        { host: '127.0.0.1', port, path: '/women', method: 'POST', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' } },
        (res) => {
          // What a browser would read on following the redirect now, before the body's last byte.
          void t
            .db('session')
            .where({ sid })
            .first('sess')
            .then((row) => {
              res.resume();
              resolve({ status: res.statusCode!, sess: must(row, 'session row').sess as { flash?: { text: string }[] } });
            }, reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
    expect(atHeaders.status).toBe(303);
    expect(atHeaders.sess.flash?.map((f) => f.text).join()).toContain('重定向测试');
  });
});
