/**
 * Births from outside (issue 16 §3), the done-when: a hospital list of 200 births, 10 of them unknown to the
 * register (6 mothers on the register without the child, 4 mothers not on the register), 3 differing; the 漏报
 * list holds exactly those 10, the correction list the 3, and the three rates come out exact. Recording a missing
 * birth and re-matching closes its item; explaining closes it with an audit row; township scope holds.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../../src/domain/dates.ts';
import { maskIdNumber } from '../../../src/domain/id-number.ts';
import { buildTestApp, type TestApp } from '../../helpers/app.ts';
import { useTestDatabase } from '../../helpers/db.ts';
import { makeUser, seedWorld, type World } from '../../helpers/fixtures.ts';
import { $, Client } from '../../helpers/http.ts';
import { must } from '../../helpers/must.ts';
import { uploadList } from '../../helpers/outside-births.ts';
import { addChild, addWoman, femaleId } from '../../helpers/report-fixtures.ts';

const HEADER = '母亲身份证号,母亲姓名,子女姓名,性别,出生日期,医院/派出所,出生医学证明编号,村代码';

interface Row {
  id: string;
  mother: string;
  child: string;
  sex: '男' | '女';
  date: string;
  village: string;
}

const csv = (rows: Row[]) => Buffer.from(`${HEADER}\n${rows.map((r) => `${r.id},${r.mother},${r.child},${r.sex},${r.date},县人民医院,Q${r.date.replace(/-/g, '')},${r.village}`).join('\n')}\n`);

describe('outside birth lists: import, match, 漏报, rates', () => {
  const t = useTestDatabase();
  let app: TestApp;
  let w: World;
  let county: Client;
  let clerkA: Client;
  let clerkB: Client;
  let listId: number;
  const rows: Row[] = [];

  beforeAll(async () => {
    w = await seedWorld(t.db);
    app = buildTestApp(t.db, t.url);
    app.clock.set(new Date('2026-11-20T03:00:00Z'));
    const login = async (role: 'clerk' | 'supervisor', regionId: number) => {
      const u = await makeUser(t.db, { role, regionId });
      const c = new Client(app.app);
      await c.login(u.username, u.password);
      return c;
    };
    county = await login('supervisor', w.county.id);
    clerkA = await login('clerk', w.townshipA.id);
    clerkB = await login('clerk', w.townshipB.id);
    // 190 mothers with a September birth: 120 in A1, 40 in A2, 30 in B1; every tenth entered 40 days late.
    for (let i = 0; i < 196; i++) {
      const village = i < 120 || i >= 190 ? w.villageA1 : i < 160 ? w.villageA2 : w.villageB1;
      const name = `母亲${i}`;
      const woman = await addWoman(t.db, { village: village.id, birth_date: '1994-06-01', name, marriage_date: '2018-01-01' });
      const id = must(await t.db('women').where({ id: woman }).first('id_number'), 'woman').id_number;
      const date = `2026-09-${String((i % 30) + 1).padStart(2, '0')}`;
      const sex = i % 2 ? 'male' : 'female';
      if (i < 190) await addChild(t.db, { woman, village: village.id, birth_date: date, sex, order: 1, created_on: addDays(date, i % 10 === 0 ? 40 : 5) });
      // On the list: rows 0 and 1 with the other sex, row 2 three days off; rows 190–195 never recorded.
      const listedSex = (i < 2 ? !(i % 2) : i % 2) ? '男' : '女';
      rows.push({ id, mother: name, child: `孩子${i}`, sex: listedSex, date: i === 2 ? addDays(date, 3) : date, village: '' });
    }
    for (let i = 0; i < 4; i++) rows.push({ id: femaleId('1995-03-03'), mother: `外地母亲${i}`, child: '', sex: '女', date: '2026-09-15', village: w.villageA1.code });
    const res = await uploadList(county, csv(rows));
    expect(res.status, res.text).toBe(303);
    listId = Number(/\/outside-births\/lists\/(\d+)/.exec(res.headers.location)![1]);
    const confirm = await county.post(`/outside-births/lists/${listId}/confirm`);
    expect(confirm.status, confirm.text).toBe(303);
  });
  afterAll(() => app.close());

  it('matches every row: 187 equal, 3 differ, 6 not recorded, 4 unknown mothers', async () => {
    const counts = await t.db('outside_births').where({ list_id: listId }).groupBy('match_status').select('match_status').count<{ match_status: string; count: number }[]>('* as count');
    expect(Object.fromEntries(counts.map((c) => [c.match_status, Number(c.count)]))).toEqual({ matched: 187, differs: 3, not_recorded: 6, unknown_mother: 4 });
    const list = must(await t.db('outside_birth_lists').where({ id: listId }).first(), 'list');
    expect(list.status).toBe('confirmed');
    expect(await t.db('outside_births').where({ list_id: listId }).whereNotNull('mother_id_number').count('* as n').first()).toEqual({ n: 200 });
  });

  it('puts exactly the 10 unknown births on the 漏报 list, masked, by village', async () => {
    const res = await county.get('/outside-births/missing');
    expect(res.status).toBe(200);
    const page = $(res.text);
    expect(page('.result-count').text()).toContain('共 10 项');
    const names = page('table.missing tbody tr td:first-child')
      .map((_i, el) => page(el).text().trim())
      .get()
      .sort();
    expect(names).toEqual(['外地母亲0', '外地母亲1', '外地母亲2', '外地母亲3', '母亲190', '母亲191', '母亲192', '母亲193', '母亲194', '母亲195']);
    expect(res.text).toContain(maskIdNumber(rows[190]!.id));
    expect(res.text).not.toContain(rows[190]!.id);
    const csvRes = await county.get('/outside-births/missing.csv');
    expect(csvRes.status).toBe(200);
    expect(csvRes.text.trim().split('\n')).toHaveLength(11);
    expect((await clerkB.get('/outside-births/missing')).text).toContain('共 0 项');
    const print = await clerkA.get('/outside-births/missing?print=1');
    expect(print.status).toBe(200);
    expect($(print.text)('table.roster tbody tr')).toHaveLength(10);
  });

  it('shows the three rates per township with exact figures', async () => {
    const res = await county.get('/outside-births?from=2026-09-01&to=2026-09-30');
    expect(res.status).toBe(200);
    const page = $(res.text);
    const row = (name: string) =>
      page('table.rates tbody tr')
        .filter((_i, el) => page(el).find('th').text().trim() === name)
        .find('td')
        .map((_i, el) => page(el).text().replace(/\s+/g, ' ').trim())
        .get();
    expect(row('城关镇')).toEqual(['98.13% 157/160', '90.00% 144/160', '94.12% 160/170', '170', '160', '157']);
    expect(row('东山镇')).toEqual(['100.00% 30/30', '90.00% 27/30', '100.00% 30/30', '30', '30', '30']);
    expect(row('合计')).toEqual(['98.42% 187/190', '90.00% 171/190', '95.00% 190/200', '200', '190', '187']);
  });

  it('the 考核 indicators read the same keys from the report engine', async () => {
    const ind = await t
      .db('assessment_indicators')
      .whereIn('code', ['birth_info_accuracy', 'birth_info_timeliness', 'birth_info_completeness'])
      .orderBy('code')
      .select('code', 'source', 'numerator_keys', 'denominator_key');
    expect(ind).toEqual([
      { code: 'birth_info_accuracy', source: 'report', numerator_keys: ['outside_births_matched'], denominator_key: 'outside_births_found' },
      { code: 'birth_info_completeness', source: 'report', numerator_keys: ['outside_births_found'], denominator_key: 'outside_births_listed' },
      { code: 'birth_info_timeliness', source: 'report', numerator_keys: ['births_timely'], denominator_key: 'births' },
    ]);
  });

  it('lists the differing rows as a correction list with both values', async () => {
    const res = await clerkA.get(`/outside-births/lists/${listId}?status=differs`);
    expect(res.status).toBe(200);
    const page = $(res.text);
    const trs = page('table.births tbody tr');
    expect(trs).toHaveLength(3);
    expect(trs.eq(0).find('[data-label="性别"]').text()).toMatch(/男\s*\/\s*系统：女/);
    expect(trs.eq(2).find('[data-label="出生日期"]').text()).toMatch(/2026-09-06\s*\/\s*系统：2026-09-03/);
  });

  it('recording a missing birth and re-matching closes its item', async () => {
    const woman = must(await t.db('women').where({ name: '母亲190' }).first('id', 'region_id'), 'woman');
    const row = must(await t.db('outside_births').where({ list_id: listId, mother_name: '母亲190' }).first(), 'row');
    await addChild(t.db, { woman: woman.id, village: woman.region_id, birth_date: row.birth_date, sex: row.sex, order: 1, created_on: '2026-11-19' });
    const res = await clerkA.post('/outside-births/missing/match');
    expect(res.status, res.text).toBe(303);
    expect(must(await t.db('outside_births').where({ id: row.id }).first(), 'row').match_status).toBe('matched');
    const page = $((await clerkA.get('/outside-births/missing')).text);
    expect(page('.result-count').text()).toContain('共 9 项');
    expect(page('table.missing').text()).not.toContain('母亲190');
  });

  it('explaining closes an item with an audit row; another township gets 404', async () => {
    const row = must(await t.db('outside_births').where({ list_id: listId, mother_name: '外地母亲0' }).first(), 'row');
    const refused = await clerkB.post(`/outside-births/missing/${row.id}/explain`, { explanation: '户籍在外县' });
    expect(refused.status).toBe(404);
    const empty = await clerkA.post(`/outside-births/missing/${row.id}/explain`, { explanation: '' });
    expect(empty.status).toBe(422);
    expect(empty.text).toContain('请填写说明');
    const res = await clerkA.post(`/outside-births/missing/${row.id}/explain`, { explanation: '户籍在外县，已通报户籍地' });
    expect(res.status, res.text).toBe(303);
    const after = must(await t.db('outside_births').where({ id: row.id }).first(), 'row');
    expect(after.explanation).toBe('户籍在外县，已通报户籍地');
    const audit = must(
      await t
        .db('audit_log')
        .where({ action: 'outside_birth.explain', entity_id: String(row.id) })
        .first(),
      'audit',
    );
    expect(audit.reason).toBe('户籍在外县，已通报户籍地');
    const page = $((await clerkA.get('/outside-births/missing')).text);
    expect(page('.flash').text()).toContain('已记录 外地母亲0 的漏报说明');
    expect(page('table.missing').text()).not.toContain('外地母亲0');
  });

  it('keeps township B out of township A’s rows and the list imported by the county', async () => {
    const b = await clerkB.get(`/outside-births/lists/${listId}`);
    expect(b.status).toBe(200);
    expect($(b.text)('.result-count').text()).toContain('共 30 条');
    expect(b.text).not.toContain('母亲0<');
    expect((await clerkB.post(`/outside-births/lists/${listId}/match`)).status).toBe(404);
    const draft = await uploadList(clerkA, csv(rows.slice(0, 3)), 'a.csv');
    expect(draft.status, draft.text).toBe(303);
    const draftId = Number(/(\d+)$/.exec(draft.headers.location)![1]);
    expect((await clerkB.get(`/outside-births/lists/${draftId}`)).status).toBe(404);
    expect((await clerkB.post(`/outside-births/lists/${draftId}/confirm`)).status).toBe(404);
  });

  it('pages the list 50 rows a page: page 2 and the last page', async () => {
    const p2 = $((await county.get(`/outside-births/lists/${listId}?page=2`)).text);
    expect(p2('table.births tbody tr')).toHaveLength(50);
    expect(p2('table.births tbody tr').first().find('td').first().text().trim()).toBe('52');
    const last = $((await county.get(`/outside-births/lists/${listId}?page=4`)).text);
    expect(last('table.births tbody tr')).toHaveLength(50);
    expect(last('table.births tbody tr').last().find('td').first().text().trim()).toBe('201');
    expect(last('.pagination a[rel=next]')).toHaveLength(0);
  });

  it('counts a birth once when a hospital list and a police list both name it', async () => {
    const totals = async () => {
      const page = $((await county.get('/outside-births?from=2026-09-01&to=2026-09-30')).text);
      const tds = page('table.rates tbody tr')
        .filter((_i, el) => page(el).find('th').text().trim() === '合计')
        .find('td')
        .map((_i, el) => page(el).text().trim())
        .get();
      return tds.slice(3).map(Number);
    };
    const before = await totals();
    // The police list repeats 30 births of the hospital list (matched, differing, not recorded, unknown mothers
    // alike) and adds two births nobody had listed.
    const again = [...rows.slice(0, 20), ...rows.slice(188, 200)];
    const fresh = [0, 1].map((i) => ({ id: femaleId('1996-04-04'), mother: `派出所母亲${i}`, child: '', sex: '男' as const, date: '2026-09-20', village: w.villageA1.code }));
    const res = await uploadList(county, csv([...again, ...fresh]), '派出所.csv', { source_kind: 'police', name: '城关派出所 2026年9月', period: '2026-09' });
    expect(res.status, res.text).toBe(303);
    const policeId = Number(/\/outside-births\/lists\/(\d+)/.exec(res.headers.location)![1]);
    expect((await county.post(`/outside-births/lists/${policeId}/confirm`)).status).toBe(303);
    expect(await t.db('outside_births').where({ list_id: policeId }).count<{ n: number }[]>('* as n')).toEqual([{ n: 34 }]);
    const [listed, found, matched] = before as [number, number, number];
    expect(await totals()).toEqual([listed + 2, found, matched]);
  });
});
