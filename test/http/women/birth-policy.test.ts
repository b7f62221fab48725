/**
 * /admin/birth-policy and the couple facts over HTTP: the admin reads the rule sets (the chosen one marked) and
 * changes the county's set with a reason (audited, CSRF enforced, a bad value is a 422 in Chinese, a clerk gets
 * 403); the card form keeps 本人/配偶是否独生子女 (是/否/不详); the child form proposes with the chosen set.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../helpers/app.ts';
import { useTestDatabase } from '../../helpers/db.ts';
import { makeUser, seedWorld, type World } from '../../helpers/fixtures.ts';
import { $, Client } from '../../helpers/http.ts';
import { must } from '../../helpers/must.ts';
import { cardFields, womanId } from '../../helpers/women.ts';

describe('birth policy as data', () => {
  const t = useTestDatabase();
  let app: TestApp;
  let w: World;
  let admin: Client;
  let clerk: Client;

  beforeAll(async () => {
    w = await seedWorld(t.db);
    app = buildTestApp(t.db, t.url);
    const a = await makeUser(t.db, { role: 'admin', regionId: w.county.id });
    admin = new Client(app.app);
    await admin.login(a.username, a.password);
    const c = await makeUser(t.db, { role: 'clerk', regionId: w.townshipA.id });
    clerk = new Client(app.app);
    await clerk.login(c.username, c.password);
  });
  afterAll(() => app.close());

  const chosen = async () => (await t.db('county_settings').where({ key: 'policy_rule_set' }).first())?.value ?? 'national';
  const choose = async (rule_set: string) => expect((await admin.post('/admin/birth-policy', { rule_set, reason: '测试切换' })).status).toBe(303);

  it('lists the rule sets with their rules, the chosen one marked', async () => {
    await choose('national');
    const page = $((await admin.get('/admin/birth-policy')).text);
    expect(page('h1').text()).toBe('生育政策');
    expect(page('#set-national h2').text()).toContain('本县使用');
    expect(page('#set-example_province h2').text()).not.toContain('本县使用');
    expect(
      page('#set-national thead th')
        .map((_i, el) => page(el).text())
        .get(),
    ).toEqual(['生效日期', '失效日期', '条件', '适用', '可生育子女数', '依据']);
    const rows = page('#set-example_province tbody tr')
      .map((_i, el) => page(el).text())
      .get();
    expect(rows).toHaveLength(5);
    expect(rows.find((r) => r.includes('农村一孩为女孩'))).toMatch(/2002-09-01.*2015-12-31.*农村一孩为女孩.*农村.*2/);
    expect(page('#set-national tbody tr').length).toBe(3);
    expect(page('#f-rule_set').val()).toBe('national');
  });

  it('changes the set with a reason: audited, then marked on the page', async () => {
    await choose('national');
    const res = await admin.post('/admin/birth-policy', { rule_set: 'example_province', reason: '执行本省条例' });
    expect(res.status).toBe(303);
    expect(await chosen()).toBe('example_province');
    const audit = must(await t.db('audit_log').where({ action: 'birth_policy.choose' }).orderBy('id', 'desc').first(), 'audit');
    expect(audit).toMatchObject({ reason: '执行本省条例', after: { rule_set: 'example_province' } });
    const page = $((await admin.get('/admin/birth-policy')).text);
    expect(page('#set-example_province h2').text()).toContain('本县使用');
    expect(page('.flash').text()).toContain('示例省人口与计划生育条例');
  });

  it('a bad value or a missing reason is a 422 in Chinese with the values kept; nothing changes', async () => {
    await choose('national');
    const before = await t.db('audit_log').count({ n: '*' }).first();
    const bad = await admin.post('/admin/birth-policy', { rule_set: 'atlantis', reason: '试一试' });
    expect(bad.status).toBe(422);
    expect($(bad.text)('#f-rule_set-err').text()).toBe('生育政策规则集不是有效选项，请从列表中选择');
    expect($(bad.text)('#f-reason').text()).toBe('试一试');
    const noReason = await admin.post('/admin/birth-policy', { rule_set: 'example_province', reason: '' });
    expect(noReason.status).toBe(422);
    expect($(noReason.text)('#f-reason-err').text()).toBe('请填写变更原因');
    expect($(noReason.text)('#f-rule_set').val()).toBe('example_province');
    expect(await chosen()).toBe('national');
    expect(await t.db('audit_log').count({ n: '*' }).first()).toEqual(before);
  });

  it('refuses a POST without the CSRF token, and a clerk gets 403', async () => {
    await choose('national');
    const forged = await admin.post('/admin/birth-policy', { rule_set: 'example_province', reason: '伪造' }, { token: null });
    expect(forged.status).toBe(403);
    expect(await chosen()).toBe('national');
    expect((await clerk.get('/admin/birth-policy')).status).toBe(403);
    expect((await clerk.post('/admin/birth-policy', { rule_set: 'example_province', reason: '越权' })).status).toBe(403);
    expect(await chosen()).toBe('national');
    // The admin's menu and tabs lead there; the clerk's menu does not.
    expect($((await admin.get('/admin/regions')).text)('a[href="/admin/birth-policy"]').length).toBeGreaterThan(0);
    expect($((await clerk.get('/')).text)('a[href="/admin/birth-policy"]').length).toBe(0);
  });

  /** A rural card (married 2005) with a first child, a girl, in 2006. */
  async function ruralMother(name: string, facts: Record<string, string> = {}) {
    const res = await clerk.post('/women', { ...cardFields(w.villageA1.code, { name, id_number: womanId('1982-05-12'), hukou_kind: 'agricultural', marriage_date: '2005-01-01' }), ...facts });
    expect(res.status, res.text).toBe(303);
    const id = Number(/\/women\/(\d+)/.exec(res.headers.location)![1]);
    expect((await clerk.post(`/women/${id}/children`, { sex: 'female', birth_date: '2006-03-01', vital_status: 'living' })).status).toBe(303);
    return id;
  }
  const secondOf = async (id: number) => must(await t.db('children').where({ woman_id: id, birth_order: 2 }).first(), 'second child');

  it('the child form proposes with the chosen set: 一孩半 in 2010 is 符合政策 under the example province only', async () => {
    await choose('example_province');
    const a = await ruralMother('政策甲');
    const form = $((await clerk.get(`/women/${a}/children/new`)).text);
    expect(form('details').text()).toContain('农村一孩为女孩');
    expect((await clerk.post(`/women/${a}/children`, { sex: 'male', birth_date: '2010-06-01', vital_status: 'living' })).status).toBe(303);
    expect(await secondOf(a)).toMatchObject({ policy_status: 'compliant', policy_proposed: 'compliant' });

    await choose('national');
    const b = await ruralMother('政策乙');
    expect((await clerk.post(`/women/${b}/children`, { sex: 'male', birth_date: '2010-06-01', vital_status: 'living' })).status).toBe(303);
    expect(await secondOf(b)).toMatchObject({ policy_status: 'non_compliant', policy_proposed: 'non_compliant' });
    // Overriding to 符合政策 without a permit: refused, the hint names the national rule in force.
    const refused = await clerk.post(`/women/${b}/children`, { sex: 'male', birth_date: '2012-06-01', policy_status: 'compliant', vital_status: 'living' });
    expect(refused.status).toBe(422);
    expect($(refused.text)('#f-policy_reason-err').text()).toContain('按 1980-09-25 起施行的国家政策可生育 1 个孩子，本次为第 3 孩');
  });

  it('双独 over the card form: 是/是 makes a 2008 second child 符合政策; 是/不详 does not', async () => {
    await choose('example_province');
    const urban = { hukou_kind: 'non_agricultural' };
    const both = await ruralMother('双独甲', { ...urban, only_child: 'true', spouse_only_child: 'true' });
    expect(must(await t.db('women').where({ id: both }).first(), 'card')).toMatchObject({ only_child: true, spouse_only_child: true });
    const edit = $((await clerk.get(`/women/${both}/edit`)).text);
    expect(edit('#f-only_child').val()).toBe('true');
    expect(edit('#f-spouse_only_child option[selected]').text()).toBe('是');
    expect($((await clerk.get(`/women/${both}`)).text)('#spouse').text()).toContain('本人：是；配偶：是');
    expect((await clerk.post(`/women/${both}/children`, { sex: 'male', birth_date: '2008-06-01', vital_status: 'living' })).status).toBe(303);
    expect(await secondOf(both)).toMatchObject({ policy_status: 'compliant' });

    const one = await ruralMother('双独乙', { ...urban, only_child: 'true', spouse_only_child: '' });
    expect(must(await t.db('women').where({ id: one }).first(), 'card')).toMatchObject({ only_child: true, spouse_only_child: null });
    expect($((await clerk.get(`/women/${one}`)).text)('#spouse').text()).toContain('本人：是；配偶：不详');
    expect((await clerk.post(`/women/${one}/children`, { sex: 'male', birth_date: '2008-06-01', vital_status: 'living' })).status).toBe(303);
    expect(await secondOf(one)).toMatchObject({ policy_status: 'non_compliant' });
  });

  it('a value other than 是/否/不详 is a 422 at the field, the card not created', async () => {
    const res = await clerk.post('/women', { ...cardFields(w.villageA1.code, { name: '选项丙' }), only_child: 'maybe' });
    expect(res.status).toBe(422);
    expect($(res.text)('#f-only_child-err').text()).toBe('本人是否独生子女应为“是”“否”或“不详”');
    expect(await t.db('women').where({ name: '选项丙' }).first()).toBeUndefined();
  });
});
