/**
 * The principal kept in the session (issue 19 §4): a signed-in request reads the session row and does not reload
 * the user — and still, whatever changes who she is ends her sessions at once: disabled, re-roled or moved to
 * another region (a trigger on users, whatever wrote it), her password reset by an admin or changed by herself
 * (her other sessions). A request of hers in flight cannot write a deleted session back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import type session from 'express-session';
import { createSessionStore } from '../../../src/auth/session.ts';
import { buildTestApp, type TestApp } from '../../helpers/app.ts';
import { useTestDatabase } from '../../helpers/db.ts';
import { makeUser, seedWorld, type World } from '../../helpers/fixtures.ts';
import { $, Client } from '../../helpers/http.ts';

describe('the principal kept in the session', () => {
  const t = useTestDatabase();
  let app: TestApp;
  let w: World;
  let admin: Client;

  beforeAll(async () => {
    w = await seedWorld(t.db);
    app = buildTestApp(t.db, t.url);
    const a = await makeUser(t.db, { role: 'admin', regionId: w.county.id });
    admin = new Client(app.app);
    await admin.login(a.username, a.password);
  });
  afterAll(() => app.close());

  async function signedInClerk() {
    const u = await makeUser(t.db, { role: 'clerk', regionId: w.townshipA.id });
    const c = new Client(app.app);
    await c.login(u.username, u.password);
    expect((await c.get('/')).status).toBe(200);
    return { u, c };
  }
  const signedOut = async (c: Client) => {
    const res = await c.get('/');
    return res.status === 303 && /^\/login/.test(String(res.headers.location));
  };

  it('a signed-in page does not read the users table', async () => {
    const { c } = await signedInClerk();
    const seen: string[] = [];
    const listen = (q: { sql: string }) => seen.push(q.sql);
    t.db.on('query', listen);
    try {
      const res = await c.get('/account/password');
      expect(res.status).toBe(200);
    } finally {
      t.db.off('query', listen);
    }
    expect(seen.filter((sql) => /"users"/.test(sql))).toEqual([]);
  });

  it('a user disabled by the admin is signed out on her next request', async () => {
    const { u, c } = await signedInClerk();
    const page = await admin.get(`/admin/users/${u.id}`);
    const version = $(page.text)(`form[action="/admin/users/${u.id}/disable"] input[name=version]`).attr('value');
    expect((await admin.post(`/admin/users/${u.id}/disable`, { version: version! })).status).toBe(303);
    expect(await signedOut(c)).toBe(true);
  });

  it('a user whose role or region changes is signed out on her next request, whatever wrote it', async () => {
    const reRoled = await signedInClerk();
    const moved = await signedInClerk();
    const untouched = await signedInClerk();
    await t.db('users').where({ id: reRoled.u.id }).update({ role: 'supervisor' });
    await t.db('users').where({ id: moved.u.id }).update({ region_id: w.townshipB.id });
    await t.db('users').where({ id: untouched.u.id }).update({ display_name: '改名不退出' });
    expect(await signedOut(reRoled.c)).toBe(true);
    expect(await signedOut(moved.c)).toBe(true);
    expect(await signedOut(untouched.c), 'a change that does not alter who she is keeps her session').toBe(false);
    // Signing in again shows the new role.
    await reRoled.c.login(reRoled.u.username, reRoled.u.password);
    expect((await reRoled.c.get('/')).status).toBe(200);
    const [row] = await t
      .db('session')
      .whereRaw(`(sess -> 'passport' ->> 'user') = ?`, [String(reRoled.u.id)])
      .select('sess');
    expect((row.sess as { principal: { role: string } }).principal.role).toBe('supervisor');
  });

  it('a password reset by the admin signs her out; her own change keeps this session and ends the others', async () => {
    const reset = await signedInClerk();
    const page = await admin.get(`/admin/users/${reset.u.id}`);
    const version = $(page.text)(`form[action="/admin/users/${reset.u.id}/password"] input[name=version]`).attr('value');
    const res = await admin.post(`/admin/users/${reset.u.id}/password`, { version: version!, password: 'Zq8-new-Pass-2026' });
    expect(res.status).toBe(303);
    expect(await signedOut(reset.c)).toBe(true);

    const { u, c } = await signedInClerk();
    const other = new Client(app.app);
    await other.login(u.username, u.password);
    const changed = await c.post('/account/password', { current_password: u.password, new_password: 'Wm4-fresh-Key-2026', confirm_password: 'Wm4-fresh-Key-2026' });
    expect(changed.status).toBe(303);
    expect(await signedOut(other)).toBe(true);
    expect(await signedOut(c)).toBe(false);
  });

  it('after a forced password change the kept principal no longer sends her to the password page', async () => {
    const u = await makeUser(t.db, { role: 'clerk', regionId: w.townshipA.id, mustChangePassword: true });
    const c = new Client(app.app);
    await c.login(u.username, u.password);
    expect((await c.get('/')).headers.location).toBe('/account/password');
    expect((await c.post('/account/password', { current_password: u.password, new_password: 'Hy7-other-Key-2026', confirm_password: 'Hy7-other-Key-2026' })).status).toBe(303);
    expect((await c.get('/')).status).toBe(200);
  });

  it('the store never writes a deleted signed-in session back (a request in flight when her sessions ended)', async () => {
    const pool = new pg.Pool({ connectionString: t.url, max: 1 });
    try {
      const store = createSessionStore(pool, false);
      const set = (sid: string, sess: session.SessionData) => new Promise<void>((resolve, reject) => store.set(sid, sess, (err) => (err ? reject(err as Error) : resolve())));
      const expires = new Date('2026-03-01T00:00:00Z');
      const principal = {
        id: 999,
        username: 'x',
        displayName: 'x',
        role: 'clerk' as const,
        level: 'township' as const,
        regionId: 1,
        regionCode: '990100001',
        regionName: '城关镇',
        mustChangePassword: false,
      };
      const sess = { cookie: { originalMaxAge: 1000, expires }, passport: { user: 999 }, principal } as unknown as session.SessionData;
      await set('sid-in-flight', sess);
      expect(await t.db('session').where({ sid: 'sid-in-flight' })).toHaveLength(1);
      await t.db('session').where({ sid: 'sid-in-flight' }).del();
      const stale = JSON.parse(JSON.stringify(sess)) as session.SessionData;
      await set('sid-in-flight', { ...stale, lastSeen: 1 });
      expect(await t.db('session').where({ sid: 'sid-in-flight' })).toHaveLength(0);
      // An anonymous session (no principal) is stored as before.
      await set('sid-anon', { cookie: { originalMaxAge: 1000, expires } } as unknown as session.SessionData);
      expect(await t.db('session').where({ sid: 'sid-anon' })).toHaveLength(1);
    } finally {
      await pool.end();
    }
  });
});
