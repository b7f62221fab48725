/**
 * What a signed-in page costs the session (issue 19 §4): an unchanged page neither writes the session row nor
 * sends the cookie again; the row and the cookie move when the last-seen time does (at most once a minute of use),
 * so a session in use stays signed in, and the idle limit still ends one left alone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../helpers/app.ts';
import { testNow } from '../../helpers/clock.ts';
import { useTestDatabase } from '../../helpers/db.ts';
import { makeUser, seedWorld, type World } from '../../helpers/fixtures.ts';
import { $, Client } from '../../helpers/http.ts';

const MINUTE = 60_000;
const cookieSent = (res: { headers: Record<string, unknown> }) => ((res.headers['set-cookie'] as string[] | undefined) ?? []).some((c) => c.startsWith('fp.sid='));

describe('session writes of a signed-in page', () => {
  const t = useTestDatabase();
  let app: TestApp;
  let w: World;

  beforeAll(async () => {
    w = await seedWorld(t.db);
    app = buildTestApp(t.db, t.url);
  });
  afterAll(() => app.close());

  async function signedIn() {
    app.clock.set(testNow());
    const u = await makeUser(t.db, { role: 'clerk', regionId: w.townshipA.id });
    const c = new Client(app.app);
    await c.login(u.username, u.password);
    expect((await c.get('/account/password')).status).toBe(200);
    const row = async () => {
      const { rows } = await t.db.raw<{ rows: { sess: string; expire: Date }[] }>(`select sess::text as sess, expire from session where (sess -> 'passport' ->> 'user') = ?`, [String(u.id)]);
      expect(rows).toHaveLength(1);
      return rows[0];
    };
    return { c, row };
  }

  it('an unchanged page within the minute writes no session row and sends no cookie; the next minute writes both', async () => {
    const { c, row } = await signedIn();
    const before = await row();
    for (const step of [0, 20_000, 30_000]) {
      app.clock.advance(step);
      const res = await c.get('/account/password');
      expect(res.status).toBe(200);
      expect(cookieSent(res), 'no Set-Cookie for an unchanged session').toBe(false);
    }
    expect(await row(), 'the row is as it was').toEqual(before);

    app.clock.advance(MINUTE);
    const res = await c.get('/account/password');
    expect(res.status).toBe(200);
    expect(cookieSent(res), 'the cookie goes out again with the new expiry').toBe(true);
    const after = await row();
    expect((JSON.parse(after.sess) as { lastSeen: number }).lastSeen).toBe(app.clock.now().getTime());
    expect(after.expire.getTime()).toBeGreaterThanOrEqual(before.expire.getTime());
  });

  it('a session used every 50 s for 40 minutes stays signed in; left alone past 30 minutes it is signed out and told why', async () => {
    const { c } = await signedIn();
    for (let i = 0; i < 48; i++) {
      app.clock.advance(50_000);
      const res = await c.get('/account/password');
      expect(res.status, `request ${i + 1}`).toBe(200);
    }
    app.clock.advance(31 * MINUTE);
    const res = await c.get('/account/password');
    expect(res.status).toBe(303);
    expect(res.headers.location).toMatch(/^\/login/);
    const page = await c.get(res.headers.location);
    expect($(page.text)('.flash-info').text()).toContain('登录已超时，请重新登录');
  });
});
