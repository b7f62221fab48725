/**
 * The services pages over HTTP, as a township clerk uses them: record a service from the card's form, see the
 * refusal at its field, mark follow-ups done, run a double-check round, print rosters and a work order; and the
 * scope and role walls (another township's woman or follow-up is a 404; a county supervisor cannot record).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../../src/auth/actor.ts';
import { recordService, withEventFollowUps } from '../../../src/features/services/service.ts';
import { followUpsForWoman, servicesForWoman } from '../../../src/features/services/service.ts';
import { openEpisode, openPregnancy, recordBirth } from '../../../src/features/women/service.ts';
import { buildTestApp, type TestApp } from '../../helpers/app.ts';
import { useTestDatabase } from '../../helpers/db.ts';
import { makeUser, seedWorld, type World } from '../../helpers/fixtures.ts';
import { $, Client } from '../../helpers/http.ts';
import { actorFor, makeCard } from '../../helpers/women.ts';
import { must } from '../../helpers/must.ts';

const TODAY = '2026-04-20';

describe('services pages', () => {
  const t = useTestDatabase();
  let app: TestApp;
  let w: World;
  let clerk: Client;
  let clerkB: Client;
  let county: Client;
  let actorA: Actor;
  let actorB: Actor;

  beforeAll(async () => {
    w = await seedWorld(t.db);
    app = buildTestApp(t.db, t.url);
    app.clock.set(new Date(`${TODAY}T04:00:00Z`));
    const a = await makeUser(t.db, { role: 'clerk', regionId: w.townshipA.id });
    const b = await makeUser(t.db, { role: 'clerk', regionId: w.townshipB.id });
    const c = await makeUser(t.db, { role: 'supervisor', regionId: w.county.id });
    actorA = actorFor(a, w.townshipA);
    actorB = actorFor(b, w.townshipB);
    clerk = new Client(app.app);
    await clerk.login(a.username, a.password);
    clerkB = new Client(app.app);
    await clerkB.login(b.username, b.password);
    county = new Client(app.app);
    await county.login(c.username, c.password);
  });
  afterAll(() => app.close());

  async function mother(name: string, village = w.villageA1.code, actor = actorA) {
    const card = await makeCard(t.db, actor, village, { name });
    await recordBirth(t.db, actor, card.id, { birth_date: '2015-04-02', children: [{ sex: 'female' }] }, { today: TODAY });
    return card;
  }

  it('the navigation offers 技术服务 · 随访 · 花名册', async () => {
    const home = await clerk.get('/');
    const nav = $(home.text)('.site-nav a')
      .map((_i, a) => $(home.text)(a).text())
      .get();
    expect(nav).toEqual(expect.arrayContaining(['技术服务', '随访', '花名册']));
  });

  it('records an IUD insertion from the form: 303 to the card, rows written, flash says what happened', async () => {
    const woman = await mother('王秀英');
    const form = await clerk.get(`/women/${woman.id}/services/new`);
    expect(form.status).toBe(200);
    const page = $(form.text);
    expect(page('h1').text()).toContain('登记技术服务 · 王秀英');
    expect(page('#f-performed_on').val()).toBe(TODAY);
    expect(page('#f-kind optgroup').length).toBe(2);

    const res = await clerk.post(`/women/${woman.id}/services`, { kind: 'iud_insertion', performed_on: '2026-04-10', facility: '城关镇计生服务站', provider: '李医生', complication: 'none' });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/women/${woman.id}#services`);
    const service = must(await t.db('services').where({ woman_id: woman.id }).first(), 'service');
    expect(service).toMatchObject({ kind: 'iud_insertion', facility: '城关镇计生服务站', region_id: w.villageA1.id });
    expect(await t.db('follow_ups').where({ service_id: service.id })).toHaveLength(4);
    const next = await clerk.get('/services');
    expect($(next.text)('.flash-success').text()).toContain('已登记 王秀英 的放置宫内节育器(上环)（2026-04-10）；开始使用宫内节育器（2034-04-10 到期）；生成随访 4 次。');
    expect($(next.text)('table.data tbody tr').first().text()).toContain('王秀英');
  });

  it('a refusal comes back as 422 with the message at the field and the values kept; nothing is written', async () => {
    const woman = await mother('李桂兰');
    const res = await clerk.post(`/women/${woman.id}/services`, { kind: 'iud_removal', performed_on: '2026-04-10', facility: '城关镇计生服务站', provider: '张医生' });
    expect(res.status).toBe(422);
    const page = $(res.text);
    expect(page('#f-kind-err').text()).toContain('卡上没有在用的宫内节育器，不能登记取出');
    expect(page('#f-kind').attr('aria-invalid')).toBe('true');
    expect(page('#f-provider').val()).toBe('张医生');
    expect(page('.error-summary').text()).toContain('请更正以下 1 处问题');
    expect(await t.db('services').where({ woman_id: woman.id })).toHaveLength(0);
  });

  it('another township’s woman is a 404; a county supervisor may not record', async () => {
    const woman = await mother('赵丽');
    expect((await clerkB.get(`/women/${woman.id}/services/new`)).status).toBe(404);
    expect((await clerkB.post(`/women/${woman.id}/services`, { kind: 'gyn_exam', performed_on: '2026-04-10' })).status).toBe(404);
    expect((await county.post(`/women/${woman.id}/services`, { kind: 'gyn_exam', performed_on: '2026-04-10' })).status).toBe(403);
    expect(await t.db('services').where({ woman_id: woman.id })).toHaveLength(0);
  });

  it('follow-ups: listed by level with counts, done with date, result and who; errors at the field; scope', async () => {
    const woman = await mother('孙梅');
    await recordService(t.db, actorA, woman.id, { kind: 'surgical_abortion', performed_on: '2026-03-10', facility: '站' }, { today: TODAY });
    const list = await clerk.get('/follow-ups?status=overdue');
    const page = $(list.text);
    const row = page('table.data tbody tr').filter((_i, tr) => page(tr).text().includes('孙梅'));
    expect(row.text()).toContain('2026-04-10');
    expect(row.text()).toContain('逾期未随访');
    expect(page('table.summary').text()).toContain('乡镇计生办/服务站');
    const fu = must(await t.db('follow_ups').where({ woman_id: woman.id }).orderBy('due_on').first(), 'follow-up');

    expect((await clerkB.get(`/follow-ups/${fu.id}`)).status).toBe(404);
    expect((await clerkB.post(`/follow-ups/${fu.id}/done`, { done_on: '2026-04-12', result: '好' })).status).toBe(404);
    const bad = await clerk.post(`/follow-ups/${fu.id}/done`, { done_on: '2026-04-12', result: '' });
    expect(bad.status).toBe(422);
    expect($(bad.text)('#f-result-err').text()).toBe('请填写随访结果');
    const ok = await clerk.post(`/follow-ups/${fu.id}/done`, { done_on: '2026-04-12', result: '恢复良好', back: `/women/${woman.id}#follow-ups` });
    expect(ok.status).toBe(303);
    expect(ok.headers.location).toBe(`/women/${woman.id}#follow-ups`);
    expect(await t.db('follow_ups').where({ id: fu.id }).first()).toMatchObject({ done_on: '2026-04-12', result: '恢复良好' });
    // An off-site "back" is ignored.
    const fu2 = must(await t.db('follow_ups').where({ woman_id: woman.id }).orderBy('due_on', 'desc').first(), 'follow-up');
    const evil = await clerk.post(`/follow-ups/${fu2.id}/done`, { done_on: '2026-04-12', result: '提前随访', back: '//evil.example/x' });
    expect(evil.headers.location).toBe('/follow-ups');
    const done = await clerk.get('/follow-ups?status=done');
    expect($(done.text)('table.data tbody').text()).toContain('恢复良好');
    const printed = await clerk.get('/follow-ups?status=done&print=1');
    expect($(printed.text)('body.print-view .sheet .print-header h1').first().text()).toContain('随访名单');
  });

  it('a follow-up made by an event shows its 触发 and date as the reason, on screen and on both printed lists', async () => {
    const card = await makeCard(t.db, actorA, w.villageA2.code, { name: '孕检芳' });
    await withEventFollowUps(t.db, actorA, card.id, TODAY, (trx) => openPregnancy(trx, actorA, card.id, { found_on: '2026-03-10' }, { today: TODAY }));
    const rowOf = (html: string) => $(html)('tr').filter((_i, tr) => $(html)(tr).text().includes('孕检芳'));
    const screen = await clerk.get('/follow-ups?status=all');
    expect(rowOf(screen.text).find('td[data-label="随访事由"]').text().trim()).toBe('怀孕（2026-03-10）');
    for (const path of ['/follow-ups?status=all&print=1', '/rosters/follow-ups?print=1']) {
      const printed = await clerk.get(path);
      expect(printed.status).toBe(200);
      expect(rowOf(printed.text).text()).toContain('怀孕（2026-03-10）');
    }
  });

  it('a double-check round: open, record a result inline, excuse, see the rate; another township gets 404', async () => {
    const ring = await mother('周芳', w.villageA2.code);
    await recordService(t.db, actorA, ring.id, { kind: 'iud_insertion', performed_on: '2019-03-01', facility: '站' }, { today: TODAY });
    const away = await mother('吴静', w.villageA2.code);
    const open = await clerk.post('/check-rounds', { quarter: '2026-2' });
    expect(open.status).toBe(303);
    const roundUrl = open.headers.location;
    const roundId = Number(roundUrl.split('/').pop());

    const missing = await clerk.post(`/check-rounds/${roundId}/results`, { woman_id: ring.id, performed_on: '2026-04-18', pregnancy_result: 'negative', back: roundUrl });
    expect(missing.status).toBe(422);
    expect($(missing.text)('#f-iud_result-err').text()).toContain('请填写查环结果');
    const recorded = await clerk.post(`/check-rounds/${roundId}/results`, { woman_id: ring.id, performed_on: '2026-04-18', iud_result: 'present', pregnancy_result: 'negative', back: roundUrl });
    expect(recorded.status).toBe(303);
    expect(recorded.headers.location).toBe(roundUrl);
    expect((await clerk.post(`/check-rounds/${roundId}/excuse`, { woman_id: away.id, reason: '外出务工' })).status).toBe(303);

    const page = $((await clerk.get(roundUrl)).text);
    const due = await t.db('check_results').where({ round_id: roundId }).whereIn('status', ['due', 'done']);
    expect(page('.round-figures').text()).toContain(`已查 1 / 应查 ${due.length}`);
    const figure = page('.round-figures dd strong').first().text();
    expect(figure).toBe(`${(Math.round((1 / due.length) * 10000) / 100).toFixed(2)}%`);
    const zhou = page('table.data tbody tr').filter((_i, tr) => page(tr).text().includes('周芳'));
    expect(zhou.text()).toContain('已查');
    expect(zhou.text()).toContain('有环');
    const wu = page('table.data tbody tr').filter((_i, tr) => page(tr).text().includes('吴静'));
    expect(wu.text()).toContain('免查：外出务工');
    expect((await clerkB.get(roundUrl)).status).toBe(404);
    // The county supervisor reads the round, without the forms to change it.
    const countyView = $((await county.get(roundUrl)).text);
    expect(countyView('h1').text()).toContain('城关镇 2026年第二季度双查');
    expect(countyView('form[action$="/results"]').length).toBe(0);
    expect((await county.post(`/check-rounds/${roundId}/excuse`, { woman_id: ring.id, reason: 'x' })).status).toBe(403);
    const print = await clerk.get(`${roundUrl}?print=1`);
    expect($(print.text)('.sheet').length).toBeGreaterThan(0);
    expect($(print.text)('.sheet s').text()).toContain('周芳');
  });

  it('rosters render on screen and in print, a sheet per village with the official header', async () => {
    await mother('郑无措', w.villageA1.code);
    await mother('冯无措', w.villageA2.code);
    const screen = await clerk.get('/rosters/should-adopt');
    expect(screen.status).toBe(200);
    const sp = $(screen.text);
    expect(sp('h1').text()).toBe('应措花名册');
    expect(sp('table.data').first().text()).toContain('郑无措');
    expect(sp('.tabs a[aria-current="page"]').text()).toBe('应措花名册');

    const print = await clerk.get('/rosters/should-adopt?print=1');
    const pp = $(print.text);
    expect(pp('body').hasClass('print-view')).toBe(true);
    expect(pp('.site-nav').length).toBe(0);
    const sheets = pp('section.sheet');
    expect(sheets.map((_i, s) => pp(s).attr('data-village')).get()).toEqual([w.villageA1.code, w.villageA2.code]);
    expect(pp(sheets[0]).find('.print-header').text()).toContain('填报单位：城关镇 东街村');
    expect(pp(sheets[0]).find('.print-header').text()).toContain('报告期：2026年4月');
    expect(pp(sheets[0]).text()).toContain('郑无措');
    expect(pp(sheets[0]).text()).not.toContain('冯无措');
    expect(pp(sheets[1]).find('.print-footer').text()).toContain('单位负责人');

    const one = $((await clerk.get(`/rosters/should-adopt?village=${w.villageA2.code}&print=1`)).text);
    expect(one('section.sheet').length).toBe(1);
    for (const path of ['/rosters/double-check', '/rosters/follow-ups', '/rosters/removals']) {
      const r = await clerk.get(path);
      expect([path, r.status]).toEqual([path, 200]);
      const p = await clerk.get(`${path}?print=1&village=${w.villageA1.code}`);
      expect([path, p.status]).toEqual([path, 200]);
      expect($(p.text)('body.print-view').length).toBe(1);
    }
    // The county supervisor reads rosters; another township's people are not on A's.
    expect((await county.get('/rosters/should-adopt')).status).toBe(200);
    const bRoster = await clerkB.get('/rosters/should-adopt');
    expect($(bRoster.text)('main').text()).not.toContain('郑无措');
  });

  it('a work order lists what is due this month, and shows closed items struck through as 已完成', async () => {
    const woman = await mother('陈晓', w.villageA1.code);
    const pending = await mother('何平', w.villageA1.code);
    void pending;
    await openEpisode(t.db, actorA, woman.id, { method: 'condom', started_on: '2026-04-05' }, { today: TODAY });
    const res = await clerk.get(`/work-orders?village=${w.villageA1.code}&month=2026-04`);
    expect(res.status).toBe(200);
    const page = $(res.text);
    const rows = page('table.data tbody tr');
    const chen = rows.filter((_i, tr) => page(tr).text().includes('陈晓'));
    expect(chen.find('s').text()).toBe('陈晓');
    expect(chen.text()).toContain('已完成');
    expect(chen.text()).toContain('已落实措施：避孕套');
    const he = rows.filter((_i, tr) => page(tr).text().includes('何平'));
    expect(he.find('s').length).toBe(0);
    const print = $((await clerk.get(`/work-orders?village=${w.villageA1.code}&month=2026-04&print=1`)).text);
    expect(print('.print-header h1').text()).toBe('服务信息单');
    expect(print('.print-header').text()).toContain('城关镇 东街村');
    expect((await clerkB.get(`/work-orders?village=${w.villageA1.code}`)).status).toBe(404);
    expect((await clerk.get('/work-orders')).status).toBe(200);
  });

  it('the card page shows her services and follow-ups (servicesForWoman, followUpsForWoman) in its sections', async () => {
    const woman = await mother('林小红');
    await recordService(t.db, actorA, woman.id, { kind: 'iud_insertion', performed_on: '2026-02-10', facility: '站', complication: 'infection', complication_serious: true }, { today: TODAY });
    expect(await servicesForWoman(t.db, actorB.scope, woman.id)).toEqual([]);
    expect(await followUpsForWoman(t.db, actorB.scope, woman.id, TODAY)).toEqual([]);
    const card = $((await clerk.get(`/women/${woman.id}`)).text);
    const s = card('section#services');
    expect(s.find('h2').text()).toBe('技术服务');
    expect(s.find('tbody tr').text()).toContain('放置宫内节育器(上环)');
    expect(s.find('tbody tr').text()).toContain('感染（严重）');
    expect(s.find('a[href$="/services/new"]').length).toBeGreaterThan(0);
    const f = card('section#follow_ups');
    const rows = f.find('tbody tr');
    expect(rows.length).toBe(5);
    expect(rows.first().text()).toContain('2026-03-10');
    expect(rows.first().text()).toContain('逾期未随访');
    expect(rows.first().find('form[action$="/done"] input[name="back"]').val()).toBe(`/women/${woman.id}#follow_ups`);
    expect(f.find('tbody').text()).toContain('县计生指导站');
    const other = await mother('周小兰');
    const empty = $((await clerk.get(`/women/${other.id}`)).text)('section#services');
    expect(empty.find('.empty').text()).toContain('暂无技术服务记录');
    expect((await clerkB.get(`/women/${woman.id}`)).status).toBe(404);
  });

  it('the county supervisor’s home shows the county’s follow-ups and rounds, not the clerk’s roster counts', async () => {
    const home = $((await county.get('/')).text);
    const panel = home('#p-service-tasks').parent();
    expect(panel.text()).toContain('逾期未随访');
    expect(panel.text()).not.toContain('应措花名册');
  });

  it('the home page shows the clerk’s service tasks with links', async () => {
    const home = $((await clerk.get('/')).text);
    const panel = home('#p-service-tasks').parent();
    expect(panel.text()).toContain('逾期未随访');
    expect(panel.find('a[href="/follow-ups?status=overdue"]').length).toBe(1);
    expect(panel.text()).toContain('2026年第二季度双查');
    expect(panel.find('a[href="/rosters/should-adopt"]').length).toBe(1);
    void actorB;
  });
});
