/**
 * Lists past their first page: page 2 shows the next rows (not page 1 again), the last page holds the
 * remainder, a page past the end shows the last page. The services list, the follow-ups list and the 应措 and
 * 随访 rosters once computed their window from a total of 0, so every page showed page 1.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../../src/auth/actor.ts';
import { recordService } from '../../../src/features/services/service.ts';
import { recordBirth } from '../../../src/features/women/service.ts';
import { buildTestApp, type TestApp } from '../../helpers/app.ts';
import { TEST_TODAY } from '../../helpers/clock.ts';
import { useTestDatabase } from '../../helpers/db.ts';
import { makeUser, seedWorld, type World } from '../../helpers/fixtures.ts';
import { $, Client } from '../../helpers/http.ts';
import { actorFor, makeCard } from '../../helpers/women.ts';

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗';
const GIVEN = ['秀英', '桂兰', '玉梅', '丽娟', '春燕', '海燕'];
const nameOf = (i: number) => `${SURNAMES[i % SURNAMES.length]}${GIVEN[Math.floor(i / SURNAMES.length) % GIVEN.length]}${'甲乙丙丁戊己'[Math.floor(i / 120) % 6]}`;

/** The rows of the list's table (the one the pager follows), each as its text. */
function namesOn(html: string): string[] {
  const doc = $(html);
  const table = doc('nav.pagination').length ? doc('nav.pagination').prevAll('table').first() : doc('table.data:not(.summary)').first();
  return table
    .find('tbody tr')
    .map((_i, tr) => doc(tr).text().replace(/\s+/g, ' ').trim())
    .get();
}

describe('list pages past the first', () => {
  const t = useTestDatabase();
  let app: TestApp;
  let w: World;
  let clerk: Client;
  let actor: Actor;
  const PEOPLE = 112;

  beforeAll(async () => {
    w = await seedWorld(t.db);
    app = buildTestApp(t.db, t.url);
    const u = await makeUser(t.db, { role: 'clerk', regionId: w.townshipA.id });
    actor = actorFor(u, w.townshipA);
    const day = '2026-10-20';
    for (let i = 0; i < PEOPLE; i++) {
      const card = await makeCard(t.db, actor, i % 2 ? w.villageA1.code : w.villageA2.code, { name: nameOf(i) });
      await recordBirth(t.db, actor, card.id, { birth_date: '2016-04-02', children: [{ sex: i % 2 ? 'male' : 'female' }] }, { today: TEST_TODAY });
      // Every other woman has an IUD (a service and its follow-ups); the others stay on the 应措 roster.
      if (i % 2 === 0) await recordService(t.db, actor, card.id, { kind: 'iud_insertion', performed_on: day, facility: '乡镇服务站', complication: 'none' }, { today: TEST_TODAY });
    }
    clerk = new Client(app.app);
    await clerk.login(u.username, u.password);
  });
  afterAll(() => app.close());

  async function walk(path: string, expectedTotal: (html: string) => number) {
    const first = await clerk.get(path);
    expect(first.status).toBe(200);
    const total = expectedTotal(first.text);
    expect(total, `${path}: the list needs more than one page for this test`).toBeGreaterThan(50);
    const pages = Math.ceil(total / 50);
    const join = path.includes('?') ? '&' : '?';
    const page1 = namesOn(first.text);
    const page2Res = await clerk.get(`${path}${join}page=2`);
    expect(page2Res.status).toBe(200);
    const page2 = namesOn(page2Res.text);
    expect(page1.length, `${path}: rows on page 1`).toBe(50);
    expect(page2.length).toBe(pages === 2 ? total - 50 : 50);
    expect(page2.join()).not.toBe(page1.slice(0, page2.length).join());
    const last = await clerk.get(`${path}${join}page=${pages}`);
    expect(namesOn(last.text).length).toBe(total - (pages - 1) * 50);
    const past = await clerk.get(`${path}${join}page=${pages + 7}`);
    expect(past.status).toBe(200);
    expect(namesOn(past.text)).toEqual(namesOn(last.text));
    const junk = await clerk.get(`${path}${join}page=-3`);
    expect(junk.status).toBeLessThan(500);
    return { total, pages };
  }

  /** The total the pager states ("第 1–50 条，共 N 条"). */
  const countIn = (html: string) => {
    const m = $(html)('nav.pagination')
      .text()
      .match(/共\s*([\d,]+)\s*条/);
    return m ? Number(m[1].replace(/,/g, '')) : 0;
  };

  it('/services: page 2 is the next 50 services, the last page the remainder', async () => {
    const n = Number((await t.db('services').count({ n: '*' }))[0].n);
    const { total } = await walk('/services', countIn);
    expect(total).toBe(n);
  });

  it('/follow-ups (all states): page 2 and the last page', async () => {
    await walk('/follow-ups?status=all', countIn);
  });

  it('应措 and 随访 rosters: page 2 and the last page', async () => {
    await walk('/rosters/should-adopt', countIn);
    await walk(`/rosters/follow-ups?month=2027-10`, countIn);
  });
});
