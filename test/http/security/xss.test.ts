/**
 * Stored and reflected HTML/script payloads render inert on every page that shows them: a corpus of known
 * payloads and fast-check strings rich in markup, through every text field that exists (region names on
 * create and rename, display names, usernames — refused but shown back — and list filters). The oracle is
 * test/helpers/xss.ts; every submission answers 303 or 422, never a server error.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedCast, type Cast } from '../../helpers/actors.ts';
import { buildTestApp, type TestApp } from '../../helpers/app.ts';
import { useTestDatabase } from '../../helpers/db.ts';
import { Client } from '../../helpers/http.ts';
import { PAYLOADS, inertProblems, marked, payloadArbitrary } from '../../helpers/xss.ts';
import { must } from '../../helpers/must.ts';
import type { Versioned } from './matrix-kit.ts';

describe('stored and reflected payloads render inert', () => {
  const t = useTestDatabase();
  let app: TestApp;
  let cast: Cast;
  let admin: Client;
  let supA: Client;
  let pagesChecked = 0;
  let submissions = 0;

  beforeAll(async () => {
    cast = await seedCast(t.db);
    app = buildTestApp(t.db, t.url);
    admin = new Client(app.app);
    await admin.login(cast.users.admin.username, cast.users.admin.password);
    supA = new Client(app.app);
    await supA.login(cast.users.supA.username, cast.users.supA.password);
  });
  afterAll(async () => {
    console.info(`[security] XSS: ${submissions} payload submissions, ${pagesChecked} page renders checked, 0 live payloads`);
    await app.close();
  });

  async function expectInert(c: Client, path: string, stored: string) {
    const res = await c.get(path);
    expect(res.status, path).toBe(200);
    pagesChecked += 1;
    expect(inertProblems(res.text, stored), `${path} with ${JSON.stringify(stored)}`).toEqual([]);
  }

  const version = async (table: Versioned, id: number) => {
    const row = await t.db(table).where({ id }).first('version');
    return must(row, `the ${table} row`).version;
  };

  async function renameTownshipA(name: string) {
    submissions += 1;
    return admin.post(`/admin/regions/${cast.world.townshipA.id}/rename`, { name, version: await version('regions', cast.world.townshipA.id) });
  }

  /** Every page that shows township A's name. */
  async function townshipNamePages(stored: string) {
    await expectInert(admin, '/admin/regions', stored);
    await expectInert(admin, `/admin/users?region=${cast.world.townshipA.id}`, stored);
    await expectInert(admin, '/admin/users/new', stored);
    await expectInert(admin, `/admin/users/${cast.users.clerkA.id}`, stored);
    await expectInert(admin, `/audit?entity=region&entity_id=${cast.world.townshipA.id}`, stored);
    await expectInert(admin, '/', stored);
    await expectInert(supA, '/', stored);
  }

  it('a township renamed to each payload of the corpus', async () => {
    for (const p of PAYLOADS) {
      const stored = marked(p, 50);
      const res = await renameTownshipA(stored);
      expect(res.status, stored).toBe(303);
      expect((await t.db('regions').where({ id: cast.world.townshipA.id }).first())?.name).toBe(stored);
      await townshipNamePages(stored);
    }
  });

  it('a village created with each payload of the corpus', async () => {
    for (const [i, p] of PAYLOADS.entries()) {
      const stored = marked(p, 50);
      submissions += 1;
      const res = await admin.post('/admin/regions', { code: `990100002${String(300 + i).padStart(3, '0')}`, name: stored });
      expect(res.status, stored).toBe(303);
      await expectInert(admin, '/admin/regions', stored);
      await expectInert(admin, '/audit?action=region.create', stored);
    }
  });

  it('an account whose display name is each payload, including the header of its own session', async () => {
    for (const [i, p] of PAYLOADS.entries()) {
      const stored = marked(p, 30);
      const username = `xss_user_${i}`;
      submissions += 1;
      const res = await admin.post('/admin/users', { username, display_name: stored, role: 'clerk', region_id: cast.world.townshipB.id, password: 'Xss-Pass-12345' });
      expect(res.status, stored).toBe(303);
      const id = must(await t.db('users').where({ username }).first(), 'account').id;
      await expectInert(admin, `/admin/users?q=${username}`, stored);
      await expectInert(admin, `/admin/users/${id}`, stored);
      await expectInert(admin, `/audit?entity=user&entity_id=${id}`, stored);
      const self = new Client(app.app);
      await self.login(username, 'Xss-Pass-12345');
      await expectInert(self, '/account/password', stored);
    }
  });

  it('usernames and filters are shown back inert when refused or searched', async () => {
    for (const p of PAYLOADS) {
      const stored = marked(p, 32);
      submissions += 1;
      const res = await admin.post('/admin/users', { username: stored, display_name: '张三', role: 'clerk', region_id: cast.world.townshipB.id, password: 'Xss-Pass-12345' });
      expect(res.status, stored).toBe(422);
      pagesChecked += 1;
      expect(inertProblems(res.text, stored), `refused username ${stored}`).toEqual([]);
      const q = encodeURIComponent(stored);
      await expectInert(admin, `/admin/users?q=${q}`, stored);
      await expectInert(admin, `/audit?username=${q}&entity=${q}&entity_id=${encodeURIComponent(stored.slice(0, 40))}`, stored);
    }
  });

  it('a NUL character anywhere is refused with a message, never a server error', async () => {
    const res = await admin.post('/admin/regions', { code: '990100002399', name: '东\u0000村' });
    expect(res.status).toBe(422);
    expect(res.text).toContain('名称含有不可见的控制字符');
    const anon = new Client(app.app);
    await anon.refreshToken();
    expect((await anon.post('/login', { username: 'adm\u0000in', password: 'x' })).status).toBe(400);
    expect((await admin.get('/admin/users?q=%00')).status).toBe(400);
    expect((await admin.get('/audit?entity=a%00b')).status).toBe(400);
    expect(await t.db('regions').where({ code: '990100002399' }).first()).toBeUndefined();
  });

  it('fast-check: generated names are saved or refused (never a server error) and always render inert', async () => {
    let saved = 0;
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(payloadArbitrary(40), async (p) => {
        const stored = marked(p, 50);
        const res = await renameTownshipA(stored);
        expect([303, 422], `${JSON.stringify(stored)} → ${res.status}`).toContain(res.status);
        if (res.status === 422) {
          refused += 1;
          return;
        }
        saved += 1;
        await expectInert(admin, '/admin/regions', stored);
        await expectInert(admin, `/audit?entity=region&entity_id=${cast.world.townshipA.id}`, stored);
        await expectInert(supA, '/', stored);
      }),
      { numRuns: 100 },
    );
    console.info(`[security] XSS fast-check: 100 generated names, ${saved} saved and checked, ${refused} refused`);
    // About 60 of 100 generated names are valid region names (the rest carry control characters or are too
    // long); the property is meaningful as long as a good share of them was saved and rendered. 60 was the
    // mean itself, so the check failed on luck about one run in two.
    expect(saved).toBeGreaterThan(40);
  }, 120_000);
});
