/**
 * The audit log over HTTP (issue 14): changes in Chinese (户口性质：农业 → 非农业, no column names, no JSON), the
 * object by name and masked ID number with a link to the card, every action by its Chinese name, sign-in rows
 * only behind 包括登录记录 or when chosen, and paging that counts what the filter shows. The card's 修改记录 and
 * the home panel say the same.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../../src/auth/actor.ts';
import { HUKOU_KIND, SERVICE_KIND } from '../../../src/domain/codes.ts';
import { maskIdNumber } from '../../../src/domain/id-number.ts';
import { recordAnonymousAudit } from '../../../src/features/audit/service.ts';
import { recordService } from '../../../src/features/services/service.ts';
import { buildTestApp, type TestApp } from '../../helpers/app.ts';
import { useTestDatabase } from '../../helpers/db.ts';
import { makeUser, seedWorld, type World } from '../../helpers/fixtures.ts';
import { $, Client } from '../../helpers/http.ts';
import { actorFor, makeCard } from '../../helpers/women.ts';

const TODAY = '2026-03-15';

/** The text of each cell of one column of the audit table. */
function column(html: string, n: number): string[] {
  const page = $(html);
  return page(`table.audit-log tbody tr td:nth-child(${n})`)
    .map((_i, td) => page(td).text().trim())
    .get();
}

describe('审计日志 in Chinese', () => {
  const t = useTestDatabase();
  let app: TestApp;
  let w: World;
  let clerk: Client;
  let county: Client;
  let actorA: Actor;
  let clerkName: string;

  beforeAll(async () => {
    w = await seedWorld(t.db);
    app = buildTestApp(t.db, t.url);
    app.clock.set(new Date(`${TODAY}T09:00:00+08:00`));
    const a = await makeUser(t.db, { role: 'clerk', regionId: w.townshipA.id });
    const c = await makeUser(t.db, { role: 'supervisor', regionId: w.county.id });
    actorA = actorFor(a, w.townshipA);
    clerkName = a.username;
    clerk = new Client(app.app);
    await clerk.login(a.username, a.password);
    county = new Client(app.app);
    await county.login(c.username, c.password);
  });
  afterAll(() => app.close());

  /** Edit a card's 户口性质 through its form, as a clerk does. */
  async function editHukou(id: number, to: string) {
    const edit = await clerk.get(`/women/${id}/edit`);
    const $f = $(edit.text);
    const fields: Record<string, string> = {};
    $f('form.form input, form.form select').each((_i, el) => {
      const name = $f(el).attr('name');
      if (!name || name === '_csrf' || $f(el).attr('type') === 'checkbox') return;
      fields[name] = ($f(el).is('select') ? $f(el).find('option[selected]').attr('value') : $f(el).attr('value')) ?? '';
    });
    const res = await clerk.post(`/women/${id}`, { ...fields, hukou_kind: to, hukou_changed_on: '2026-03-01' });
    expect(res.status, res.text.slice(0, 2000)).toBe(303);
  }

  it('a card edit reads 户口性质：农业 → 非农业 with the woman by name and masked ID number, linked to her card', async () => {
    const card = await makeCard(t.db, actorA, w.villageA1.code, { name: '赵桂兰', hukou_kind: 'agricultural' });
    await editHukou(card.id, 'non_agricultural');

    const res = await county.get(`/audit?action=card.update&entity_id=${card.id}`);
    expect(res.status).toBe(200);
    const page = $(res.text);
    const row = page('table.audit-log tbody tr').first();
    expect(page('table.audit-log tbody tr').length).toBe(1);
    const changes = row.find('td.diff').text();
    expect(changes).toContain('户口性质');
    expect(changes).toContain(`${HUKOU_KIND.agricultural} → ${HUKOU_KIND.non_agricultural}`);
    expect(res.text).not.toContain('hukou_kind');
    expect(res.text).not.toContain('non_agricultural');
    expect(page('table.audit-log code').length).toBe(0);
    // The object: her name, linked to her card, and the masked ID number as on the card list.
    const link = row.find('td:nth-child(4) a');
    expect(link.attr('href')).toBe(`/women/${card.id}`);
    expect(link.text()).toBe('赵桂兰');
    expect(row.find('td:nth-child(4)').text()).toContain(maskIdNumber(card.id_number));
    expect(row.find('td:nth-child(4)').text()).not.toContain('woman');
    // The action by its Chinese name; the code only as a title.
    expect(row.find('td:nth-child(3)').text().trim()).toBe('修改信息卡');
    expect(row.find('td:nth-child(3) span').attr('title')).toBe('card.update');

    // The card's 修改记录 and the home panel say the same.
    const cardPage = $((await clerk.get(`/women/${card.id}`)).text);
    expect(cardPage('#audit tbody tr').first().text()).toContain(`户口性质：${HUKOU_KIND.agricultural} → ${HUKOU_KIND.non_agricultural}`);
    const home = $((await county.get('/')).text);
    const recent = home('.audit-recent li').first();
    expect(recent.text()).toContain('修改信息卡');
    expect(recent.find('a').attr('href')).toBe(`/women/${card.id}`);
    expect(recent.text()).toContain(`户口性质：${HUKOU_KIND.agricultural} → ${HUKOU_KIND.non_agricultural}`);
    expect(home('.audit-recent').text()).not.toContain('登录');
  });

  it('a recorded service shows 登记技术服务 and its kind in Chinese, not service.record', async () => {
    const card = await makeCard(t.db, actorA, w.villageA1.code, { name: '钱玉珍' });
    await recordService(t.db, actorA, card.id, { kind: 'gyn_exam', performed_on: '2026-03-10', facility: '城关镇计生服务站', provider: '李医生', complication: 'none' }, { today: TODAY });

    const res = await county.get(`/audit?action=service.record&entity_id=${card.id}`);
    const row = $(res.text)('table.audit-log tbody tr').first();
    expect(row.find('td:nth-child(3)').text().trim()).toBe('登记技术服务');
    expect(row.text()).not.toContain('service.record');
    expect(row.find('td.diff').text()).toContain(SERVICE_KIND.gyn_exam);
    expect(row.find('td:nth-child(4) a').attr('href')).toBe(`/women/${card.id}`);
  });

  it('hides sign-in rows unless 包括登录记录 is ticked or a sign-in action is chosen', async () => {
    const mine = (html: string) => $(html)('table.audit-log tbody tr').filter((_i, tr) => $(html)(tr).find('td:nth-child(2)').text() === clerkName);
    const byDefault = await county.get(`/audit?username=${clerkName}`);
    expect(column(byDefault.text, 3)).not.toContain('登录');
    expect($(byDefault.text)('#f-logins').attr('checked')).toBeUndefined();
    expect(byDefault.text).toContain('不含登录记录');

    const withLogins = await county.get(`/audit?username=${clerkName}&logins=1`);
    expect(column(withLogins.text, 3)).toContain('登录');
    expect($(withLogins.text)('#f-logins').attr('checked')).toBe('checked');
    expect(mine(withLogins.text).length).toBeGreaterThan(mine(byDefault.text).length);

    const chosen = await county.get(`/audit?username=${clerkName}&action=login.success`);
    expect(column(chosen.text, 3)).toEqual(expect.arrayContaining(['登录']));
    expect(new Set(column(chosen.text, 3))).toEqual(new Set(['登录']));
  });
});

