import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Eligibility } from '../../../src/domain/eligibility.ts';
import { buildTestApp, type TestApp } from '../../helpers/app.ts';
import { useTestDatabase } from '../../helpers/db.ts';
import { makeUser, seedWorld, type World } from '../../helpers/fixtures.ts';
import { $, Client } from '../../helpers/http.ts';
import { DEATH_EVIDENCE, REWARD_EVIDENCE, completeForm, deathEligibleWoman, insertChild, insertWoman, rewardEligibleWoman } from '../../helpers/subsidy-fixtures.ts';
import { must } from '../../helpers/must.ts';

describe('subsidy applications over HTTP', () => {
  const t = useTestDatabase();
  let app: TestApp;
  let w: World;
  let clerkA: Client;
  let supA: Client;
  let supB: Client;
  let clerkB: Client;
  let county: Client;

  async function login(role: 'clerk' | 'supervisor' | 'admin', regionId: number, displayName?: string) {
    const u = await makeUser(t.db, { role, regionId, displayName });
    const c = new Client(app.app);
    await c.login(u.username, u.password);
    return c;
  }

  const versionOf = async (id: number) => must(await t.db('subsidy_applications').where({ id }).first(), 'application').version;
  const idFrom = (location: string) => Number(location.split('/').pop());

  beforeAll(async () => {
    w = await seedWorld(t.db);
    app = buildTestApp(t.db, t.url);
    app.clock.set(new Date('2026-06-15T02:00:00Z'));
    clerkA = await login('clerk', w.townshipA.id);
    supA = await login('supervisor', w.townshipA.id, '城关镇审核员');
    supB = await login('supervisor', w.townshipB.id);
    clerkB = await login('clerk', w.townshipB.id);
    county = await login('supervisor', w.county.id, '县审核员');
  });
  afterAll(() => app.close());

  it('every page renders its empty state; unknown records are 404', async () => {
    const list = await clerkA.get('/subsidies/applications');
    expect($(list.text)('.empty').text()).toContain('新建申请');
    expect($(list.text)('.site-nav a[aria-current="page"]').text()).toBe('补助');
    const search = await clerkA.get('/subsidies/applications/new?q=无此人');
    expect($(search.text)('.empty').text()).toContain('本辖区没有找到“无此人”');
    const roster = await supA.get('/subsidies/roster');
    expect($(roster.text)('h1').text()).toBe('2026年农村部分计划生育家庭奖励扶助(奖扶)名册');
    expect($(roster.text)('[data-count="enjoying"]').text()).toBe('0');
    expect((await supA.get('/subsidies/roster?print=1')).status).toBe(200);
    const audit = await county.get('/subsidies/audit');
    expect($(audit.text)('#accuracy-total').text()).toContain('—');
    expect($((await county.get('/subsidies/payments')).text)('.empty').text()).toContain('还没有发放批次');
    expect($((await supB.get('/subsidies/programs/assisted_reproduction')).text)('.amount-now').text()).toContain('50,000.00');
    expect((await supA.get('/subsidies/programs/no_such_program')).status).toBe(404);
    expect((await supA.get('/subsidies/applications/999999')).status).toBe(404);
    expect((await supA.get('/subsidies/applications/abc')).status).toBe(404);
    expect((await county.get('/subsidies/payments/999999')).status).toBe(404);
    expect((await clerkA.get('/subsidies')).headers.location).toBe('/subsidies/applications');
  });

  it('the "new" page explains every program from the card, and a draft is saved', async () => {
    const woman = await rewardEligibleWoman(t.db, w.villageA1.id, '王秀英');
    const page = await clerkA.get(`/subsidies/applications/new?woman=${woman.id}`);
    expect(page.status).toBe(200);
    const $p = $(page.text);
    expect($p('table.eligibility[data-program="reward_assistance"]').first().attr('data-result')).toBe('met');
    expect($p('table.eligibility[data-program="special_assistance_death"]').attr('data-result')).toBe('not_met');
    expect($p('table.eligibility[data-program="reward_assistance"]').first().find('tr[data-condition="age"] td').last().text()).toContain('本人至 2026-12-31 为 66 周岁');
    expect($p('.woman-summary').text()).not.toContain(woman.id_number);

    const res = await clerkA.post('/subsidies/applications', { ...completeForm(woman, 'reward_assistance', ['id_card']) });
    expect(res.status).toBe(303);
    const row = must(
      await t
        .db('subsidy_applications')
        .where({ id: idFrom(res.headers.location) })
        .first(),
      'application',
    );
    expect(row).toMatchObject({ status: 'draft', beneficiary_name: '王秀英', beneficiary_id_number: woman.id_number, bank_account: '6217990100001234567', account_holder: '王秀英' });
    expect(row.evidence).toEqual(['id_card']);
  });

  it('refuses to submit with missing evidence, listing each item, and nothing changes', async () => {
    const woman = await rewardEligibleWoman(t.db, w.villageA1.id, '李桂兰');
    const created = await clerkA.post('/subsidies/applications', completeForm(woman, 'reward_assistance', ['id_card', 'bank_account']));
    const id = idFrom(created.headers.location);
    const res = await clerkA.post(`/subsidies/applications/${id}/submit`, { version: await versionOf(id) });
    expect(res.status).toBe(422);
    const items = $(res.text)('.error-summary li')
      .map((_i, el) => $(res.text)(el).text())
      .get();
    expect(items).toEqual(['缺少证明材料：户口簿', '缺少证明材料：结婚证', '缺少证明材料：村(居)委会证明']);
    expect((await t.db('subsidy_applications').where({ id }).first())?.status).toBe('draft');
    expect(await t.db('subsidy_decisions').where({ application_id: id }).first()).toBeUndefined();
  });

  it('refuses an ineligible woman and a half-empty form, saying what to fix on the card', async () => {
    const woman = await insertWoman(t.db, { regionId: w.villageA2.id, name: '张玉梅', birthDate: '1958-01-01', spouseHukouKind: null });
    await insertChild(t.db, woman, w.villageA2.id);
    await insertChild(t.db, woman, w.villageA2.id, { sex: 'male', birthDate: '1990-01-01', birthOrder: 2, name: '李强' });
    const created = await clerkA.post('/subsidies/applications', { woman: String(woman.id), program: 'reward_assistance', year: '2026', beneficiary: 'woman' });
    expect(created.status).toBe(303);
    const id = idFrom(created.headers.location);
    const res = await clerkA.post(`/subsidies/applications/${id}/submit`, { version: await versionOf(id) });
    expect(res.status).toBe(422);
    const summary = $(res.text)('.error-summary').text();
    for (const text of ['开户银行未填写', '银行账号未填写', '账户户名未填写', '缺少证明材料：户口簿', '配偶为农业户口：配偶户口性质未填写', '现存 2 个子女（非两个女孩）']) {
      expect(summary).toContain(text);
    }
    expect($(res.text)(`tr[data-condition="hukou_spouse"] a[href="/women/${woman.id}/edit"]`).text()).toBe('到信息卡补正');
    expect((await t.db('subsidy_applications').where({ id }).first())?.status).toBe('draft');
  });

  it('a payee other than the beneficiary is refused at submission (the "wrong parent" problem)', async () => {
    const woman = await rewardEligibleWoman(t.db, w.villageA1.id, '刘淑英');
    const created = await clerkA.post('/subsidies/applications', { ...completeForm(woman, 'reward_assistance', REWARD_EVIDENCE), account_holder: '李建国' });
    const id = idFrom(created.headers.location);
    const res = await clerkA.post(`/subsidies/applications/${id}/submit`, { version: await versionOf(id) });
    expect(res.status).toBe(422);
    expect($(res.text)('.error-summary').text()).toContain('账户户名“李建国”与享受对象“刘淑英”不一致');
  });

  it('奖扶 and 特扶 go through township review and county approval with one-click opinions; scope and roles hold', async () => {
    const reward = await rewardEligibleWoman(t.db, w.villageA1.id, '陈秀珍');
    const death = await deathEligibleWoman(t.db, w.villageA2.id, '杨桂芳');
    const ids: number[] = [];
    for (const [woman, program, evidence] of [
      [reward, 'reward_assistance', REWARD_EVIDENCE],
      [death, 'special_assistance_death', DEATH_EVIDENCE],
    ] as const) {
      const created = await clerkA.post('/subsidies/applications', completeForm(woman, program, [...evidence]));
      const id = idFrom(created.headers.location);
      const submitted = await clerkA.post(`/subsidies/applications/${id}/submit`, { version: await versionOf(id) });
      expect(submitted.status).toBe(303);
      ids.push(id);
    }
    const [rewardId, deathId] = ids;
    const snapshot = must(await t.db('subsidy_applications').where({ id: deathId }).first(), 'application').eligibility as Eligibility;
    expect(snapshot.result).toBe('met');
    expect(snapshot.conditions.find((c) => c.key === 'child_deceased')?.detail).toBe('李明于 2018-08-08 死亡');

    // The township supervisor's home shows both waiting; the clerk cannot decide.
    const home = await supA.get('/');
    expect($(home.text)('#p-subsidies-waiting').parent().text()).toContain('杨桂芳');
    expect((await clerkA.post(`/subsidies/applications/${rewardId}/approve`, { preset: 'x', version: await versionOf(rewardId) })).status).toBe(403);

    // Another township: 404 for the page and the decision, absent from its list.
    expect((await supB.get(`/subsidies/applications/${rewardId}`)).status).toBe(404);
    expect((await supB.post(`/subsidies/applications/${rewardId}/approve`, { preset: 'x', version: await versionOf(rewardId) })).status).toBe(404);
    expect((await clerkB.get(`/subsidies/applications/new?woman=${reward.id}`)).status).toBe(404);
    expect($((await supB.get('/subsidies/applications')).text)('#applications').text()).not.toContain('陈秀珍');

    // One click on a usual opinion submits the decision.
    const page = await supA.get(`/subsidies/applications/${rewardId}`);
    const preset = $(page.text)('form[data-action="approve"] button[name="preset"]').attr('value');
    expect(preset).toBe('情况属实，同意上报审核。');
    for (const id of ids) {
      expect((await supA.post(`/subsidies/applications/${id}/approve`, { preset: preset!, version: await versionOf(id) })).status).toBe(303);
    }
    // A stale version is a 409 and nothing moves.
    const stale = await county.post(`/subsidies/applications/${rewardId}/approve`, { preset: 'x', version: (await versionOf(rewardId)) - 1 });
    expect(stale.status).toBe(409);
    expect((await t.db('subsidy_applications').where({ id: rewardId }).first())?.status).toBe('township_approved');

    const countyHome = await county.get('/');
    expect($(countyHome.text)('#p-subsidies-waiting').parent().text()).toContain('陈秀珍');
    const countyPage = await county.get(`/subsidies/applications/${deathId}`);
    expect($(countyPage.text)('form[data-action="return"]').length).toBe(0);
    const countyPreset = $(countyPage.text)('form[data-action="approve"] button[name="preset"]').attr('value');
    expect(countyPreset).toBe('准予享受计划生育家庭特别扶助政策。');
    expect((await county.post(`/subsidies/applications/${deathId}/approve`, { preset: countyPreset!, version: await versionOf(deathId) })).status).toBe(303);
    expect((await county.post(`/subsidies/applications/${rewardId}/approve`, { opinion: '经审核符合条件，同意。', version: await versionOf(rewardId) })).status).toBe(303);

    const done = await clerkA.get(`/subsidies/applications/${rewardId}`);
    const rows = $(done.text)('#decisions tbody tr')
      .map((_i, el) => $(done.text)(el).text().replace(/\s+/g, ' ').trim())
      .get();
    expect(rows).toHaveLength(3);
    expect(rows[1]).toContain('城关镇审核员');
    expect(rows[1]).toContain('情况属实，同意上报审核。');
    expect(rows[2]).toContain('县审核员');
    expect(rows[2]).toContain('经审核符合条件，同意。');
    expect($(done.text)('[data-status]').first().text()).toBe('已批准');

    // The annual roster and the printable 公示 list.
    const roster = await supA.get('/subsidies/roster?program=reward_assistance&year=2026');
    expect($(roster.text)('[data-count="new"]').text()).toBe('1');
    expect($(roster.text)('table[data-kind="new"]').text()).toContain('陈秀珍');
    const print = await supA.get('/subsidies/roster?program=reward_assistance&year=2026&print=1');
    const $pr = $(print.text);
    expect($pr('.site-nav').length).toBe(0);
    const sheet = $pr('section.sheet[data-village="990100001001"]');
    expect(sheet.find('h1').text()).toBe('2026年农村部分计划生育家庭奖励扶助(奖扶)对象公示名单');
    expect(sheet.find('.print-meta').text()).toContain('填报单位：城关镇 东街村');
    expect(sheet.find('tbody tr').text()).toContain('陈秀珍');
    expect(sheet.find('tbody tr').text()).toContain('970.00');
    expect(sheet.text()).not.toContain(reward.id_number);
    expect(sheet.find('tbody td').eq(2).text()).toMatch(/^990100\*{11}[\dX]$/);
    expect((await supB.get('/subsidies/roster?program=reward_assistance&year=2026')).text).not.toContain('陈秀珍');

    // Recording a disqualifying event puts the beneficiary on the audit list, with the accuracy figure.
    await insertChild(t.db, death, w.villageA2.id, { name: '李小军', sex: 'male', birthDate: '2021-03-03', birthOrder: 2 });
    const audit = await supA.get('/subsidies/audit');
    const finding = $(audit.text)(`#findings tr[data-application="${deathId}"]`);
    expect(finding.text()).toContain('只生育一个子女：共生育 2 个子女');
    expect(finding.find('a[href*="reason=ineligible"]').length).toBe(1);
    expect($(audit.text)('#accuracy-total').text().replace(/\s+/g, ' ').trim()).toBe('50.00% 1/2');

    // The county saves the audit as dated reviews (考核: 奖扶特扶资格确认准确率); a reason is required.
    expect($(audit.text)('form[action="/subsidies/audit/reviews"]').length).toBe(0);
    const before = $((await county.get('/subsidies/audit')).text);
    expect(before('#review-runs').length).toBe(0);
    expect(before('form[action="/subsidies/audit/reviews"]').length).toBe(1);
    const empty = await county.post('/subsidies/audit/reviews', { reason: '' });
    expect(empty.status).toBe(422);
    expect($(empty.text)('#f-reason-err').text()).toContain('请填写核查说明');
    expect(await t.db('subsidy_eligibility_reviews').select('id')).toEqual([]);
    const saved = await county.post('/subsidies/audit/reviews', { reason: '年中核查' });
    expect(saved.status).toBe(303);
    const runs = $((await county.get('/subsidies/audit')).text)('#review-runs tbody tr');
    expect(runs.text()).toContain('特别扶助');
    expect((await supA.post('/subsidies/audit/reviews', { reason: 'x' })).status).toBe(403);
  });

  it('permissions: the county cannot draft; clerks cannot reach payments or admin settings', async () => {
    expect((await county.get('/subsidies/applications/new')).status).toBe(403);
    expect((await clerkA.get('/subsidies/payments')).status).toBe(403);
    expect((await clerkA.post('/subsidies/programs/reward_assistance/standards', { tier: 'local', effective_from: '2027-01-01', amount: '20' })).status).toBe(403);
    expect((await clerkA.get('/subsidies/programs')).status).toBe(200);
    const home = $((await clerkA.get('/')).text);
    const nav = home('.site-nav a')
      .map((_i, a) => home(a).attr('href'))
      .get();
    expect(nav).toContain('/subsidies/applications');
  });

  it('a returned application shows on the clerk home, is edited and resubmitted', async () => {
    const woman = await rewardEligibleWoman(t.db, w.villageA1.id, '黄玉兰');
    const created = await clerkA.post('/subsidies/applications', completeForm(woman, 'reward_assistance', REWARD_EVIDENCE));
    const id = idFrom(created.headers.location);
    await clerkA.post(`/subsidies/applications/${id}/submit`, { version: await versionOf(id) });
    const noOpinion = await supA.post(`/subsidies/applications/${id}/return`, { version: await versionOf(id) });
    expect(noOpinion.status).toBe(422);
    expect($(noOpinion.text)('#f-opinion-err, [id$="-err"]').first().text()).toContain('请填写审核意见');
    await supA.post(`/subsidies/applications/${id}/return`, { preset: '证明材料不全，通知申请人补充。', version: await versionOf(id) });
    expect(
      $((await clerkA.get('/')).text)('#p-subsidies-returned')
        .parent()
        .text(),
    ).toContain('黄玉兰');
    const edit = await clerkA.get(`/subsidies/applications/${id}/edit`);
    expect($(edit.text)('#f-bank_name').attr('value')).toBe('示例县农村信用合作联社');
    // The edit form shows the account masked (last 4 digits); posted back unchanged, the stored one is kept.
    const stored = must(must(await t.db('subsidy_applications').where({ id }).first(), 'application').bank_account, 'bank account');
    const shownAccount = $(edit.text)('#f-bank_account').attr('value')!;
    expect(shownAccount).toBe('*'.repeat(stored.length - 4) + stored.slice(-4));
    expect(edit.text).not.toContain(stored);
    const unchanged = await clerkA.post(`/subsidies/applications/${id}`, { ...completeForm(woman, 'reward_assistance', REWARD_EVIDENCE), bank_account: shownAccount, version: await versionOf(id) });
    expect(unchanged.status).toBe(303);
    expect((await t.db('subsidy_applications').where({ id }).first())?.bank_account).toBe(stored);
    const saved = await clerkA.post(`/subsidies/applications/${id}`, { ...completeForm(woman, 'reward_assistance', REWARD_EVIDENCE), note: '已补充户口簿复印件', version: await versionOf(id) });
    expect(saved.status).toBe(303);
    expect((await clerkA.post(`/subsidies/applications/${id}/submit`, { version: await versionOf(id) })).status).toBe(303);
    expect((await t.db('subsidy_applications').where({ id }).first())?.status).toBe('submitted');
  });
});
