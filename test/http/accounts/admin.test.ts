import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../helpers/app.ts';
import { useTestDatabase } from '../../helpers/db.ts';
import { makeUser, seedWorld, unique, type World } from '../../helpers/fixtures.ts';
import { $, Client } from '../../helpers/http.ts';
import { must } from '../../helpers/must.ts';

describe('administration of regions and accounts', () => {
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

  it('an admin creates a township clerk who must change the password, then sees only that township', async () => {
    const username = unique('clerkx');
    const created = await admin.post('/admin/users', {
      username,
      display_name: '王桂兰',
      role: 'clerk',
      region_id: w.townshipB.id,
      password: 'Initial-Pass-1',
    });
    expect(created.status).toBe(303);
    const row = must(await t.db('users').where({ username }).first(), 'account');
    expect(row).toMatchObject({ role: 'clerk', region_id: w.townshipB.id, must_change_password: true, active: true });
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
    const audit = must(
      await t
        .db('audit_log')
        .where({ action: 'user.create', entity_id: String(row.id) })
        .first(),
      'audit row',
    );
    expect(audit.after).toMatchObject({ username, role: 'clerk', region_id: w.townshipB.id });
    expect(JSON.stringify(audit)).not.toContain('argon2');

    const clerk = new Client(app.app);
    const first = await clerk.login(username, 'Initial-Pass-1');
    expect(first.headers.location).toBe('/account/password');
    await clerk.post('/account/password', { current_password: 'Initial-Pass-1', new_password: 'Clerks-own-42', confirm_password: 'Clerks-own-42' });
    const home = await clerk.get('/');
    expect(home.status).toBe(200);
    expect($(home.text)('.who-role').text()).toBe('东山镇 · 录入员');
    // Administration and the audit log are not for clerks.
    expect((await clerk.get('/admin/users')).status).toBe(403);
    expect((await clerk.get('/admin/regions')).status).toBe(403);
    expect((await clerk.get('/audit')).status).toBe(403);
    const nav = $(home.text)('.site-nav a')
      .map((_i, a) => $(home.text)(a).text())
      .get();
    expect(nav).not.toContain('管理');
    expect(nav).not.toContain('审计日志');
  });

  it('refuses an account the rules do not allow (a clerk at the county), keeping the values', async () => {
    const username = unique('bad');
    const res = await admin.post('/admin/users', { username, display_name: '错误', role: 'clerk', region_id: w.county.id, password: 'Initial-Pass-1' });
    expect(res.status).toBe(422);
    const page = $(res.text);
    expect(page('#f-role-err').text()).toMatch(/县级区划不能设录入员/);
    expect(page('#f-username').attr('value')).toBe(username);
    expect(page('.error-summary a[href="#f-role"]').length).toBe(1);
    expect(await t.db('users').where({ username }).first()).toBeUndefined();
  });

  it('disabling a user ends their session at once', async () => {
    const u = await makeUser(t.db, { role: 'clerk', regionId: w.townshipA.id });
    const victim = new Client(app.app);
    await victim.login(u.username, u.password);
    expect((await victim.get('/')).status).toBe(200);
    const page = await admin.get(`/admin/users/${u.id}`);
    const version = $(page.text)(`form[action="/admin/users/${u.id}/disable"] input[name=version]`).attr('value');
    const res = await admin.post(`/admin/users/${u.id}/disable`, { version: version! });
    expect(res.status).toBe(303);
    const after = await victim.get('/');
    expect(after.status).toBe(303);
    expect(after.headers.location).toMatch(/^\/login/);
    const again = new Client(app.app);
    await again.refreshToken();
    const login = await again.post('/login', { username: u.username, password: u.password });
    expect($(login.text)('.flash-error').text()).toMatch(/已停用/);
    expect(
      await t
        .db('audit_log')
        .where({ action: 'user.disable', entity_id: String(u.id) })
        .first(),
    ).toBeTruthy();
  });

  it('a stale version is refused with 409 and nothing changes', async () => {
    const u = await makeUser(t.db, { role: 'clerk', regionId: w.townshipA.id });
    const res = await admin.post(`/admin/users/${u.id}/disable`, { version: u.version + 5 });
    expect(res.status).toBe(409);
    expect((await t.db('users').where({ id: u.id }).first())?.active).toBe(true);
  });

  it('resets a password, ending the user sessions and forcing a change', async () => {
    const u = await makeUser(t.db, { role: 'supervisor', regionId: w.townshipA.id });
    const s = new Client(app.app);
    await s.login(u.username, u.password);
    const res = await admin.post(`/admin/users/${u.id}/password`, { password: 'Reset-by-admin-1', version: u.version });
    expect(res.status).toBe(303);
    expect((await s.get('/')).status).toBe(303);
    const again = new Client(app.app);
    expect((await again.login(u.username, 'Reset-by-admin-1')).headers.location).toBe('/account/password');
  });

  it('unlocks a locked account', async () => {
    const u = await makeUser(t.db, { role: 'clerk', regionId: w.townshipA.id });
    const c = new Client(app.app);
    await c.refreshToken();
    for (let i = 0; i < 5; i++) await c.post('/login', { username: u.username, password: 'nope-nope' });
    const list = await admin.get('/admin/users?status=locked');
    expect($(list.text)('table.data tbody tr').text()).toContain(u.username);
    const row = must(await t.db('users').where({ id: u.id }).first(), 'account');
    expect((await admin.post(`/admin/users/${u.id}/unlock`, { version: row.version })).status).toBe(303);
    await c.login(u.username, u.password);
  });

  it('answers 404 for an account that does not exist and for a malformed id', async () => {
    expect((await admin.get('/admin/users/999999')).status).toBe(404);
    expect((await admin.get('/admin/users/abc')).status).toBe(404);
    const res = await admin.get('/no-such-page');
    expect(res.status).toBe(404);
    expect($(res.text)('h1').text()).toContain('未找到');
  });

  it('creates, renames and deactivates regions from the tree page', async () => {
    const created = await admin.post('/admin/regions', { code: '990100002007', name: '新村' });
    expect(created.status).toBe(303);
    const village = must(await t.db('regions').where({ code: '990100002007' }).first(), 'region');
    expect(village).toMatchObject({ level: 'village', parent_id: w.townshipB.id });

    const bad = await admin.post('/admin/regions', { code: '990100009001', name: '孤村' });
    expect(bad.status).toBe(422);
    expect($(bad.text)('#f-code-err').text()).toMatch(/不存在/);
    expect($(bad.text)('#f-code').attr('value')).toBe('990100009001');

    expect((await admin.post(`/admin/regions/${village.id}/rename`, { name: '新建村', version: village.version })).status).toBe(303);
    const renamed = must(await t.db('regions').where({ id: village.id }).first(), 'region');
    expect(renamed.name).toBe('新建村');
    expect((await admin.post(`/admin/regions/${village.id}/deactivate`, { version: renamed.version })).status).toBe(303);
    expect((await t.db('regions').where({ id: village.id }).first())?.active).toBe(false);

    const refused = await admin.post(`/admin/regions/${w.townshipA.id}/deactivate`, { version: w.townshipA.version });
    expect(refused.status).toBe(422);
    expect($(refused.text)('.error-summary').text()).toMatch(/城关镇 还有 2 个在用的下级区划/);

    const tree = await admin.get('/admin/regions');
    expect($(tree.text)(`#r${village.id} .badge`).text()).toBe('已停用');
    const actions = (
      await t
        .db('audit_log')
        .where({ entity: 'region', entity_id: String(village.id) })
        .orderBy('id')
    ).map((r) => r.action);
    expect(actions).toEqual(['region.create', 'region.rename', 'region.deactivate']);
  });

  it('shows the audit log scoped: a township supervisor sees only rows of their township', async () => {
    const supA = await makeUser(t.db, { role: 'supervisor', regionId: w.townshipA.id });
    const supB = await makeUser(t.db, { role: 'supervisor', regionId: w.townshipB.id });
    const a = new Client(app.app);
    await a.login(supA.username, supA.password);
    const b = new Client(app.app);
    await b.login(supB.username, supB.password);
    const pageA = await a.get('/audit?action=login.success');
    expect(pageA.status).toBe(200);
    const usersA = $(pageA.text)('table.audit tbody tr td:nth-child(2)')
      .map((_i, td) => $(pageA.text)(td).text())
      .get();
    expect(usersA).toContain(supA.username);
    expect(usersA).not.toContain(supB.username);
    const county = await admin.get('/audit?action=login.success');
    const all = $(county.text)('table.audit tbody').text();
    expect(all).toContain(supA.username);
    expect(all).toContain(supB.username);
  });
});

describe('health', () => {
  const t = useTestDatabase();
  it('GET /healthz answers ok when the database answers', async () => {
    const app = buildTestApp(t.db, t.url);
    const c = new Client(app.app);
    const res = await c.get('/healthz');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok', db: 'ok' });
    await app.close();
  });
});
