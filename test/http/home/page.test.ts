/**
 * The clerk's home page kept between views (issue 19 §4): after each kind of write (a card, a service, a
 * follow-up result, a transfer) and a day change, the page shown equals the page computed live (the kept entries
 * dropped), and it changed where the write changed a figure; views with nothing written reuse the kept entry.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../../src/auth/actor.ts';
import { chinaDate } from '../../../src/domain/dates.ts';
import { completeFollowUp, recordService } from '../../../src/features/services/service.ts';
import { moveCard, recordBirth } from '../../../src/features/women/service.ts';
import { buildTestApp, type TestApp } from '../../helpers/app.ts';
import { testNow } from '../../helpers/clock.ts';
import { useTestDatabase } from '../../helpers/db.ts';
import { makeUser, seedWorld, type World } from '../../helpers/fixtures.ts';
import { $, Client } from '../../helpers/http.ts';
import { makeCard, townshipClerks } from '../../helpers/women.ts';

describe("the clerk's home page", () => {
  const t = useTestDatabase();
  let app: TestApp;
  let w: World;
  let clerkA: Actor;
  let page: Client;
  let pageB: Client;
  let userA: { username: string; password: string };

  beforeAll(async () => {
    w = await seedWorld(t.db);
    ({ clerkA } = await townshipClerks(t.db, w));
    app = buildTestApp(t.db, t.url);
    const a = await makeUser(t.db, { role: 'clerk', regionId: w.townshipA.id });
    userA = a;
    const b = await makeUser(t.db, { role: 'clerk', regionId: w.townshipB.id });
    page = new Client(app.app);
    await page.login(a.username, a.password);
    pageB = new Client(app.app);
    await pageB.login(b.username, b.password);
  });
  afterAll(() => app.close());

  const panelsOf = async (c: Client) => {
    const res = await c.get('/');
    expect(res.status).toBe(200);
    return $(res.text)('.panels').html() ?? '';
  };
  /** The page as kept, and the page computed live (every kept entry dropped): they must be the same. */
  async function shownIsLive(c: Client) {
    const shown = await panelsOf(c);
    await t.db('home_panel_cache').del();
    const live = await panelsOf(c);
    expect(shown).toEqual(live);
    return shown;
  }

  it('shows the live figures after each kind of write and on a new day, and reuses the kept page meanwhile', async () => {
    const today = chinaDate(app.clock.now());
    const first = await shownIsLive(page);
    const kept = await t.db('home_panel_cache').where('cache_key', 'like', 'home|%').select('cache_key', 'computed_at');
    expect(kept).toHaveLength(1);
    await panelsOf(page);
    expect(await t.db('home_panel_cache').where('cache_key', 'like', 'home|%').select('cache_key', 'computed_at'), 'a view keeps the entry').toEqual(kept);

    // A card: a mother of one without a method (应落实 grows).
    const woman = await makeCard(t.db, clerkA, w.villageA1.code);
    await recordBirth(t.db, clerkA, woman.id, { birth_date: '2015-04-02', children: [{ sex: 'female' }] }, { today });
    const afterCard = await shownIsLive(page);
    expect(afterCard).not.toEqual(first);

    // A service whose first follow-up is overdue.
    const r = await recordService(t.db, clerkA, woman.id, { kind: 'iud_insertion', performed_on: '2026-09-01', facility: '城关镇计生服务站', provider: '李医生' }, { today });
    const afterService = await shownIsLive(page);
    expect(afterService).not.toEqual(afterCard);

    // The follow-up's result.
    const [fu] = await t.db('follow_ups').where({ service_id: r.service.id }).orderBy('due_on');
    await completeFollowUp(t.db, clerkA, fu.id, { done_on: today, result: '无不适，环位正常' }, { today });
    const afterVisit = await shownIsLive(page);
    expect(afterVisit).not.toEqual(afterService);

    // A transfer to township B: it waits on township B's page.
    const beforeB = await shownIsLive(pageB);
    await moveCard(t.db, clerkA, woman.id, { village: w.villageB1.code, moved_on: today }, { today });
    const afterTransferB = await shownIsLive(pageB);
    expect(afterTransferB).not.toEqual(beforeB);
    expect(afterTransferB).toContain('待处理的迁移');
    await shownIsLive(page);

    // The kept page is what is served while the day and the version hold (an emptied entry shows no panel) …
    await t
      .db('home_panel_cache')
      .where('cache_key', 'like', 'home|%')
      .update({ payload: JSON.stringify([]) });
    expect((await page.get('/')).text).toContain('暂无待办事项');
    // … and not on a new day (sessions end overnight: signed in again).
    try {
      app.clock.advance(24 * 3600 * 1000);
      const fresh = new Client(app.app);
      await fresh.login(userA.username, userA.password);
      const res = await fresh.get('/');
      expect(res.status).toBe(200);
      expect(res.text).not.toContain('暂无待办事项');
      await shownIsLive(fresh);
    } finally {
      app.clock.set(testNow());
    }
  });
});
