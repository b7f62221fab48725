/**
 * The admin pages of the API clients: the admin creates a client with a reason and sees its token once (only the
 * sha256 and the first 8 characters are stored), the token works, the list pages 50 a page, the detail shows the
 * calls, a revocation needs a reason and bites at once; both leave audit rows with their reasons.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../helpers/app.ts';
import { useTestDatabase } from '../../helpers/db.ts';
import { makeUser, seedWorld, type World } from '../../helpers/fixtures.ts';
import { $, Client } from '../../helpers/http.ts';
import { must } from '../../helpers/must.ts';
import { apiGet, countyAdmin, makeToken } from './helpers.ts';

describe('API clients (admin pages)', () => {
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

  it('creates a client with a reason: the token is shown once, its hash is stored and the token is not', async () => {
    const form = await admin.get('/admin/api-clients/new');
    expect(form.status).toBe(200);
    const options = $(form.text)('select[name=region_id] option')
      .map((_i, o) => $(form.text)(o).text())
      .get();
    expect(options.join(' ')).toContain('城关镇（990100001）');
    const res = await admin.post('/admin/api-clients', {
      name: '市卫健委统计平台',
      purpose: '每月读取报表数字',
      region_id: String(w.townshipA.id),
      access: 'read',
      rate_limit_per_minute: '30',
      reason: '市里要求直报',
    });
    expect(res.status).toBe(201);
    expect(res.headers['cache-control']).toContain('no-store');
    const token = $(res.text)('#api-token').val() as string;
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const row = must(await t.db('api_clients').where({ name: '市卫健委统计平台' }).first(), 'the client row');
    expect(row).toMatchObject({
      region_id: w.townshipA.id,
      access: 'read',
      rate_limit_per_minute: 30,
      token_prefix: token.slice(0, 8),
      token_hash: createHash('sha256').update(token).digest('hex'),
      revoked_at: null,
    });
    // The token is nowhere in the database: not in the row, not in the audit log, not in the session.
    for (const table of ['api_clients', 'audit_log', 'session']) {
      const dump = JSON.stringify(await t.db(table).select('*'));
      expect(dump.includes(token), table).toBe(false);
    }
    const audit = must(
      await t
        .db('audit_log')
        .where({ action: 'api_client.create', entity_id: String(row.id) })
        .first(),
      'the audit row',
    );
    expect(audit).toMatchObject({ reason: '市里要求直报', region_id: w.townshipA.id });
    expect(audit.after).toMatchObject({ name: '市卫健委统计平台', access: 'read', token_prefix: token.slice(0, 8) });

    // The token works; the client's page shows the call and never the token again.
    expect((await apiGet(app.app, '/api/v1/month-close?month=2026-10', token)).status).toBe(200);
    const show = await admin.get(`/admin/api-clients/${row.id}`);
    expect(show.status).toBe(200);
    expect(show.text).not.toContain(token);
    expect($(show.text)('table.data.stack td[data-label="地址"]').text()).toContain('/api/v1/month-close?month=2026-10');
  });

  it('refuses a client without a reason or outside the admin’s region: the form comes back, nothing is made', async () => {
    const before = await t.db('api_clients').count<{ n: number }[]>('* as n');
    const res = await admin.post('/admin/api-clients', { name: '无原因', purpose: '测试', region_id: String(w.county.id), access: 'write', reason: '' });
    expect(res.status).toBe(422);
    expect($(res.text)('input[name=name]').val()).toBe('无原因');
    expect(res.text).toContain('请填写创建原因');
    const village = await admin.post('/admin/api-clients', { name: '村级', purpose: '测试', region_id: String(w.villageA1.id), access: 'read', reason: '测试' });
    expect(village.status).toBe(422);
    expect(village.text).toContain('请选择本县或其下的乡镇');
    const rate = await admin.post('/admin/api-clients', { name: '太快', purpose: '测试', region_id: String(w.county.id), access: 'read', rate_limit_per_minute: '0', reason: '测试' });
    expect(rate.status).toBe(422);
    expect(await t.db('api_clients').count<{ n: number }[]>('* as n')).toEqual(before);
  });

  it('revokes with a reason: audited, the next call is 401, a second revocation is refused', async () => {
    const adminActor = await countyAdmin(t.db, w);
    const { id, token } = await makeToken(t.db, adminActor, w.county.id);
    expect((await apiGet(app.app, '/api/v1/month-close', token)).status).toBe(200);
    const noReason = await admin.post(`/admin/api-clients/${id}/revoke`, { reason: '' });
    expect(noReason.status).toBe(422);
    expect((await apiGet(app.app, '/api/v1/month-close', token)).status).toBe(200);
    const res = await admin.post(`/admin/api-clients/${id}/revoke`, { reason: '合作结束' });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/admin/api-clients/${id}`);
    expect((await apiGet(app.app, '/api/v1/month-close', token)).status).toBe(401);
    expect(
      await t
        .db('audit_log')
        .where({ action: 'api_client.revoke', entity_id: String(id) })
        .first('reason'),
    ).toEqual({ reason: '合作结束' });
    const page = await admin.get(`/admin/api-clients/${id}`);
    expect(page.text).toContain('已吊销');
    expect(page.text).toContain('合作结束');
    expect($(page.text)('form[action$="/revoke"]').length).toBe(0);
    expect((await admin.post(`/admin/api-clients/${id}/revoke`, { reason: '再来一次' })).status).toBe(422);
    expect((await admin.post('/admin/api-clients/999999/revoke', { reason: '不存在' })).status).toBe(404);
  });

  it('lists the clients 50 a page: page 2 is the last, with the oldest', async () => {
    const adminActor = await countyAdmin(t.db, w);
    const existing = Number((await t.db('api_clients').count<{ n: number }[]>('* as n'))[0]!.n);
    for (let i = existing; i < 51; i++) await makeToken(t.db, adminActor, w.county.id);
    const total = Number((await t.db('api_clients').count<{ n: number }[]>('* as n'))[0]!.n);
    expect(total).toBeGreaterThanOrEqual(51);
    const first = await admin.get('/admin/api-clients');
    expect(first.status).toBe(200);
    expect($(first.text)('table.data.stack tbody tr').length).toBe(50);
    expect($(first.text)('.result-count').text()).toContain(`共 ${total} 个客户端`);
    const last = await admin.get('/admin/api-clients?page=2');
    expect($(last.text)('table.data.stack tbody tr').length).toBe(total - 50);
    expect($(last.text)('.pagination').text()).toContain('第 2 / 2 页');
    const oldest = await t
      .db('api_clients')
      .orderBy([{ column: 'created_at' }, { column: 'id' }])
      .first('name');
    expect($(last.text)('td[data-label="名称"]').text()).toContain(oldest!.name);
    expect((await admin.get('/admin/api-clients?page=abc')).status).toBe(400);
  });
  it('shows a client’s calls 50 a page, newest first: page 2 is the last, with the oldest call', async () => {
    const adminActor = await countyAdmin(t.db, w);
    const { id } = await makeToken(t.db, adminActor, w.county.id);
    const base = Date.parse('2026-11-18T00:00:00Z');
    await t
      .db('api_calls')
      .insert(Array.from({ length: 51 }, (_v, i) => ({ client_id: id, at: new Date(base + i * 60_000), method: 'GET' as const, path: `/api/v1/month-close?n=${i}`, status: 200, ms: 3 })));
    const first = await admin.get(`/admin/api-clients/${id}`);
    expect($(first.text)('table.data.stack tbody tr').length).toBe(50);
    expect($(first.text)('td[data-label="地址"]').first().text()).toBe('/api/v1/month-close?n=50');
    const last = await admin.get(`/admin/api-clients/${id}?page=2`);
    expect($(last.text)('td[data-label="地址"]').text()).toBe('/api/v1/month-close?n=0');
    expect($(last.text)('.pagination').text()).toContain('第 2 / 2 页');
  });
});
