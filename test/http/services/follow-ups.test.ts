/**
 * Issue 14: the follow-up list shows what a worker needs to call or visit — 村(社区), 联系电话 and 住址 of the
 * woman as stored on her card — sorted by due date, then name. 56 women of township A in pairs (王… in village A2
 * entered first, 李… in A1 second) have IUDs inserted on the same day per pair, so every due date is a tie that
 * the name decides; the list runs over five pages. The sort links (姓名, 村(社区)) keep working; township B's
 * woman is never listed.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../../src/domain/dates.ts';
import { recordService } from '../../../src/features/services/service.ts';
import { buildTestApp, type TestApp } from '../../helpers/app.ts';
import { TEST_TODAY } from '../../helpers/clock.ts';
import { SEED } from '../../helpers/generative.ts';
import { useTestDatabase } from '../../helpers/db.ts';
import { makeUser, seedWorld, type World } from '../../helpers/fixtures.ts';
import { $, Client } from '../../helpers/http.ts';
import { actorFor, makeCard } from '../../helpers/women.ts';

const PAIRS = 28;
const GIVEN = ['秀英', '桂兰', '玉梅', '丽娟', '春燕', '海燕'];

interface Person {
  id: number;
  name: string;
  phone: string;
  address: string;
  village: string;
}

/** The list's rows, each read cell by cell through the column names the cells carry (data-label). */
function rowsOf(html: string) {
  const doc = $(html);
  return doc('table.data.follow-up-list tbody tr')
    .map((_i, tr) => {
      const cell = (label: string) => doc(tr).find(`td[data-label="${label}"]`).text().replace(/\s+/g, ' ').trim();
      return { due: cell('应随访日期'), name: cell('姓名'), village: cell('村(社区)'), phone: cell('联系电话'), address: cell('住址') };
    })
    .get();
}

const totalOf = (html: string) => Number(/共\s*([\d,]+)\s*次随访/.exec($(html)('.result-count').text())![1].replace(/,/g, ''));

