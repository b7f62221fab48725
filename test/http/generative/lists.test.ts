/**
 * Every list page at random page numbers (issue 12): page 2 is not page 1 again, the last page holds
 * count − (pages − 1) × 50 rows, any page number within the range shows a full page (or the remainder), and a
 * page past the end, a negative or a junk page number never answers a 5xx — it shows the last page or the empty
 * state, or a 400 for a malformed link. The lists run over 120 cards with births, services and follow-ups, 60
 * accounts and the audit rows all of that left.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordService } from '../../../src/features/services/service.ts';
import { recordBirth } from '../../../src/features/women/service.ts';
import { buildTestApp, type TestApp } from '../../helpers/app.ts';
import { TEST_TODAY } from '../../helpers/clock.ts';
import { useTestDatabase } from '../../helpers/db.ts';
import { makeUser, seedWorld, type World } from '../../helpers/fixtures.ts';
import { SEED } from '../../helpers/generative.ts';
import { $, Client } from '../../helpers/http.ts';
import { actorFor, makeCard } from '../../helpers/women.ts';

const RUNS = Number(process.env.GENERATIVE_LIST_RUNS ?? 40);
const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗';

/** The rows of the table the pager follows, each as its text. */
function rowsOn(html: string): string[] {
  const doc = $(html);
  const pager = doc('nav.pagination');
  // A list grouped by village (the exception list) has a table per group, each in its section before the pager.
  const grouped = pager.prevAll('section.village-group');
  const table = pager.length ? (grouped.length ? grouped.find('table') : pager.prevAll('table').first()) : doc('table.data:not(.summary), table').first();
  return table
    .find('tbody tr')
    .map((_i, tr) => doc(tr).text().replace(/\s+/g, ' ').trim())
    .get();
}

/** The pager's figures ("第 1–50 条，共 N 条"); a list without a pager is one page of its rows. */
function pagerOf(html: string): { total: number; size: number } | undefined {
  const m = $(html)('nav.pagination')
    .text()
    .replace(/,/g, '')
    .match(/第\s*(\d+)–(\d+)\s*条，共\s*(\d+)\s*条/);
  return m ? { total: Number(m[3]), size: Number(m[2]) - Number(m[1]) + 1 } : undefined;
}

describe('generative: every list page at random page numbers', () => {
  const t = useTestDatabase();
  let app: TestApp;
  let w: World;
  const clients: Record<string, Client> = {};
  let requests = 0;

  beforeAll(async () => {
    w = await seedWorld(t.db);
    app = buildTestApp(t.db, t.url);
    const clerk = await makeUser(t.db, { role: 'clerk', regionId: w.townshipA.id });
    const sup = await makeUser(t.db, { role: 'supervisor', regionId: w.townshipA.id });
    const admin = await makeUser(t.db, { role: 'admin', regionId: w.county.id });
    const actor = actorFor(clerk, w.townshipA);
    for (let i = 0; i < 120; i++) {
      const card = await makeCard(t.db, actor, i % 2 ? w.villageA1.code : w.villageA2.code, { name: `${SURNAMES[i % 20]}${'甲乙丙丁戊己'[Math.floor(i / 20)]}英` });
      await recordBirth(t.db, actor, card.id, { birth_date: '2016-04-02', children: [{ sex: i % 2 ? 'male' : 'female' }] }, { today: TEST_TODAY });
      if (i % 2 === 0) await recordService(t.db, actor, card.id, { kind: 'iud_insertion', performed_on: '2026-10-20', facility: '乡镇服务站', complication: 'none' }, { today: TEST_TODAY });
    }
    for (let i = 0; i < 60; i++) await makeUser(t.db, { role: 'clerk', regionId: i % 2 ? w.townshipA.id : w.townshipB.id });
    for (const [key, u] of Object.entries({ clerk, sup, admin })) {
      clients[key] = new Client(app.app);
      await clients[key].login(u.username, u.password);
    }
  }, 300_000);
  afterAll(async () => {
    console.info(`[generative] list pages: ${requests} page requests over ${LISTS.length} lists, seed ${SEED}`);
    await app.close();
  });

  const LISTS: [string, string, boolean][] = [
    // [who, path, must have more than one page here]
    ['clerk', '/women', true],
    ['clerk', '/women?sort=name&dir=desc', true],
    ['clerk', '/services', true],
    ['clerk', '/follow-ups?status=all', true],
    ['clerk', '/rosters/should-adopt', true],
    ['clerk', '/rosters/follow-ups?month=2027-10', true],
    ['clerk', '/rosters/double-check', false],
    ['clerk', '/rosters/removals', false],
    ['clerk', '/rosters/exceptions', true],
    ['clerk', '/check-rounds', false],
    ['clerk', '/subsidies/applications', false],
    ['sup', '/audit', true],
    ['admin', '/admin/users', true],
    ['admin', '/audit?entity=woman', true],
  ];

  async function get(client: Client, path: string, page: number | string) {
    requests += 1;
    return client.get(`${path}${path.includes('?') ? '&' : '?'}page=${encodeURIComponent(String(page))}`);
  }

  for (const [who, path, paged] of LISTS) {
    it(`${path} (${who}): page 2, the last page, random and junk page numbers`, async () => {
      const client = clients[who];
      const first = await client.get(path);
      requests += 1;
      expect(first.status, path).toBe(200);
      const pager = pagerOf(first.text);
      const page1 = rowsOn(first.text);
      // A list without a pager is one page of whatever it holds.
      const size = pager?.size ?? Math.max(50, page1.length);
      const total = pager?.total ?? page1.length;
      const pages = Math.max(1, Math.ceil(total / size));
      if (paged) expect(pages, `${path}: needs more than one page here`).toBeGreaterThan(1);
      const rowsOfPage = (p: number) => (p < pages ? size : total - (pages - 1) * size);
      expect(page1.length, `${path} page 1`).toBe(Math.min(size, total));
      const last = rowsOn((await get(client, path, pages)).text);
      expect(last.length, `${path}: the last page has count − (pages − 1) × ${size} rows`).toBe(rowsOfPage(pages));
      if (pages > 1) {
        const page2 = rowsOn((await get(client, path, 2)).text);
        expect(page2.length).toBe(rowsOfPage(2));
        expect(page2.join('|'), `${path}: page 2 shows page 1 again`).not.toBe(page1.slice(0, page2.length).join('|'));
      }
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(fc.integer({ min: -3, max: pages + 5 }), fc.constantFrom(pages + 1, 1000, 999_999_999, '2147483648', '99999999999', '0', '-1', 'abc', '1.5', '', '２')),
          async (p) => {
            const res = await get(client, path, p);
            expect(res.status, `${path}?page=${p}`).toBeLessThan(500);
            if (res.status !== 200) {
              expect(res.status, `${path}?page=${p}`).toBe(400);
              return;
            }
            const n = typeof p === 'number' ? p : Number(p);
            const rows = rowsOn(res.text);
            if (Number.isInteger(n) && n >= 1 && n <= pages) expect(rows.length, `${path}?page=${p}`).toBe(rowsOfPage(n));
            else if (Number.isInteger(n) && n > pages) expect([0, rowsOfPage(pages)], `${path}?page=${p}: past the end`).toContain(rows.length);
          },
        ),
        { seed: SEED, numRuns: RUNS, endOnFailure: true },
      );
    }, 120_000);
  }
});
