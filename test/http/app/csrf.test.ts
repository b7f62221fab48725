import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../helpers/app.ts';
import { useTestDatabase } from '../../helpers/db.ts';
import { makeUser, seedWorld } from '../../helpers/fixtures.ts';
import { $, Client } from '../../helpers/http.ts';

describe('CSRF protection and security headers', () => {
  const t = useTestDatabase();
  let app: TestApp;
  let admin: Client;

  beforeAll(async () => {
    const w = await seedWorld(t.db);
    app = buildTestApp(t.db, t.url);
    const a = await makeUser(t.db, { role: 'admin', regionId: w.county.id });
    admin = new Client(app.app);
    await admin.login(a.username, a.password);
  });
  afterAll(() => app.close());

  const countRegions = async () => Number((await t.db('regions').count({ n: '*' }))[0].n);

  it('refuses a POST without the token (403) and changes nothing', async () => {
    const before = await countRegions();
    const res = await admin.post('/admin/regions', { code: '990100003', name: '伪造乡' }, { token: null });
    expect(res.status).toBe(403);
    expect($(res.text)('h1').text()).toContain('无权访问');
    expect(await countRegions()).toBe(before);
  });

  it('refuses a wrong token', async () => {
    const before = await countRegions();
    const res = await admin.post('/admin/regions', { code: '990100003', name: '伪造乡' }, { token: 'not-the-token' });
    expect(res.status).toBe(403);
    expect(await countRegions()).toBe(before);
  });

  it('refuses a cross-site request even with a valid token', async () => {
    const token = await admin.refreshToken('/admin/regions');
    const before = await countRegions();
    const cross = await admin.agent.post('/admin/regions').set('Sec-Fetch-Site', 'cross-site').type('form').send({ _csrf: token, code: '990100003', name: '伪造乡' }).redirects(0);
    expect(cross.status).toBe(403);
    const foreignOrigin = await admin.agent.post('/admin/regions').set('Origin', 'http://evil.example').type('form').send({ _csrf: token, code: '990100003', name: '伪造乡' }).redirects(0);
    expect(foreignOrigin.status).toBe(403);
    expect(await countRegions()).toBe(before);
    // The same request from the page itself goes through.
    const ok = await admin.post('/admin/regions', { code: '990100003', name: '新乡' }, { token });
    expect(ok.status).toBe(303);
    expect(await countRegions()).toBe(before + 1);
  });

  it('sends a CSP with no inline script and the usual protective headers', async () => {
    const res = await admin.get('/');
    const csp = res.headers['content-security-policy'];
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.text).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
  });
});