describe('the follow-up list: 村(社区), 联系电话, 住址; by due date, then name', () => {
  const t = useTestDatabase();
  let app: TestApp;
  let w: World;
  let clerk: Client;
  const people = new Map<number, Person>();

  beforeAll(async () => {
    w = await seedWorld(t.db);
    app = buildTestApp(t.db, t.url);
    const u = await makeUser(t.db, { role: 'clerk', regionId: w.townshipA.id });
    const b = await makeUser(t.db, { role: 'clerk', regionId: w.townshipB.id });
    const actor = actorFor(u, w.townshipA);
    const iud = async (id: number, performed_on: string, a = actor) =>
      recordService(t.db, a, id, { kind: 'iud_insertion', performed_on, facility: '乡镇服务站', complication: 'none' }, { today: TEST_TODAY });
    for (let p = 0; p < PAIRS; p++) {
      const given = `${GIVEN[p % GIVEN.length]}${'甲乙丙丁戊'[Math.floor(p / GIVEN.length)]}`;
      const day = addDays('2026-05-01', p * 5);
      // 王 first (the smaller id), 李 second: the name, not the order of entry, decides a tie (李 sorts before 王).
      for (const [surname, village] of [
        ['王', w.villageA2],
        ['李', w.villageA1],
      ] as const) {
        const n = people.size;
        const phone = `1390000${String(n).padStart(4, '0')}`;
        const address = `${village.name}${p + 1}组${n + 1}号`;
        const card = await makeCard(t.db, actor, village.code, { name: `${surname}${given}`, phone, address });
        people.set(card.id, { id: card.id, name: `${surname}${given}`, phone, address, village: village.name });
        await iud(card.id, day);
      }
    }
    const other = await makeCard(t.db, actorFor(b, w.townshipB), w.villageB1.code, { name: '外乡镇', phone: '13911112222', address: '东山镇' });
    await iud(other.id, '2026-06-01', actorFor(b, w.townshipB));
    clerk = new Client(app.app);
    await clerk.login(u.username, u.password);
  });
  afterAll(() => app.close());

  /** What the list must show, built here from the follow-ups and the cards made above: due date, then name (code point), then id. */
  async function expected(filter: (due: string) => boolean) {
    const rows: { id: number; woman_id: number; due_on: string }[] = await t
      .db('follow_ups')
      .whereIn('woman_id', [...people.keys()])
      .select('id', 'woman_id', 'due_on');
    return rows
      .filter((r) => filter(r.due_on))
      .map((r) => ({ ...r, p: people.get(r.woman_id)! }))
      .sort((a, b) => (a.due_on !== b.due_on ? (a.due_on < b.due_on ? -1 : 1) : a.p.name !== b.p.name ? (a.p.name < b.p.name ? -1 : 1) : a.id - b.id))
      .map((r) => ({ due: r.due_on, name: r.p.name, village: r.p.village, phone: r.p.phone, address: r.p.address }));
  }

  it('the columns are there, with her village, phone and address as stored', async () => {
    const res = await clerk.get('/follow-ups?status=all');
    expect(res.status).toBe(200);
    const headers = $(res.text)('table.data.follow-up-list thead th')
      .map((_i, th) =>
        $(res.text)(th)
          .text()
          .replace(/[▲▼\s]/g, ''),
      )
      .get();
    expect(headers.slice(0, 6)).toEqual(['应随访日期', '姓名', '身份证号', '村(社区)', '联系电话', '住址']);
    const rows = rowsOf(res.text);
    expect(rows.length).toBe(50);
    for (const r of rows) {
      const p = [...people.values()].find((x) => x.name === r.name)!;
      expect(r).toMatchObject({ village: p.village, phone: p.phone, address: p.address });
    }
    expect(res.text).not.toContain('外乡镇');
  });

  it('every page in order: by due date, then name; page 2 and the last page hold the right rows', async () => {
    const all = await expected(() => true);
    expect(all.length).toBe(PAIRS * 2 * 4);
    const first = await clerk.get('/follow-ups?status=all');
    expect(totalOf(first.text)).toBe(all.length);
    const pages = Math.ceil(all.length / 50);
    expect(pages).toBeGreaterThan(2);
    const seen = [...rowsOf(first.text)];
    for (let p = 2; p <= pages; p++) {
      const rows = rowsOf((await clerk.get(`/follow-ups?status=all&page=${p}`)).text);
      expect(rows.length, `rows on page ${p}`).toBe(p < pages ? 50 : all.length - (pages - 1) * 50);
      expect(rows, `page ${p}`).toEqual(all.slice((p - 1) * 50, p * 50));
      seen.push(...rows);
    }
    expect(seen).toEqual(all);
    // A tie on the due date: 李 before 王, although 王 was entered first.
    expect(seen[0].due).toBe(seen[1].due);
    expect([seen[0].name.slice(0, 1), seen[1].name.slice(0, 1)]).toEqual(['李', '王']);
  });

  it('the default list (due by the end of the month, overdue included) is in the same order', async () => {
    const end = '2026-11-30';
    const due = await expected((d) => d <= end);
    const res = await clerk.get('/follow-ups');
    expect(totalOf(res.text)).toBe(due.length);
    expect(rowsOf(res.text)).toEqual(due.slice(0, 50));
  });

  it('property: any status filter, any page — the rows are that page of the filter’s rows in due-date-then-name order', async () => {
    const end = '2026-11-30';
    const FILTERS: Record<string, (d: string) => boolean> = {
      all: () => true,
      pending: (d) => d <= end,
      overdue: (d) => d < TEST_TODAY,
      due: (d) => d >= TEST_TODAY && d <= end,
      upcoming: (d) => d > end,
    };
    const lists = Object.fromEntries(await Promise.all(Object.entries(FILTERS).map(async ([k, f]) => [k, await expected(f)] as const)));
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...Object.keys(FILTERS)), fc.integer({ min: 1, max: 6 }), async (status, page) => {
        const all = lists[status];
        const pages = Math.max(1, Math.ceil(all.length / 50));
        const shown = Math.min(page, pages);
        const rows = rowsOf((await clerk.get(`/follow-ups?status=${status}&page=${page}`)).text);
        expect(rows, `${status} page ${page}`).toEqual(all.slice((shown - 1) * 50, shown * 50));
      }),
      { seed: SEED, numRuns: 25, endOnFailure: true },
    );
  });

  it('the sort links still work: 姓名 descending, 村(社区) grouped, and the pager keeps the sort', async () => {
    const page = $((await clerk.get('/follow-ups?status=all')).text);
    const nameLink = page('th a.sort').filter((_i, a) => page(a).text().startsWith('姓名'));
    expect(nameLink.attr('href')).toContain('sort=name');
    const byName = rowsOf((await clerk.get('/follow-ups?status=all&sort=name&dir=desc')).text).map((r) => r.name);
    expect(byName.length).toBe(50);
    expect(byName[0].startsWith('王')).toBe(true);
    for (let i = 1; i < byName.length; i++) expect(byName[i - 1] >= byName[i], `${byName[i - 1]} before ${byName[i]}`).toBe(true);
    const villagePage = await clerk.get('/follow-ups?status=all&sort=village');
    const villages = rowsOf(villagePage.text).map((r) => r.village);
    expect(new Set(villages)).toEqual(new Set([w.villageA1.name]));
    const next = $(villagePage.text)('nav.pagination a')
      .filter((_i, a) => /page=2/.test($(villagePage.text)(a).attr('href') ?? ''))
      .first()
      .attr('href');
    expect(next).toContain('sort=village');
  });
});
