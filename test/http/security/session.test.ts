/**
 * Sessions and brute force, beyond test/http/app/auth.test.ts: a cookie captured before sign-in or after sign-out
 * is dead when replayed; Secure cookies behind a TLS proxy; the idle timeout tells the user why; lockout is
 * per account whatever the address or letter case and is audited; the rate limit refuses even the right
 * password and is per address; and the number of password guesses one account can receive in an hour is
 * measured with the test clock.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { LOGIN_FAILED_MESSAGE, LOGIN_LOCKED_MESSAGE } from '../../../src/domain/passwords.ts';
import { seedCast, type Cast } from '../../helpers/actors.ts';
import { buildTestApp, type TestApp } from '../../helpers/app.ts';
import { useTestDatabase } from '../../helpers/db.ts';
import { makeUser } from '../../helpers/fixtures.ts';
import { $, Client } from '../../helpers/http.ts';
import { testNow } from '../../helpers/clock.ts';
import { loginKey } from '../../../src/features/accounts/service.ts';

const sid = (res: { headers: Record<string, unknown> }) => ((res.headers['set-cookie'] as string[] | undefined) ?? []).find((c) => c.startsWith('fp.sid='))?.split(';')[0];

describe('sessions and brute force', () => {
  const t = useTestDatabase();
  let app: TestApp;
  let cast: Cast;

  beforeAll(async () => {
    cast = await seedCast(t.db);
    app = buildTestApp(t.db, t.url);
  });
  afterAll(() => app.close());

  it('a cookie from before sign-in (fixation) or from before sign-out is dead when replayed', async () => {
    const u = cast.users.clerkA;
    const c = new Client(app.app);
    const pre = sid(await c.agent.get('/login'));
    expect(pre).toBeTruthy();
    const login = await c.login(u.username, u.password);
    const signedIn = sid(login);
    expect(signedIn).not.toBe(pre);

    const replayPre = await request(app.app).get('/').set('Cookie', pre!).redirects(0);
    expect(replayPre.status).toBe(303);
    expect(replayPre.headers.location).toMatch(/^\/login/);
    const live = await request(app.app).get('/').set('Cookie', signedIn!).redirects(0);
    expect(live.status, 'the new cookie is the one that works').toBe(200);

    await c.post('/logout', {});
    const replayOld = await request(app.app).get('/').set('Cookie', signedIn!).redirects(0);
    expect(replayOld.status).toBe(303);
    expect(replayOld.headers.location).toMatch(/^\/login/);
    const rows = await t.db('session').whereRaw(`(sess -> 'passport' ->> 'user') = ?`, [String(u.id)]);
    expect(rows, 'signing out removes the session from the store').toHaveLength(0);
  });

  it('marks the cookie Secure behind a TLS proxy', async () => {
    const proxied = buildTestApp(t.db, t.url, { config: { TRUST_PROXY: '1' } });
    try {
      const overTls = await request(proxied.app).get('/login').set('X-Forwarded-Proto', 'https');
      expect(overTls.headers['set-cookie'][0]).toMatch(/;\s*Secure/i);
      const plain = await request(proxied.app).get('/login');
      expect(plain.headers['set-cookie'][0]).not.toMatch(/;\s*Secure/i);
    } finally {
      await proxied.close();
    }
  });

  it('after the idle timeout the sign-in page says why', async () => {
    const c = new Client(app.app);
    await c.login(cast.users.supA.username, cast.users.supA.password);
    app.clock.advance(31 * 60 * 1000);
    try {
      const res = await c.get('/audit');
      expect(res.status).toBe(303);
      const page = await c.get(res.headers.location);
      expect($(page.text)('.flash-info').text()).toContain('登录已超时，请重新登录');
    } finally {
      app.clock.set(testNow());
    }
  });

  it('lockout is per account whatever the letter case or address, audited, and the right password waits', async () => {
    const proxied = buildTestApp(t.db, t.url, { config: { TRUST_PROXY: '1' } });
    try {
      const u = await makeUser(t.db, { username: 'Lock_Me', role: 'clerk', regionId: cast.world.townshipA.id });
      const names = ['Lock_Me', 'lock_me', 'LOCK_ME', 'lock_me ', 'Lock_me'];
      const messages: string[] = [];
      for (const [i, name] of names.entries()) {
        const c = new Client(proxied.app);
        await c.refreshToken();
        const res = await c.agent
          .post('/login')
          .set('X-Forwarded-For', `10.0.0.${i + 1}`)
          .type('form')
          .send({ _csrf: await c.refreshToken(), username: name, password: `guess-${i}` })
          .redirects(0);
        messages.push($(res.text)('.flash-error').text());
      }
      expect(messages.slice(0, 4)).toEqual(Array(4).fill(LOGIN_FAILED_MESSAGE));
      expect(messages[4]).toBe(LOGIN_LOCKED_MESSAGE);
      const c = new Client(proxied.app);
      await c.refreshToken();
      const right = await c.agent
        .post('/login')
        .set('X-Forwarded-For', '10.9.9.9')
        .type('form')
        .send({ _csrf: await c.refreshToken(), username: 'lock_me', password: u.password })
        .redirects(0);
      expect(right.status).toBe(401);
      expect($(right.text)('.flash-error').text()).toBe(LOGIN_LOCKED_MESSAGE);
      const audit = await t.db('audit_log').where({ action: 'login.locked', entity_id: String(u.id) });
      expect(audit.length).toBeGreaterThanOrEqual(1);
      expect(audit[0].ip).toBe('10.0.0.5');
    } finally {
      await proxied.close();
    }
  });

  it('the rate limit refuses even the right password, per address', async () => {
    const limited = buildTestApp(t.db, t.url, { config: { LOGIN_RATE_LIMIT: '3', TRUST_PROXY: '1' } });
    try {
      const u = cast.users.supB;
      const attempt = async (ip: string, password: string) => {
        const c = new Client(limited.app);
        const token = await c.refreshToken();
        return c.agent.post('/login').set('X-Forwarded-For', ip).type('form').send({ _csrf: token, username: u.username, password }).redirects(0);
      };
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push((await attempt('10.1.1.1', `wrong-${i}`)).status);
      expect(statuses).toEqual([401, 401, 401]);
      const right = await attempt('10.1.1.1', u.password);
      expect(right.status).toBe(429);
      expect($(right.text)('.flash-error').text()).toMatch(/过于频繁/);
      const elsewhere = await attempt('10.2.2.2', u.password);
      expect(elsewhere.status, 'another address is not limited').toBe(303);
    } finally {
      await limited.close();
    }
  });

  it('measures the password guesses one account can receive in an hour (one attempt a minute, under the rate limit)', async () => {
    const u = await makeUser(t.db, { username: 'guess_target', role: 'clerk', regionId: cast.world.townshipB.id });
    const c = new Client(app.app);
    await c.refreshToken();
    const start = testNow();
    app.clock.set(start);
    let checked = 0;
    let locked = 0;
    try {
      for (let minute = 0; minute < 60; minute++) {
        const before = Number(
          (
            await t
              .db('login_failures')
              .where({ username_key: loginKey('guess_target') })
              .count({ n: '*' })
          )[0].n,
        );
        const res = await c.post('/login', { username: 'guess_target', password: `guess-${minute}` });
        const after = Number(
          (
            await t
              .db('login_failures')
              .where({ username_key: loginKey('guess_target') })
              .count({ n: '*' })
          )[0].n,
        );
        if (after > before) checked += 1;
        else locked += 1;
        expect(res.status).toBe(401);
        app.clock.advance(60 * 1000);
      }
    } finally {
      app.clock.set(testNow());
    }
    console.info(`[security] brute force: 60 attempts in one hour on one account → ${checked} password checks, ${locked} refused by the lock`);
    expect(checked).toBeLessThanOrEqual(20);
    expect(checked).toBeGreaterThanOrEqual(5);
    expect((await t.db('users').where({ id: u.id }).first())?.locked_until).not.toBeNull();
  });
});
