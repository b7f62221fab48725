/**
 * Issue 14: the removals roster (/rosters/removals, 到期取环/取皮埋) shows 村(社区), 联系电话 and 住址 in columns
 * of their own, sorted by due date, then name — not by village. 56 women of township A in pairs (王… in village
 * A2 entered first, 李… in A1 second) have IUDs inserted on the same day per pair, so each due date is a tie the
 * name decides; the roster runs over two pages. The print view still prints a sheet per village, and the export
 * keeps its headers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../../src/domain/dates.ts';
import { recordService } from '../../../src/features/services/service.ts';
import { buildTestApp, type TestApp } from '../../helpers/app.ts';
import { TEST_TODAY } from '../../helpers/clock.ts';
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

function rowsOf(html: string) {
  const doc = $(html);
  return doc('table.data tbody tr')
    .map((_i, tr) => {
      const cell = (label: string) => doc(tr).find(`td[data-label="${label}"]`).text().replace(/\s+/g, ' ').trim();
      return { due: cell('到期日期').replace(/\s*已过期$/, ''), name: cell('姓名'), village: cell('村(社区)'), phone: cell('联系电话'), address: cell('住址') };
    })
    .get();
}

describe('the removals roster: 村(社区), 联系电话, 住址; by due date, then name', () => {
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
      // Inserted between 2010 and 2018-11: due (8 years on) by the end of this month, most of them overdue.
      const day = addDays('2010-06-01', p * 110);
      for (const [surname, village] of [
        ['王', w.villageA2],
        ['李', w.villageA1],
      ] as const) {
        const n = people.size;
        const phone = `1370000${String(n).padStart(4, '0')}`;
        const address = `${village.name}${p + 1}组${n + 1}号`;
        const card = await makeCard(t.db, actor, village.code, { name: `${surname}${given}`, phone, address });
        people.set(card.id, { id: card.id, name: `${surname}${given}`, phone, address, village: village.name });
        await iud(card.id, day);
      }
    }
    const other = await makeCard(t.db, actorFor(b, w.townshipB), w.villageB1.code, { name: '外乡镇', phone: '13911112222', address: '东山镇' });
    await iud(other.id, '2012-06-01', actorFor(b, w.townshipB));
    clerk = new Client(app.app);
    await clerk.login(u.username, u.password);
  });
  afterAll(() => app.close());

  /** The roster as it must read: her IUD's due date, then name (code point), then the episode's id. */
  async function expected() {
    const rows: { id: number; woman_id: number; due_on: string }[] = await t
      .db('contraception_episodes')
      .whereIn('woman_id', [...people.keys()])
      .select('id', 'woman_id', 'due_on');
    return rows
      .map((r) => ({ ...r, p: people.get(r.woman_id)! }))
      .sort((a, b) => (a.due_on !== b.due_on ? (a.due_on < b.due_on ? -1 : 1) : a.p.name !== b.p.name ? (a.p.name < b.p.name ? -1 : 1) : a.id - b.id))
      .map((r) => ({ due: r.due_on, name: r.p.name, village: r.p.village, phone: r.p.phone, address: r.p.address }));
  }

  it('the columns, their values, and the order over page 1, page 2 (the last)', async () => {
    const all = await expected();
    expect(all.length).toBe(PAIRS * 2);
    expect(all.every((r) => r.due <= '2026-11-30')).toBe(true);
    const first = await clerk.get('/rosters/removals');
    expect(first.status).toBe(200);
    const headers = $(first.text)('table.data thead th')
      .map((_i, th) => $(first.text)(th).text().trim())
      .get();
    expect(headers).toEqual(['村(社区)', '姓名', '身份证号', '配偶', '联系电话', '住址', '措施', '放置日期', '到期日期']);
    expect($(first.text)('.result-count').text()).toContain(`共 ${all.length} 人`);
    const page1 = rowsOf(first.text);
    expect(page1).toEqual(all.slice(0, 50));
    const last = rowsOf((await clerk.get('/rosters/removals?page=2')).text);
    expect(last).toEqual(all.slice(50));
    expect(last.length).toBe(all.length - 50);
    // Not by village any more: both villages are on page 1, and a tie is decided by the name.
    expect(new Set(page1.map((r) => r.village))).toEqual(new Set([w.villageA1.name, w.villageA2.name]));
    expect([page1[0].name.slice(0, 1), page1[1].name.slice(0, 1)]).toEqual(['李', '王']);
    expect(first.text).not.toContain('外乡镇');
  });

  it('the print view still prints one sheet per village, rows by due date inside it; the export keeps its headers', async () => {
    const all = await expected();
    const print = $((await clerk.get('/rosters/removals?print=1')).text);
    const villages = print('section.village-sheet')
      .map((_i, s) => print(s).attr('data-village'))
      .get();
    expect([...new Set(villages)]).toEqual([w.villageA1.code, w.villageA2.code]);
    const names = print(`section.village-sheet[data-village="${w.villageA1.code}"] tbody tr td.name`)
      .map((_i, td) => print(td).text().trim())
      .get();
    expect(names).toEqual(all.filter((r) => r.village === w.villageA1.name).map((r) => r.name));
    const csv = (await clerk.post('/exports/rosters/removals', { format: 'csv' })).text.replace(/^\uFEFF/, '');
    const lines = csv.split(/\r?\n/).filter((l) => l.trim() !== '');
    const headerLine = lines.find((l) => l.startsWith('村(社区)'))!;
    expect(headerLine).toBe('村(社区),姓名,身份证号,配偶,住址,联系电话,措施,放置日期,到期日期');
    const body = lines.slice(lines.indexOf(headerLine) + 1);
    expect(body.length).toBe(all.length);
    expect(body[0]).toContain(all[0].phone);
  });
});
