/**
 * 免费药具发放 and satisfaction over HTTP, as a township clerk uses them: the card's section and its form, the
 * refusals at their fields with the values kept, the audit row, scope (another township's woman is a 404), the
 * township's list 50 a page with its CSV, and a follow-up done with the woman's satisfaction.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../../src/auth/actor.ts';
import { recordService } from '../../../src/features/services/service.ts';
import { buildTestApp, type TestApp } from '../../helpers/app.ts';
import { useTestDatabase } from '../../helpers/db.ts';
import { makeUser, seedWorld, type World } from '../../helpers/fixtures.ts';
import { $, Client } from '../../helpers/http.ts';
import { must } from '../../helpers/must.ts';
import { actorFor, makeCard } from '../../helpers/women.ts';

const TODAY = '2026-04-20';

describe('free supply pages', () => {
  const t = useTestDatabase();
  let app: TestApp;
  let w: World;
  let clerk: Client;
  let clerkB: Client;
  let actorA: Actor;

  beforeAll(async () => {
    w = await seedWorld(t.db);
    app = buildTestApp(t.db, t.url);
    app.clock.set(new Date(`${TODAY}T04:00:00Z`));
    const a = await makeUser(t.db, { role: 'clerk', regionId: w.townshipA.id, displayName: '张录入' });
    const b = await makeUser(t.db, { role: 'clerk', regionId: w.townshipB.id });
    actorA = actorFor(a, w.townshipA);
    clerk = new Client(app.app);
    await clerk.login(a.username, a.password);
    clerkB = new Client(app.app);
    await clerkB.login(b.username, b.password);
  });
  afterAll(() => app.close());

  it('records a supply from the card: 303 to the card, the row in her village, the audit row, the card lists it', async () => {
    const woman = await makeCard(t.db, actorA, w.villageA1.code, { name: '王秀英' });
    const card = await clerk.get(`/women/${woman.id}`);
    const section = $(card.text)('#supplies');
    expect(section.find('h2').text()).toBe('免费药具发放');
    expect(section.find(`form[action="/women/${woman.id}/supplies"] input[name="_csrf"]`).length).toBe(1);

    const res = await clerk.post(`/women/${woman.id}/supplies`, { item: 'condom', quantity: '30', supplied_on: '2026-04-18', channel: 'village', note: '三个月用量' });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/women/${woman.id}#supplies`);
    const row = must(await t.db('free_supplies').where({ woman_id: woman.id }).first(), 'supply');
    expect(row).toMatchObject({ item: 'condom', quantity: 30, supplied_on: '2026-04-18', channel: 'village', note: '三个月用量', region_id: w.villageA1.id });
    const audit = must(
      await t
        .db('audit_log')
        .where({ action: 'supply.record', entity_id: String(woman.id) })
        .first(),
      'audit row',
    );
    expect(audit.after).toMatchObject({ supply_id: row.id, item: 'condom', quantity: 30, supplied_on: '2026-04-18' });
    const after = $((await clerk.get(`/women/${woman.id}`)).text);
    expect(after('.flash-success').text()).toContain('已登记 王秀英 领取避孕套 30（2026-04-18）');
    expect(after('#supplies table tbody tr').first().text()).toContain('村级发放');
  });

  it('refuses quantity 0 and a future date at their fields (422), keeping the values, writing nothing', async () => {
    const woman = await makeCard(t.db, actorA, w.villageA1.code, { name: '李芳' });
    const zero = await clerk.post(`/women/${woman.id}/supplies`, { item: 'pill', quantity: '0', supplied_on: '2026-04-10', channel: 'mobile_van', note: '流动车' });
    expect(zero.status).toBe(422);
    let page = $(zero.text);
    expect(page('#f-quantity-err').text()).toBe('数量不能小于 1');
    expect(page('#f-item').val()).toBe('pill');
    expect(page('#f-channel').val()).toBe('mobile_van');
    expect(page('#f-supplied_on').val()).toBe('2026-04-10');
    expect(page('#f-note').val()).toBe('流动车');

    const future = await clerk.post(`/women/${woman.id}/supplies`, { item: 'injection', quantity: '2', supplied_on: '2026-04-21', channel: 'service_room' });
    expect(future.status).toBe(422);
    page = $(future.text);
    expect(page('#f-supplied_on-err').text()).toBe('发放日期不能晚于今天（2026-04-20）');
    expect(page('#f-quantity').val()).toBe('2');
    expect(page('#f-item').val()).toBe('injection');

    const early = await clerk.post(`/women/${woman.id}/supplies`, { item: 'condom', quantity: '5', supplied_on: '2001-01-01', channel: 'village' });
    expect(early.status).toBe(422);
    expect($(early.text)('#f-supplied_on-err').text()).toContain('不能早于她的建卡（迁入）日期');
    expect(await t.db('free_supplies').where({ woman_id: woman.id })).toHaveLength(0);
  });

  it('is a 404 for another township’s clerk, on the page and the post, writing nothing', async () => {
    const woman = await makeCard(t.db, actorA, w.villageA2.code, { name: '赵丽' });
    expect((await clerkB.get(`/women/${woman.id}/supplies`)).status).toBe(404);
    expect((await clerkB.post(`/women/${woman.id}/supplies`, { item: 'condom', quantity: '5', supplied_on: '2026-04-10', channel: 'village' })).status).toBe(404);
    expect(await t.db('free_supplies').where({ woman_id: woman.id })).toHaveLength(0);
  });

  it('shows 10 supplies on the card and all of them behind 全部', async () => {
    const woman = await makeCard(t.db, actorA, w.villageA1.code, { name: '孙梅' });
    await t.db('free_supplies').insert(
      Array.from({ length: 12 }, (_v, i) => ({
        woman_id: woman.id,
        region_id: w.villageA1.id,
        supplied_on: `2026-04-${String(i + 1).padStart(2, '0')}`,
        item: 'pill',
        quantity: i + 1,
        channel: 'service_room',
      })),
    );
    const card = $((await clerk.get(`/women/${woman.id}`)).text);
    expect(card('#supplies table tbody tr')).toHaveLength(10);
    expect(card('#supplies table tbody tr').first().text()).toContain('2026-04-12');
    expect(card(`#supplies a[href="/women/${woman.id}/supplies"]`).text()).toContain('全部 12 次');
    const all = $((await clerk.get(`/women/${woman.id}/supplies`)).text);
    expect(all('table.data tbody tr')).toHaveLength(12);
    expect(all('table.data tbody tr').last().text()).toContain('2026-04-01');
  });

  describe('the township list', () => {
    let rows = 0;
    beforeAll(async () => {
      // 120 supplies in village A2 in March 2026 (distinct quantities so each row is known), and one in B1.
      const women = await Promise.all([1, 2, 3].map(async (i) => (await makeCard(t.db, actorA, w.villageA2.code, { name: `列表${i}` })).id));
      const insert = Array.from({ length: 120 }, (_v, i) => ({
        woman_id: women[i % 3],
        region_id: w.villageA2.id,
        supplied_on: `2026-03-${String((i % 28) + 1).padStart(2, '0')}`,
        item: 'condom' as const,
        quantity: i + 1,
        channel: i % 4 === 0 ? ('self_service_box' as const) : ('village' as const),
      }));
      await t.db('free_supplies').insert(insert);
      rows = insert.length;
    });

    const base = () => `/supplies?village=${w.villageA2.code}&from=2026-03-01&to=2026-03-31`;

    it('shows 50 a page with the totals of the whole list; page 2 and the last page', async () => {
      const first = $((await clerk.get(base())).text);
      expect(first('.result-count').text()).toBe(`共 ${rows} 次发放，3 人，合计数量 7,260`);
      expect(first('table.data tbody tr')).toHaveLength(50);
      const second = $((await clerk.get(`${base()}&page=2`)).text);
      expect(second('table.data tbody tr')).toHaveLength(50);
      expect(second('.pagination [aria-current="page"]').text()).toBe('第 2 / 3 页');
      const last = $((await clerk.get(`${base()}&page=3`)).text);
      expect(last('table.data tbody tr')).toHaveLength(20);
      const beyond = $((await clerk.get(`${base()}&page=99`)).text);
      expect(beyond('.pagination [aria-current="page"]').text()).toBe('第 3 / 3 页');
      // No row appears on two pages.
      const q = (p: ReturnType<typeof $>) =>
        p('table.data tbody tr td.num')
          .map((_i, td) => p(td).text())
          .get();
      expect(new Set([...q(first), ...q(second), ...q(last)]).size).toBe(rows);
    });

    it('downloads every row as CSV with masked ID numbers, and township B does not see A’s village', async () => {
      const res = await clerk.get(`${base()}&format=csv`);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toContain('text/csv');
      expect(res.headers['content-disposition']).toContain('.csv');
      const lines = res.text
        .replace(/^\ufeff/, '')
        .trim()
        .split('\r\n');
      expect(lines[1]).toBe('发放日期,村(社区),姓名,身份证号,药具品种,数量,发放渠道,备注,登记人');
      expect(lines).toHaveLength(2 + rows + 1);
      expect(lines.at(-1)).toBe(`合计,,3 人,,${rows} 次,${(rows * (rows + 1)) / 2}`);
      expect(lines.filter((l) => l.includes('自助发放机'))).toHaveLength(30);
      expect(res.text).not.toMatch(/\d{17}[\dX]/);
      expect((await clerkB.get(base())).status).toBe(404);
    });
  });

  it('a follow-up done with a satisfaction stores it and shows it; the service form saves one too', async () => {
    const woman = await makeCard(t.db, actorA, w.villageA1.code, { name: '周芳' });
    await recordService(t.db, actorA, woman.id, { kind: 'surgical_abortion', performed_on: '2026-03-10', facility: '站' }, { today: TODAY });
    const fu = must(await t.db('follow_ups').where({ woman_id: woman.id }).orderBy('due_on').first(), 'follow-up');
    const form = $((await clerk.get(`/follow-ups/${fu.id}`)).text);
    expect(
      form('#f-satisfaction option')
        .map((_i, o) => form(o).text())
        .get(),
    ).toEqual(['未询问', '满意', '基本满意', '不满意']);
    const bad = await clerk.post(`/follow-ups/${fu.id}/done`, { done_on: '2026-04-12', result: '恢复良好', satisfaction: 'excellent', satisfaction_note: '态度好' });
    expect(bad.status).toBe(422);
    expect($(bad.text)('#f-satisfaction-err').text()).toBe('群众满意度不是有效选项');
    expect($(bad.text)('#f-satisfaction_note').val()).toBe('态度好');
    const ok = await clerk.post(`/follow-ups/${fu.id}/done`, { done_on: '2026-04-12', result: '恢复良好', satisfaction: 'basic', satisfaction_note: '等候时间长' });
    expect(ok.status).toBe(303);
    expect(await t.db('follow_ups').where({ id: fu.id }).first()).toMatchObject({ done_on: '2026-04-12', satisfaction: 'basic', satisfaction_note: '等候时间长' });
    const audit = must(
      await t
        .db('audit_log')
        .where({ action: 'follow_up.done', entity_id: String(woman.id) })
        .first(),
      'audit',
    );
    expect(audit.after).toMatchObject({ follow_up_id: fu.id, satisfaction: 'basic' });
    const shown = $((await clerk.get(`/follow-ups/${fu.id}`)).text);
    expect(shown('dl.facts').text()).toContain('基本满意（等候时间长）');

    const svc = await clerk.post(`/women/${woman.id}/services`, { kind: 'counselling', performed_on: '2026-04-15', complication: 'none', satisfaction: 'satisfied' });
    expect(svc.status).toBe(303);
    expect(await t.db('services').where({ woman_id: woman.id, kind: 'counselling' }).first()).toMatchObject({ satisfaction: 'satisfied', satisfaction_note: null });
    const card = $((await clerk.get(`/women/${woman.id}`)).text);
    expect(card('#follow_ups').text()).toContain('基本满意');
    expect(card('#services').text()).toContain('群众满意度：满意');
  });
});
