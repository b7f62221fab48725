import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOGIN_FAILED_MESSAGE, LOGIN_LOCKED_MESSAGE } from '../../../src/domain/passwords.ts';
import { buildTestApp, type TestApp } from '../../helpers/app.ts';
import { useTestDatabase } from '../../helpers/db.ts';
import { makeUser, seedWorld, unique, type World } from '../../helpers/fixtures.ts';
import { $, Client } from '../../helpers/http.ts';
import { testNow } from '../../helpers/clock.ts';
import { must } from '../../helpers/must.ts';

describe('sign-in, sessions and passwords', () => {
  const t = useTestDatabase();
  let app: TestApp;
  let w: World;

  beforeAll(async () => {
    w = await seedWorld(t.db);
    app = buildTestApp(t.db, t.url);
  });
  afterAll(() => app.close());

  it('signs in with the right password, regenerating the session cookie, and shows the user in the header', async () => {
    const u = await makeUser(t.db, { role: 'clerk', regionId: w.townshipA.id, displayName: '李晓梅' });
    const c = new Client(app.app);
    const loginPage = await c.agent.get('/login');
    const before = loginPage.headers['set-cookie']?.[0]?.split(';')[0];
    const res = await c.login(u.username, u.password);
    const after = res.headers['set-cookie']?.[0]?.split(';')[0];
    expect(before).toBeTruthy();
    expect(after).toBeTruthy();
    expect(after).not.toBe(before);
    expect(res.headers['set-cookie'][0]).toMatch(/HttpOnly/i);
    expect(res.headers['set-cookie'][0]).toMatch(/SameSite=Lax/i);
    const home = await c.get('/');
    expect(home.status).toBe(200);
    expect($(home.text)('.who-name').text()).toBe('李晓梅');
    expect($(home.text)('.who-role').text()).toBe('城关镇 · 录入员');
    expect($(home.text)('html').attr('lang')).toBe('zh-CN');
    const audit = await t.db('audit_log').where({ action: 'login.success', entity_id: String(u.id) });
    expect(audit).toHaveLength(1);
  });

  it('refuses a wrong password with a Chinese message and keeps the user out', async () => {
    const u = await makeUser(t.db, { role: 'clerk', regionId: w.townshipA.id });
    const c = new Client(app.app);
    await c.refreshToken();
    const res = await c.post('/login', { username: u.username, password: 'wrong-password' });
    expect(res.status).toBe(401);
    expect($(res.text)('.flash-error').text()).toBe(LOGIN_FAILED_MESSAGE);
    expect((await c.get('/')).headers.location).toMatch(/^\/login/);
  });

  it('locks after 5 failures in 15 minutes with the same message whether or not the user exists', async () => {
    const u = await makeUser(t.db, { role: 'clerk', regionId: w.townshipA.id });
    const ghost = unique('nobody');
    const messages: Record<string, string[]> = { real: [], ghost: [] };
    for (const [key, name] of [
      ['real', u.username],
      ['ghost', ghost],
    ] as const) {
      const c = new Client(app.app);
      await c.refreshToken();
      for (let i = 0; i < 6; i++) {
        const res = await c.post('/login', { username: name, password: `bad-${i}` });
        messages[key].push($(res.text)('.flash-error').text());
      }
    }
    expect(messages.real.slice(0, 4)).toEqual(Array(4).fill(LOGIN_FAILED_MESSAGE));
    expect(messages.real.slice(4)).toEqual([LOGIN_LOCKED_MESSAGE, LOGIN_LOCKED_MESSAGE]);
    expect(messages.ghost).toEqual(messages.real);
    // Even the right password is refused while locked …
    const c = new Client(app.app);
    await c.refreshToken();
    const locked = await c.post('/login', { username: u.username, password: u.password });
    expect(locked.status).toBe(401);
    expect($(locked.text)('.flash-error').text()).toBe(LOGIN_LOCKED_MESSAGE);
    expect((await t.db('users').where({ id: u.id }).first())?.locked_until).not.toBeNull();
    // … and works again after 15 minutes.
    app.clock.advance(16 * 60 * 1000);
    await c.login(u.username, u.password);
    app.clock.set(testNow());
  });

  it('makes a user whose password an admin set choose a new one before anything else', async () => {
    const u = await makeUser(t.db, { role: 'supervisor', regionId: w.townshipB.id, mustChangePassword: true });
    const c = new Client(app.app);
    const res = await c.login(u.username, u.password);
    expect(res.headers.location).toBe('/account/password');
    expect((await c.get('/')).headers.location).toBe('/account/password');
    const page = await c.get('/account/password');
    expect(page.text).toContain('请先设置自己的新密码');

    const bad = await c.post('/account/password', { current_password: u.password, new_password: 'short', confirm_password: 'short' });
    expect(bad.status).toBe(422);
    expect($(bad.text)('#f-new_password-err').text()).toMatch(/至少需要 8/);

    const ok = await c.post('/account/password', { current_password: u.password, new_password: 'A-new-secret-42', confirm_password: 'A-new-secret-42' });
    expect(ok.status).toBe(303);
    expect((await c.get('/')).status).toBe(200);
    const row = must(await t.db('users').where({ id: u.id }).first(), 'account');
    expect(row.must_change_password).toBe(false);
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
    const again = new Client(app.app);
    await again.login(u.username, 'A-new-secret-42');
  });

  it('signs out and the old cookie no longer works', async () => {
    const u = await makeUser(t.db, { role: 'clerk', regionId: w.townshipA.id });
    const c = new Client(app.app);
    await c.login(u.username, u.password);
    const out = await c.post('/logout', {});
    expect(out.status).toBe(303);
    expect(out.headers.location).toBe('/login');
    expect((await c.get('/')).headers.location).toMatch(/^\/login/);
  });

  it('ends a session idle for more than 30 minutes, and any session older than 12 hours', async () => {
    const u = await makeUser(t.db, { role: 'clerk', regionId: w.townshipA.id });
    const c = new Client(app.app);
    await c.login(u.username, u.password);
    app.clock.advance(29 * 60 * 1000);
    expect((await c.get('/')).status).toBe(200);
    app.clock.advance(31 * 60 * 1000);
    const expired = await c.get('/');
    expect(expired.status).toBe(303);
    expect(expired.headers.location).toMatch(/^\/login/);
    app.clock.set(testNow());

    const d = new Client(app.app);
    await d.login(u.username, u.password);
    for (let i = 0; i < 25; i++) {
      app.clock.advance(29 * 60 * 1000);
      const r = await d.get('/');
      if (i < 24) expect(r.status, `request ${i}`).toBe(200);
      else expect(r.status).toBe(303);
    }
    app.clock.set(testNow());
  });

  it('rate-limits POST /login per address, counted in PostgreSQL so two instances share the limit', async () => {
    // Two app instances over one database, as behind a proxy; the limit is counted in the database.
    const one = buildTestApp(t.db, t.url, { config: { LOGIN_RATE_LIMIT: '3', TRUST_PROXY: '1' } });
    const two = buildTestApp(t.db, t.url, { config: { LOGIN_RATE_LIMIT: '3', TRUST_PROXY: '1' } });
    try {
      const attempt = async (instance: TestApp, ip: string) => {
        const c = new Client(instance.app);
        const token = await c.refreshToken();
        return c.agent.post('/login').set('X-Forwarded-For', ip).type('form').send({ _csrf: token, username: 'x', password: 'y' }).redirects(0);
      };
      const statuses: number[] = [];
      for (const instance of [one, two, one, two, one]) statuses.push((await attempt(instance, '10.7.7.7')).status);
      expect(statuses).toEqual([401, 401, 401, 429, 429]);
      const last = await attempt(two, '10.7.7.7');
      expect($(last.text)('.flash-error').text()).toMatch(/过于频繁/);
      expect((await attempt(two, '10.7.7.8')).status, 'another address is not limited').toBe(401);
    } finally {
      await one.close();
      await two.close();
    }
  });
});