describe('审计日志 paging', () => {
  const t = useTestDatabase();
  let app: TestApp;
  let admin: Client;

  beforeAll(async () => {
    const w = await seedWorld(t.db);
    app = buildTestApp(t.db, t.url);
    const a = await makeUser(t.db, { role: 'admin', regionId: w.county.id });
    admin = new Client(app.app);
    await admin.login(a.username, a.password);
    // 105 renames and 7 failed sign-ins by one username, the sign-ins spread among them.
    for (let i = 0; i < 105; i += 1) {
      await recordAnonymousAudit(t.db, 'pager', undefined, { action: 'region.rename', entity: 'region', entityId: w.villageA1.id, after: { name: `第${i}村` } });
      if (i % 15 === 0) await recordAnonymousAudit(t.db, 'pager', undefined, { action: 'login.failed', entity: 'user', entityId: null });
    }
  });
  afterAll(() => app.close());

  it('counts and pages what the filter shows: 105 rows without sign-ins, page 2 full, the last page the rest', async () => {
    const first = await admin.get('/audit?username=pager');
    expect($(first.text)('.result-count').text()).toContain('共 105 条记录');
    expect(column(first.text, 3).length).toBe(50);
    const next = $(first.text)('.pagination a[rel=next]').attr('href');
    expect(next).toBe('/audit?username=pager&page=2');

    const second = await admin.get(next!);
    expect(column(second.text, 3)).toEqual(Array(50).fill('区划改名'));
    const last = await admin.get('/audit?username=pager&page=3');
    expect(column(last.text, 3)).toEqual(Array(5).fill('区划改名'));
    expect($(last.text)('.pagination [aria-current=page]').text()).toBe('第 3 / 3 页');
    // A page past the end shows the last page.
    expect(column((await admin.get('/audit?username=pager&page=9')).text, 3)).toHaveLength(5);
    // The oldest rename is on the last page: rows are newest first.
    expect($(last.text)('table.audit-log tbody tr').last().find('td.diff').text()).toContain('第0村');
  });

  it('with 包括登录记录 the count and the pages include the sign-ins, and the links keep the box ticked', async () => {
    const first = await admin.get('/audit?username=pager&logins=1');
    expect($(first.text)('.result-count').text()).toContain('共 112 条记录');
    expect($(first.text)('.pagination a[rel=next]').attr('href')).toBe('/audit?username=pager&logins=1&page=2');
    const last = await admin.get('/audit?username=pager&logins=1&page=3');
    const actions = column(last.text, 3);
    expect(actions).toHaveLength(12);
    expect(actions).toContain('登录失败');
    const all = [...column(first.text, 3), ...column((await admin.get('/audit?username=pager&logins=1&page=2')).text, 3), ...actions];
    expect(all.filter((a) => a === '登录失败')).toHaveLength(7);
  });
});
