/**
 * The card list's search box (issue 14): a name typed with spaces, an ID fragment typed full-width or with a
 * lower-case x, and, for an ID fragment, which part of the (masked) number matched; the export gives the same rows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeIdNumber, maskIdNumber } from '../../../src/domain/id-number.ts';
import { buildTestApp, type TestApp } from '../../helpers/app.ts';
import { useTestDatabase } from '../../helpers/db.ts';
import { makeUser, seedWorld, type World } from '../../helpers/fixtures.ts';
import { $, Client } from '../../helpers/http.ts';
import { actorFor, makeCard } from '../../helpers/women.ts';

/** A woman's number (even sequence) born on `birth` whose check character is X. */
function idEndingInX(birth: string): string {
  for (let seq = 2; seq < 1000; seq += 2) {
    const id = makeIdNumber('990100', birth, seq);
    if (id.endsWith('X')) return id;
  }
  throw new Error('no number ending in X');
}

describe('育龄妇女列表的查找', () => {
  const t = useTestDatabase();
  let app: TestApp;
  let w: World;
  let clerk: Client;
  const huang = makeIdNumber('990100', '1990-05-12', 778);
  const wang = idEndingInX('1985-03-03');

  beforeAll(async () => {
    w = await seedWorld(t.db);
    app = buildTestApp(t.db, t.url);
    app.clock.set(new Date('2026-03-15T09:00:00+08:00'));
    const user = await makeUser(t.db, { role: 'clerk', regionId: w.townshipA.id });
    const actor = actorFor(user, w.townshipA);
    await makeCard(t.db, actor, w.villageA1.code, { name: '黄莉莉', id_number: huang });
    await makeCard(t.db, actor, w.villageA1.code, { name: '王秀英', id_number: wang });
    clerk = new Client(app.app);
    await clerk.login(user.username, user.password);
  });
  afterAll(() => app.close());

  async function search(q: string) {
    const res = await clerk.get(`/women?q=${encodeURIComponent(q)}`);
    expect(res.status, res.text).toBe(200);
    const page = $(res.text);
    const rows = page('table.women-list tbody tr')
      .map((_i, tr) => ({ name: page(tr).find('td').eq(0).text().trim(), id: page(tr).find('td').eq(1).text().trim() }))
      .get();
    return { page, rows, html: res.text };
  }

  it('finds 黄莉莉 typed with a space or an ideographic space', async () => {
    for (const q of ['黄 莉莉', '黄\u3000莉莉', ' 黄 莉 莉 ']) {
      const { rows, page } = await search(q);
      expect(rows.map((r) => r.name)).toEqual(['黄莉莉']);
      expect(page('.result-count').text()).toContain('共 1 人');
    }
    expect((await search('莉 王')).rows).toEqual([]);
  });

  it('finds by ID digits typed full-width, and says the match is in the birth date without showing it', async () => {
    const { rows, html } = await search('１９９０');
    expect(rows.map((r) => r.name)).toEqual(['黄莉莉']);
    expect(rows[0].id).toBe(`${maskIdNumber(huang)} 匹配：出生日期`);
    expect(html).not.toContain(huang);
    expect(html).not.toContain(huang.slice(6, 14));
  });

  it('a lower-case x fragment finds the number ending in X; the match is named 顺序码、校验码', async () => {
    const fragment = `${wang.slice(14, 17)}x`;
    const { rows } = await search(fragment);
    expect(rows.map((r) => r.name)).toEqual(['王秀英']);
    expect(rows[0].id).toBe(`${maskIdNumber(wang)} 匹配：顺序码、校验码`);
    expect((await search('x')).rows.map((r) => r.name)).toEqual(['王秀英']);
  });

  it('a fragment of positions 15–17 shows 匹配：顺序码; one of the area code 匹配：地址码; a name search shows none', async () => {
    const seq = await search('778');
    expect(seq.rows).toEqual([{ name: '黄莉莉', id: `${maskIdNumber(huang)} 匹配：顺序码` }]);
    const area = await search('9901 00');
    expect(area.rows.map((r) => r.id).sort()).toEqual([`${maskIdNumber(huang)} 匹配：地址码`, `${maskIdNumber(wang)} 匹配：地址码`].sort());
    const byName = await search('黄莉莉');
    expect(byName.page('.id-match').length).toBe(0);
  });

  it('the village filter groups a county user’s villages by township; a township clerk’s stay a flat list', async () => {
    const sup = await makeUser(t.db, { role: 'supervisor', regionId: w.county.id });
    const county = new Client(app.app);
    await county.login(sup.username, sup.password);
    const page = $((await county.get('/women')).text);
    expect(
      page('select#village optgroup')
        .map(
          (_i, g) =>
            `${page(g).attr('label')}: ${page(g)
              .find('option')
              .map((_j, o) => page(o).text())
              .get()
              .join(' ')}`,
        )
        .get(),
    ).toEqual(['城关镇: 东街村 西街村', '东山镇: 上河村']);
    const own = $((await clerk.get(`/women?village=${w.villageA2.code}`)).text);
    expect(own('select#village optgroup').length).toBe(0);
    expect(own('select#village option[selected]').text()).toBe('西街村');
  });

  it('the export with the same search gives the same rows', async () => {
    for (const q of ['１９９０', '黄 莉莉', `${wang.slice(10, 17)}x`]) {
      const page = await search(q);
      const res = await clerk.post('/exports/women', { format: 'csv', q });
      expect(res.status, res.text).toBe(200);
      const lines = res.text
        .replace(/^\ufeff/, '')
        .trim()
        .split('\r\n')
        .slice(1);
      expect(lines.map((l) => l.split(',')[1])).toEqual(page.rows.map((r) => r.name));
      expect(lines.length).toBe(1);
    }
  });
});
