/**
 * Issue 12 item 9: the home page's removals number. On the suite's fixed day (TEST_TODAY, 2026-11-18) three women
 * of township A carry an IUD: one due this month, one overdue since 2019, one due next month. The home page shows
 * 本月到期 1 and 未按期取出 1 (not 2 under "this month"), each linking to its own list; the roster's old URL still
 * lists both; another township sees none of them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordService } from '../../../src/features/services/service.ts';
import { buildTestApp, type TestApp } from '../../helpers/app.ts';
import { TEST_TODAY } from '../../helpers/clock.ts';
import { useTestDatabase } from '../../helpers/db.ts';
import { makeUser, seedWorld, type World } from '../../helpers/fixtures.ts';
import { $, Client } from '../../helpers/http.ts';
import { actorFor, makeCard } from '../../helpers/women.ts';

describe('removals due this month and overdue (未按期取出)', () => {
  const t = useTestDatabase();
  let app: TestApp;
  let w: World;
  let clerk: Client;
  let clerkB: Client;

  beforeAll(async () => {
    expect(TEST_TODAY).toBe('2026-11-18');
    w = await seedWorld(t.db);
    app = buildTestApp(t.db, t.url);
    const a = await makeUser(t.db, { role: 'clerk', regionId: w.townshipA.id });
    const b = await makeUser(t.db, { role: 'clerk', regionId: w.townshipB.id });
    const actorA = actorFor(a, w.townshipA);
    const o = { today: TEST_TODAY };
    // An IUD is due 8 years after insertion.
    const iud = async (name: string, performed_on: string) => {
      const c = await makeCard(t.db, actorA, w.villageA1.code, { name });
      await recordService(t.db, actorA, c.id, { kind: 'iud_insertion', performed_on, facility: '站' }, o);
    };
    await iud('甲本月到期', '2018-11-05'); // due 2026-11-05
    await iud('乙多年未取', '2011-03-01'); // due 2019-03-01
    await iud('丙下月到期', '2018-12-10'); // due 2026-12-10
    clerk = new Client(app.app);
    await clerk.login(a.username, a.password);
    clerkB = new Client(app.app);
    await clerkB.login(b.username, b.password);
  });
  afterAll(() => app.close());

  const names = (html: string) =>
    $(html)('table.data tbody tr')
      .map((_i, tr) => $(html)(tr).find('td').eq(1).text().trim())
      .get();

  it('the home page shows the two numbers apart, each linking to its list', async () => {
    const home = $((await clerk.get('/')).text);
    const items = home('li').filter((_i, li) => /取环/.test(home(li).text()));
    const texts = items.map((_i, li) => home(li).text().replace(/\s+/g, ' ').trim()).get();
    console.log('home removals lines:', texts);
    expect(texts).toEqual([expect.stringMatching(/^本月到期取环\/取皮埋：1 人$/), expect.stringMatching(/^未按期取出（到期未取环\/取皮埋）：1 人/)]);
    expect(items.eq(0).find('a').attr('href')).toBe('/rosters/removals?due=month');
    expect(items.eq(1).find('a').attr('href')).toBe('/rosters/removals?due=overdue');
  });

  it('each list holds its own women; the old URL lists both; next month is on neither', async () => {
    const month = await clerk.get('/rosters/removals?due=month');
    expect(month.status).toBe(200);
    expect(names(month.text)).toEqual(['甲本月到期']);
    const overdue = await clerk.get('/rosters/removals?due=overdue');
    expect(names(overdue.text)).toEqual(['乙多年未取']);
    expect($(overdue.text)('#due').val()).toBe('overdue');
    const all = await clerk.get('/rosters/removals');
    expect(names(all.text)).toEqual(['乙多年未取', '甲本月到期']);
    // December: the next-month woman is due then, and this month's one is overdue by then.
    const dec = await clerk.get('/rosters/removals?due=month&month=2026-12');
    expect(names(dec.text)).toEqual(['丙下月到期']);
    const print = await clerk.get('/rosters/removals?due=overdue&print=1');
    expect($(print.text)('h1, h2').text()).toContain('未按期取环/取皮埋名单');
    expect($(print.text)('tbody tr').length).toBe(1);
  });

  it('the roster export follows the 到期情况 filter, as the page offers it', async () => {
    const page = await clerk.get('/rosters/removals?due=overdue');
    expect($(page.text)('form[action="/exports/rosters/removals"] input[name="due"]').val()).toBe('overdue');
    const csv = async (due?: string) => (await clerk.post('/exports/rosters/removals', { format: 'csv', ...(due ? { due } : {}) })).text;
    const overdue = await csv('overdue');
    expect(overdue).toContain('乙多年未取');
    expect(overdue).not.toContain('甲本月到期');
    const month = await csv('month');
    expect(month).toContain('甲本月到期');
    expect(month).not.toContain('乙多年未取');
    const both = await csv();
    expect(both).toContain('甲本月到期');
    expect(both).toContain('乙多年未取');
    expect((await clerk.post('/exports/rosters/removals', { format: 'csv', due: 'later' })).status).toBe(422);
  });

  it('another township sees zeros and empty lists; a bad filter value is refused, not a 500', async () => {
    const home = $((await clerkB.get('/')).text);
    const texts = home('li')
      .filter((_i, li) => /取环/.test(home(li).text()))
      .map((_i, li) => home(li).text().replace(/\s+/g, ' ').trim())
      .get();
    expect(texts.map((s) => s.match(/：(\d+) 人/)?.[1])).toEqual(['0', '0']);
    expect(names((await clerkB.get('/rosters/removals?due=overdue')).text)).toEqual([]);
    const bad = await clerk.get('/rosters/removals?due=soon');
    // A bad query parameter is a 400 (as every list's filters), with the message in Chinese.
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('到期情况应为“本月到期”或“未按期取出”');
  });
});
