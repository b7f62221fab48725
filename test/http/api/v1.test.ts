/**
 * The JSON API end to end (issue 19 §3): a token reads the same figures as the report page; a township token gets
 * 404 for the other township and the county; a read token cannot write (403); a revoked token is 401 on its next
 * call; the per-client limit answers 429 with Retry-After and lets the next minute through (the app's clock);
 * every call leaves its row in api_calls; a session cookie alone authorises nothing; bad parameters are 400 JSON in
 * Chinese (a property over query strings: never a 5xx, always JSON).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../../src/auth/actor.ts';
import { revokeClient } from '../../../src/features/api/clients/service.ts';
import { COUNT_KEYS } from '../../../src/domain/indicators.ts';
import { buildTestApp, type TestApp } from '../../helpers/app.ts';
import { testNow } from '../../helpers/clock.ts';
import { useTestDatabase } from '../../helpers/db.ts';
import { makeUser, seedWorld, type World } from '../../helpers/fixtures.ts';
import { SEED } from '../../helpers/generative.ts';
import { Client } from '../../helpers/http.ts';
import * as f from '../../helpers/report-fixtures.ts';
import { apiGet, apiPost, countyAdmin, makeToken } from './helpers.ts';

describe('the JSON API v1', () => {
  const t = useTestDatabase();
  let app: TestApp;
  let w: World;
  let admin: Actor;
  let countyRead: string;

  beforeAll(async () => {
    const db = t.db;
    w = await seedWorld(db);
    app = buildTestApp(db, t.url);
    const m1 = await f.addWoman(db, { village: w.villageA1.id, birth_date: '1995-05-10', marriage_date: '2018-06-01', name: '王秀英' });
    await f.addChild(db, { woman: m1, village: w.villageA1.id, birth_date: '2026-10-03', sex: 'male', order: 1 });
    await f.addService(db, { woman: m1, village: w.villageA1.id, kind: 'iud_insertion', performed_on: '2026-10-20' });
    const m2 = await f.addWoman(db, { village: w.villageB1.id, birth_date: '1992-01-01', marriage_date: '2014-01-01', name: '张丽' });
    await f.addChild(db, { woman: m2, village: w.villageB1.id, birth_date: '2026-10-31', sex: 'female', order: 2 });
    await f.addPopulation(db, w.villageA1.id, '2026-10', 1000, 1);
    admin = await countyAdmin(db, w);
    countyRead = (await makeToken(db, admin, w.county.id, 'read', 1000)).token;
  });
  afterAll(() => app.close());

  it('reads the figures the report page shows (county and township, a month and a period), with the labels', async () => {
    const cs = await makeUser(t.db, { role: 'supervisor', regionId: w.county.id });
    const page = new Client(app.app);
    await page.login(cs.username, cs.password);
    for (const [api, report] of [
      ['/api/v1/figures?month=2026-10', '/reports/monthly?region=990100&month=2026-10&format=json'],
      ['/api/v1/figures?region=990100001&from=2026-10-01&to=2026-10-31', '/reports/summary?region=990100001&from=2026-10-01&to=2026-10-31&format=json'],
    ]) {
      const fromApi = await apiGet(app.app, api, countyRead);
      expect(fromApi.status, api).toBe(200);
      expect(fromApi.type).toBe('application/json');
      const fromPage = await page.get(report);
      expect(fromPage.status).toBe(200);
      const { labels, ...figures } = fromApi.body as { labels: Record<string, string> };
      expect(figures).toEqual(fromPage.body);
      expect(labels.births).toBe('出生');
    }
    const county = (await apiGet(app.app, '/api/v1/figures?month=2026-10', countyRead)).body as {
      rows: { region: { code: string }; figures: Record<string, number> }[];
      total: { figures: Record<string, number> };
    };
    expect(county.total.figures.births).toBe(2);
    expect(county.rows.find((r) => r.region.code === '990100001')?.figures.births).toBe(1);
    expect(county.rows.find((r) => r.region.code === '990100001')?.figures.iud_insertions).toBe(1);
    expect(Object.keys(county.total.figures)).toEqual(expect.arrayContaining([...COUNT_KEYS]));
  });

  it('gives a township token its township only: 404 for the other township and for the county', async () => {
    const { token } = await makeToken(t.db, admin, w.townshipA.id);
    const own = await apiGet(app.app, '/api/v1/figures?month=2026-10', token);
    expect(own.status).toBe(200);
    expect((own.body as { region: { code: string }; total: { figures: { births: number } } }).region.code).toBe('990100001');
    expect((own.body as { total: { figures: { births: number } } }).total.figures.births).toBe(1);
    for (const path of ['/api/v1/figures?region=990100002&month=2026-10', '/api/v1/figures?region=990100&month=2026-10', '/api/v1/tables/monthly?region=990100002&month=2026-10']) {
      const res = await apiGet(app.app, path, token);
      expect(res.status, path).toBe(404);
      expect((res.body as { error: { code: string } }).error.code).toBe('not_found');
    }
    const close = await apiGet(app.app, '/api/v1/month-close?month=2026-10', token);
    expect((close.body as { townships: { code: string }[] }).townships.map((x) => x.code)).toEqual(['990100001']);
    // Exchange packages are the county's.
    expect((await apiGet(app.app, '/api/v1/exchange/packages?partner=990200', token)).status).toBe(404);
  });

  it('serves the official tables in their column order, and the month-close status with the county summary', async () => {
    const monthly = await apiGet(app.app, '/api/v1/tables/monthly?month=2026-10', countyRead);
    expect(monthly.status).toBe(200);
    const m = monthly.body as { heading: string; columns: { key: string; label: string }[]; total: { figures: Record<string, number> } };
    expect(m.heading).toBe('计划生育月报表');
    expect(m.columns[0]).toMatchObject({ key: 'births', label: '合计' });
    expect(m.total.figures.births).toBe(2);
    const t1 = await apiGet(app.app, '/api/v1/tables/table1?year=2027', countyRead);
    expect(t1.status).toBe(200);
    const table1 = t1.body as { period: { from: string; to: string }; urban: unknown; rural: unknown; total: { figures: Record<string, number> } };
    expect(table1.period).toEqual({ from: '2026-10-01', to: '2027-09-30' });
    expect(table1.total.figures.births).toBe(2);
    expect(table1.urban).toBeDefined();
    expect((await apiGet(app.app, '/api/v1/tables/table3', countyRead)).status).toBe(400);
    expect((await apiGet(app.app, '/api/v1/tables/monthly?year=2026', countyRead)).status).toBe(400);

    const close = await apiGet(app.app, '/api/v1/month-close?month=2026-10', countyRead);
    expect(close.status).toBe(200);
    const c = close.body as { county: { townships: number; open: number; all_accepted: boolean }; townships: { code: string; status: string; status_label: string }[] };
    expect(c.county).toMatchObject({ townships: 2, open: 2, all_accepted: false });
    expect(c.townships.map((x) => [x.code, x.status, x.status_label])).toEqual([
      ['990100001', 'open', '未上报'],
      ['990100002', 'open', '未上报'],
    ]);
  });

  it('answers 401 JSON for no token, an unknown token, a session cookie alone — and a revoked token on its next call', async () => {
    const unauthorized = { error: { code: 'unauthorized', message: '令牌无效或已吊销' } };
    expect((await apiGet(app.app, '/api/v1/figures?month=2026-10')).body).toEqual(unauthorized);
    const unknown = await apiGet(app.app, '/api/v1/figures?month=2026-10', 'x'.repeat(43));
    expect(unknown.status).toBe(401);
    expect(unknown.body).toEqual(unauthorized);
    expect(unknown.headers['www-authenticate']).toContain('Bearer');

    const cs = await makeUser(t.db, { role: 'supervisor', regionId: w.county.id });
    const signedIn = new Client(app.app);
    await signedIn.login(cs.username, cs.password);
    const withCookie = await signedIn.get('/api/v1/figures?month=2026-10');
    expect(withCookie.status).toBe(401);
    expect(withCookie.body).toEqual(unauthorized);

    const { id, token } = await makeToken(t.db, admin, w.county.id);
    expect((await apiGet(app.app, '/api/v1/month-close', token)).status).toBe(200);
    await revokeClient(t.db, admin, id, '对方系统停用', testNow());
    const after = await apiGet(app.app, '/api/v1/month-close', token);
    expect(after.status).toBe(401);
    expect(after.body).toEqual(unauthorized);
  });

  it('refuses a write with a read token (403) and never asks for a CSRF token', async () => {
    const res = await apiPost(app.app, '/api/v1/exchange/packages?dry_run=1', countyRead, '{}');
    expect(res.status).toBe(403);
    expect(res.body).toEqual({ error: { code: 'forbidden', message: '该令牌只有读取权限，不能写入' } });
    const { token } = await makeToken(t.db, admin, w.county.id, 'write');
    const bad = await apiPost(app.app, '/api/v1/exchange/packages?dry_run=1', token, '{"not":"a package"}');
    // Past the CSRF check (there is none here) and the access check: the package itself is refused.
    expect(bad.status).toBe(422);
    expect((bad.body as { error: { code: string; fields: Record<string, string> } }).error.code).toBe('unprocessable');
  });

  it('limits each client per minute: 429 with Retry-After, then OK in the next minute (the app’s clock)', async () => {
    app.clock.set(new Date('2026-11-18T02:00:10Z'));
    const { token } = await makeToken(t.db, admin, w.county.id, 'read', 3);
    const other = await makeToken(t.db, admin, w.county.id, 'read', 3);
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await apiGet(app.app, '/api/v1/month-close', token)).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const limited = await apiGet(app.app, '/api/v1/month-close', token);
    expect(limited.status).toBe(429);
    expect(limited.headers['retry-after']).toBe('50');
    expect((limited.body as { error: { code: string; message: string } }).error).toMatchObject({ code: 'rate_limited' });
    // Another client has its own count.
    expect((await apiGet(app.app, '/api/v1/month-close', other.token)).status).toBe(200);
    app.clock.advance(50_000);
    expect((await apiGet(app.app, '/api/v1/month-close', token)).status).toBe(200);
  });

  it('logs every call, refused or not: client, method, path, status', async () => {
    const { id, token } = await makeToken(t.db, admin, w.townshipA.id);
    await apiGet(app.app, '/api/v1/figures?month=2026-10', token);
    await apiGet(app.app, '/api/v1/figures?region=990100002&month=2026-10', token);
    await apiGet(app.app, '/api/v1/figures?month=2026-13', token);
    await apiPost(app.app, '/api/v1/exchange/packages', token, '{}');
    await apiGet(app.app, '/api/v1/nothing-here', token);
    const rows = await t.db('api_calls').where({ client_id: id }).orderBy('id').select('method', 'path', 'status');
    expect(rows).toEqual([
      { method: 'GET', path: '/api/v1/figures?month=2026-10', status: 200 },
      { method: 'GET', path: '/api/v1/figures?region=990100002&month=2026-10', status: 404 },
      { method: 'GET', path: '/api/v1/figures?month=2026-13', status: 400 },
      { method: 'POST', path: '/api/v1/exchange/packages', status: 403 },
      // An unknown path is not an endpoint: no token is read there, so no client is named.
    ]);
    const unknownPath = await t.db('api_calls').where({ path: '/api/v1/nothing-here' }).first('client_id', 'status');
    expect(unknownPath).toEqual({ client_id: null, status: 404 });
    const anonymous = await apiGet(app.app, '/api/v1/month-close?from=anonymous');
    expect(anonymous.status).toBe(401);
    expect(await t.db('api_calls').where({ path: '/api/v1/month-close?from=anonymous' }).first('client_id', 'status')).toEqual({ client_id: null, status: 401 });
    expect((await t.db('api_clients').where({ id }).first('last_used_at'))?.last_used_at).not.toBeNull();
  });

  it('answers bad parameters with 400 JSON, a Chinese message per parameter', async () => {
    const res = await apiGet(app.app, '/api/v1/figures?month=2026-13&colour=red', countyRead);
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: { code: 'bad_request', message: '请求参数有误', fields: { month: '月份格式应为 2026-03', colour: '不支持的参数' } } });
    const both = await apiGet(app.app, '/api/v1/figures?from=2026-10-31&to=2026-10-01', countyRead);
    expect((both.body as { error: { fields: Record<string, string> } }).error.fields).toEqual({ from: '开始日期不能晚于结束日期' });
    const none = await apiGet(app.app, '/api/v1/figures', countyRead);
    expect((none.body as { error: { fields: Record<string, string> } }).error.fields).toEqual({ from: '请给出月份（month），或开始日期（from）和结束日期（to）' });
    const twice = await apiGet(app.app, '/api/v1/month-close?month=2026-10&month=2026-11', countyRead);
    expect(twice.status).toBe(400);
    expect((twice.body as { error: { fields: Record<string, string> } }).error.fields.month).toBe('月份格式应为 2026-03');
  });

  it('property: any query string on any endpoint is never a 5xx and always JSON with a Chinese message on refusal', async () => {
    const paths = ['/api/v1/figures', '/api/v1/tables/monthly', '/api/v1/tables/table2', '/api/v1/month-close', '/api/v1/exchange/packages'];
    const key = fc.constantFrom('region', 'month', 'from', 'to', 'year', 'half', 'partner', 'dry_run', 'x', '__proto__', 'constructor', 'month[]');
    const value = fc.oneof(
      fc.constantFrom('', '2026-10', '2026-02-30', '990100', '990100002', '990100001001', '1', '0', '2027', '9999-99', '2026-10-01', ' ', '%00', '%E4%B8%AD'),
      fc.string({ maxLength: 20 }).map(encodeURIComponent),
    );
    let cases = 0;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...paths), fc.array(fc.tuple(key, value), { maxLength: 4 }), async (path, pairs) => {
        cases += 1;
        const qs = pairs.map(([k, v]) => `${encodeURIComponent(k)}=${v}`).join('&');
        const res = await apiGet(app.app, `${path}${qs ? `?${qs}` : ''}`, countyRead);
        expect(res.status, `${path}?${qs}`).toBeLessThan(500);
        expect(res.type, `${path}?${qs}`).toBe('application/json');
        if (res.status >= 400) expect((res.body as { error: { message: string } }).error.message).toMatch(/[\u4e00-\u9fff]/);
      }),
      { seed: SEED, numRuns: 60 },
    );
    console.info(`[api] query-string property: ${cases} cases, no 5xx, all JSON`);
  });
});
