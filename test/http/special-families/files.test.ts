/**
 * 特殊家庭 pages (issue 17 §2) on the county of test/helpers/special-family-fixtures.ts (app clock 2026-11-18): the
 * county list with contact persons (by township, CSV), 建档 from a proposal (filled from the card; 422 in Chinese
 * with the values kept; audited), a stale edit (409), 结案, a care record and the due list, scope (404 outside),
 * and the list's paging (page 2, the last page).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../helpers/app.ts';
import { useTestDatabase } from '../../helpers/db.ts';
import { makeUser, seedWorld, type World } from '../../helpers/fixtures.ts';
import { must } from '../../helpers/must.ts';
import { $, Client } from '../../helpers/http.ts';
import { addFamily, addFile, seedFamilies, type FamilyFixture } from '../../helpers/special-family-fixtures.ts';

describe('special-family pages', () => {
  const t = useTestDatabase();
  let app: TestApp;
  let w: World;
  let fx: FamilyFixture;
  let county: Client, clerkA: Client, clerkB: Client;
  const login = async (role: 'clerk' | 'supervisor', regionId: number) => {
    const u = await makeUser(t.db, { role, regionId });
    const c = new Client(app.app);
    await c.login(u.username, u.password);
    return c;
  };
  /** The women named in a list's rows. */
  const names = (html: string) => {
    const $p = $(html);
    return $p('tbody td[data-label="女方"] a')
      .map((_i, el) => $p(el).text())
      .get();
  };
  const fileBody = (over: Record<string, string> = {}) => ({
    kind: 'loss',
    husband_name: '王大',
    child_name: '王小',
    child_event_on: '2019.8.8',
    opened_on: '2026-11-10',
    lives_alone: '1',
    income_level: 'low',
    health: 'chronic',
    household_note: '老两口独居',
    contact1_name: '乡干部赵',
    contact1_role: 'township_cadre',
    contact1_phone: '13900000001',
    contact2_name: '村医钱',
    contact2_role: 'village_doctor',
    contact2_phone: '13900000002',
    ...over,
  });

  beforeAll(async () => {
    w = await seedWorld(t.db);
    fx = await seedFamilies(t.db, w);
    app = buildTestApp(t.db, t.url);
    county = await login('supervisor', w.county.id);
    clerkA = await login('clerk', w.townshipA.id);
    clerkB = await login('clerk', w.townshipB.id);
  });
  afterAll(async () => app.close());

  it('the county lists its special families with both contact persons, by township, and as CSV', async () => {
    const res = await county.get('/special-families');
    expect(res.status).toBe(200);
    const $p = $(res.text);
    expect($p('.result-count').text()).toContain('共 5 户');
    const row = $p('table.data.stack tbody tr').filter((_i, el) => $p(el).text().includes('失独甲'));
    expect(row.find('td[data-label="联系人"]').text()).toContain('乡干部张（乡镇干部 13800000001）');
    expect(row.find('td[data-label="联系人"]').text()).toContain('村医李（村医 13800000002）');
    expect(row.find('td[data-label="最近关怀"]').text()).toBe('2026-10-05');
    const b = names((await county.get(`/special-families?township=${w.townshipB.code}`)).text);
    expect(b.sort()).toEqual(['失独庚', '失独壬'].sort());
    const csv = await county.get(`/special-families?township=${w.townshipA.code}&format=csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers['content-disposition']).toContain('attachment');
    const lines = csv.text
      .replace(/^\ufeff/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toContain('第一联系人');
    expect(lines).toHaveLength(4);
    expect(lines.find((l) => l.includes('伤残乙'))).toContain('乡干部张（乡镇干部）,13800000001,村医李（村医）,13800000002');
  });

  it('proposes the eligible couples without a file and opens the new-file form filled from the card', async () => {
    const list = await clerkA.get('/special-families/proposals');
    expect(list.status).toBe(200);
    expect(names(list.text)).toEqual(['失独丙']);
    const form = await clerkA.get(`/special-families/new?woman=${fx.women.a3}`);
    expect(form.status).toBe(200);
    const $f = $(form.text);
    expect($f('#f-kind').val()).toBe('loss');
    expect($f('#f-husband_name').val()).toBe('失独丙夫');
    expect($f('#f-child_name').val()).toBe('失独丙子');
    expect($f('#f-child_event_on').val()).toBe('2019-08-08');
    expect($f('#f-opened_on').val()).toBe('2026-11-18');
  });

  it('refuses a bad file with Chinese messages and the values kept (422), then files it, audited', async () => {
    const woman = await addFamily(t.db, w.villageA2.id, '建档测', { vital: 'disabled', grade: 2 });
    const bad = await clerkA.post('/special-families', { woman, ...fileBody({ kind: 'disability', opened_on: '2026-11-19', contact2_name: '' }) });
    expect(bad.status).toBe(422);
    const $b = $(bad.text);
    expect($b('#f-contact2_name-err').text()).toBe('请填写第二联系人姓名');
    expect($b('#f-household_note').text()).toBe('老两口独居');
    expect($b('#f-contact1_name').val()).toBe('乡干部赵');
    const rule = await clerkA.post('/special-families', { woman, ...fileBody({ kind: 'disability', opened_on: '2026-11-19' }) });
    expect(rule.status).toBe(422);
    expect($(rule.text)('#f-disability_grade-err').text()).toContain('伤残等级');
    expect($(rule.text)('#f-opened_on-err').text()).toBe('建档日期不能晚于今天');
    expect(await t.db('special_family_files').where({ woman_id: woman })).toHaveLength(0);

    const ok = await clerkA.post('/special-families', { woman, ...fileBody({ kind: 'disability', disability_grade: '2' }) });
    expect(ok.status).toBe(303);
    const file = must(await t.db('special_family_files').where({ woman_id: woman }).first(), 'the file');
    expect(file).toMatchObject({ kind: 'disability', disability_grade: 2, child_event_on: '2019-08-08', lives_alone: true, income_level: 'low', opened_on: '2026-11-10', version: 1 });
    expect(await t.db('special_family_contacts').where({ file_id: file.id }).orderBy('position').select('name', 'role', 'phone')).toEqual([
      { name: '乡干部赵', role: 'township_cadre', phone: '13900000001' },
      { name: '村医钱', role: 'village_doctor', phone: '13900000002' },
    ]);
    expect(await t.db('audit_log').where({ action: 'special_family.create', entity: 'woman', entity_id: String(woman) })).toHaveLength(1);
    const page = await clerkA.get(ok.headers.location);
    expect(page.text).toContain('伤残 2 级');
    const again = await clerkA.post('/special-families', { woman, ...fileBody({ kind: 'disability', disability_grade: '2' }) });
    expect(again.status).toBe(422);
    expect(again.text).toContain('不能重复建档');
  });

  it('a stale edit is a 409 that keeps what was typed; a current one saves and bumps the version', async () => {
    const id = fx.files.b1;
    const form = $((await clerkB.get(`/special-families/${id}/edit`)).text);
    const version = String(form('input[name="version"]').val());
    const first = await clerkB.post(`/special-families/${id}`, { ...fileBody({ opened_on: '2026-02-01', household_note: '第一次修改' }), version });
    expect(first.status).toBe(303);
    const stale = await clerkB.post(`/special-families/${id}`, { ...fileBody({ opened_on: '2026-02-01', household_note: '过期的修改' }), version });
    expect(stale.status).toBe(409);
    expect($(stale.text)('#f-household_note').text()).toBe('过期的修改');
    expect(await t.db('special_family_files').where({ id }).first()).toMatchObject({ household_note: '第一次修改', version: 2 });
    expect(await t.db('audit_log').where({ action: 'special_family.update' })).toHaveLength(1);
  });

  it('another township’s file, its forms and its proposals are 404', async () => {
    for (const path of [`/special-families/${fx.files.b1}`, `/special-families/${fx.files.b1}/edit`, `/special-families/${fx.files.b1}/care/new`, `/special-families/new?woman=${fx.women.b2}`]) {
      expect((await clerkA.get(path)).status, path).toBe(404);
    }
    expect((await clerkA.post(`/special-families/${fx.files.b1}/care`, { cared_on: '2026-11-01', carer: '甲', kind: 'emotional', mode: 'visit', content: '越权' })).status).toBe(404);
    expect((await clerkA.get(`/special-families?township=${w.townshipB.code}`)).status).toBe(404);
    expect((await clerkA.get(`/special-families/proposals?village=${w.villageB1.code}`)).status).toBe(404);
    expect(await t.db('special_family_care').where({ content: '越权' })).toHaveLength(0);
  });

  it('records a visit (422 keeps values), and the due list drops the family once this month’s contact is made', async () => {
    const due = async () => names((await county.get('/special-families?status=due')).text);
    expect(await due()).toContain('失独甲');
    const id = fx.files.a1;
    const bad = await county.post(`/special-families/${id}/care`, { cared_on: '2026-11-19', carer: '县督导', kind: 'old_age', mode: 'visit', content: '送米送油', follow_up_note: '下月复查' });
    expect(bad.status).toBe(422);
    expect($(bad.text)('#f-cared_on-err').text()).toBe('关怀日期不能晚于今天');
    expect($(bad.text)('#f-content').text()).toBe('送米送油');
    const ok = await county.post(`/special-families/${id}/care`, { cared_on: '2026.11.16', carer: '县督导', kind: 'old_age', mode: 'visit', content: '送米送油' });
    expect(ok.status).toBe(303);
    expect(await t.db('special_family_care').where({ file_id: id, cared_on: '2026-11-16' }).first()).toMatchObject({ carer: '县督导', kind: 'old_age', mode: 'visit' });
    expect(await t.db('audit_log').where({ action: 'special_family_care.create' })).toHaveLength(1);
    const page = $((await county.get(`/special-families/${id}`)).text);
    expect(page('#care tbody tr').first().find('td[data-label="类别"]').text()).toBe('养老保障');
    expect(await due()).not.toContain('失独甲');
  });

  it('closes a file with a reason; a closed file takes no care and leaves the open list', async () => {
    const woman = await addFamily(t.db, w.villageA1.id, '结案测', { vital: 'deceased' });
    const id = await addFile(t.db, woman, '2026-05-01');
    const early = await clerkA.post(`/special-families/${id}/close`, { closed_on: '2026-04-30', close_reason: 'both_deceased', version: '1' });
    expect(early.status).toBe(422);
    expect($(early.text)('#f-closed_on-err').text()).toContain('不能早于建档日期');
    expect((await clerkA.post(`/special-families/${id}/close`, { closed_on: '2026-11-01', close_reason: 'both_deceased', version: '1' })).status).toBe(303);
    expect(await t.db('special_family_files').where({ id }).first()).toMatchObject({ closed_on: '2026-11-01', close_reason: 'both_deceased' });
    const care = await clerkA.post(`/special-families/${id}/care`, { cared_on: '2026-11-02', carer: '甲', kind: 'emotional', mode: 'visit', content: '结案后' });
    expect(care.status).toBe(422);
    expect((await clerkA.get('/special-families')).text).not.toContain('结案测');
    expect((await clerkA.get('/special-families?status=closed')).text).toContain('结案测');
  });

  it('pages the list 50 at a time: page 2 and the last page', async () => {
    const before = (await t.db('special_family_files').whereNull('closed_on').count<{ n: number }[]>('* as n'))[0]!.n;
    for (let i = 0; i < 101 - before; i += 1) {
      const woman = await addFamily(t.db, w.villageB1.id, `分页${String(i).padStart(3, '0')}`, { vital: 'deceased' });
      await addFile(t.db, woman, '2026-01-01');
    }
    const rows = async (page: number) => $((await county.get(`/special-families?page=${page}`)).text)('table.data tbody tr').length;
    expect(await rows(1)).toBe(50);
    expect(await rows(2)).toBe(50);
    expect(await rows(3)).toBe(1);
    const past = $((await county.get('/special-families?page=9')).text);
    expect(past('table.data tbody tr')).toHaveLength(1);
    expect(past('.pagination [aria-current="page"]').text()).toBe('第 3 / 3 页');
  });
});
