import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../helpers/app.ts';
import { useTestDatabase } from '../../helpers/db.ts';
import { makeUser, seedWorld, type World } from '../../helpers/fixtures.ts';
import { $, Client } from '../../helpers/http.ts';
import { must } from '../../helpers/must.ts';

describe('population figures grid', () => {
  const t = useTestDatabase();
  let app: TestApp;
  let w: World;
  let clerkA: Client;
  let countySup: Client;

  beforeAll(async () => {
    w = await seedWorld(t.db);
    app = buildTestApp(t.db, t.url);
    app.clock.set(new Date('2026-04-10T03:00:00Z'));
    const c = await makeUser(t.db, { role: 'clerk', regionId: w.townshipA.id });
    clerkA = new Client(app.app);
    await clerkA.login(c.username, c.password);
    const s = await makeUser(t.db, { role: 'supervisor', regionId: w.county.id });
    countySup = new Client(app.app);
    await countySup.login(s.username, s.password);
    await t.db('population_figures').insert({ region_id: w.villageA1.id, month: '2026-02-01', population_end: 1000, deaths: 4 });
  });
  afterAll(() => app.close());

  it('shows the township’s villages for last month with the previous month beside them', async () => {
    const res = await clerkA.get('/population');
    expect(res.status).toBe(200);
    const page = $(res.text);
    expect(page('h1').text()).toContain('2026年3月');
    const rows = page('tbody tr');
    expect(rows.length).toBe(2);
    expect(rows.eq(0).find('th').text()).toContain('东街村');
    expect(rows.eq(0).find('td').eq(0).text().trim()).toBe('1,000');
    expect(page('#f-population_end-990100001001').attr('value')).toBe('');
    expect(res.text).not.toContain('上河村'); // township B is not mine
  });

  it('saves the whole grid in one go, audited, and shows it back', async () => {
    const res = await clerkA.post('/population', {
      month: '2026-03',
      village: ['990100001001', '990100001002'],
      population_end: ['1,010', '500'],
      deaths: ['2', '1'],
      version: ['', ''],
    });
    expect(res.status, res.text).toBe(303);
    expect(res.headers.location).toBe('/population?month=2026-03');
    const rows = await t.db('population_figures').where('month', '2026-03-01').orderBy('region_id').select('region_id', 'population_end', 'deaths', 'version');
    expect(rows).toEqual([
      { region_id: w.villageA1.id, population_end: 1010, deaths: 2, version: 1 },
      { region_id: w.villageA2.id, population_end: 500, deaths: 1, version: 1 },
    ]);
    const audit = must(await t.db('audit_log').where({ action: 'population.save' }).first(), 'audit row');
    expect(audit.region_id).toBe(w.townshipA.id);
    expect(audit.after).toHaveLength(2);
    const page = $((await clerkA.get('/population?month=2026-03')).text);
    expect(page('#f-population_end-990100001001').attr('value')).toBe('1010');
    expect(page('tbody tr').eq(0).find('td').last().text().trim()).toBe('+10');
  });

  it('refuses bad cells with a message at the field, keeps the values and saves nothing', async () => {
    const res = await clerkA.post('/population', {
      month: '2026-03',
      village: ['990100001001', '990100001002'],
      population_end: ['abc', '40'],
      deaths: ['2', '41'],
      version: ['1', '1'],
    });
    expect(res.status).toBe(422);
    const page = $(res.text);
    expect(page('#f-population_end-990100001001-err').text()).toContain('期末总人口');
    expect(page('#f-population_end-990100001001').attr('value')).toBe('abc');
    expect(page('.error-summary a[href="#f-population_end-990100001001"]').length).toBe(1);
    const rows = await t.db('population_figures').where('month', '2026-03-01').orderBy('region_id').pluck('population_end');
    expect(rows).toEqual([1010, 500]);
    const deathsTooMany = await clerkA.post('/population', {
      month: '2026-03',
      village: ['990100001002'],
      population_end: ['40'],
      deaths: ['41'],
      version: ['1'],
    });
    expect(deathsTooMany.status).toBe(422);
    expect($(deathsTooMany.text)('#f-deaths-990100001002-err').text()).toContain('死亡人数不能大于期末总人口');
  });

  it('refuses a stale grid (someone saved in between) with 409 and overwrites nothing', async () => {
    await t.db('population_figures').where({ region_id: w.villageA2.id, month: '2026-03-01' }).update({ population_end: 505, version: 2 });
    const res = await clerkA.post('/population', { month: '2026-03', village: ['990100001002'], population_end: ['510'], deaths: ['1'], version: ['1'] });
    expect(res.status).toBe(409);
    expect($(res.text)('.error-summary').text()).toContain('西街村');
    expect(await t.db('population_figures').where({ region_id: w.villageA2.id, month: '2026-03-01' }).first('population_end')).toEqual({ population_end: 505 });
  });

  it('refuses a village of another township and a future month', async () => {
    // A village of another township answers like a record out of scope (404), as an unknown code does.
    const other = await clerkA.post('/population', { month: '2026-03', village: ['990100002001'], population_end: ['700'], deaths: ['1'], version: [''] });
    expect(other.status).toBe(404);
    const unknown = await clerkA.post('/population', { month: '2026-03', village: ['990100009999'], population_end: ['700'], deaths: ['1'], version: [''] });
    expect(unknown.status).toBe(404);
    expect(await t.db('population_figures').where({ region_id: w.villageB1.id }).first()).toBeUndefined();
    const future = await clerkA.post('/population', { month: '2026-05', village: ['990100001001'], population_end: ['700'], deaths: ['1'], version: [''] });
    expect(future.status).toBe(422);
    expect($(future.text)('.error-summary').text()).toContain('尚未到来');
  });

  it('refuses changes to a month whose report is accepted (locked)', async () => {
    await t.db('report_periods').insert({ township_id: w.townshipA.id, month: '2026-03-01', status: 'accepted', snapshot: '{}', accepted_at: new Date() });
    const page = $((await clerkA.get('/population?month=2026-03')).text);
    expect(page('#f-population_end-990100001001').length).toBe(0);
    expect(page('.flash-info').text()).toContain('已审核锁定');
    const res = await clerkA.post('/population', { month: '2026-03', village: ['990100001001'], population_end: ['999'], deaths: ['2'], version: ['1'] });
    expect(res.status).toBe(422);
    expect(res.text).toContain('已审核锁定');
    expect(await t.db('population_figures').where({ region_id: w.villageA1.id, month: '2026-03-01' }).first('population_end')).toEqual({ population_end: 1010 });
  });

  it('lets county staff read every township but not write', async () => {
    const res = await countySup.get('/population?month=2026-03');
    expect(res.status).toBe(200);
    const page = $(res.text);
    expect(page('tbody tr').length).toBe(3);
    expect(page('input[name=population_end]').length).toBe(0);
    expect(page('#q-township option').length).toBe(3);
    const only = $((await countySup.get('/population?month=2026-03&township=990100002')).text);
    expect(only('tbody tr').length).toBe(1);
    expect((await countySup.post('/population', { month: '2026-03', village: ['990100002001'], population_end: ['1'], deaths: ['0'] })).status).toBe(403);
  });
  it('takes the optional 迁入 / 迁出 per village (blank: not entered) and refuses a negative one with its field kept', async () => {
    const base = { month: '2026-01', village: ['990100001001', '990100001002'], population_end: ['990', '480'], deaths: ['0', '1'], version: ['', ''] };
    const bad = await clerkA.post('/population', { ...base, moved_in: ['-2', ''], moved_out: ['1', ''] });
    expect(bad.status).toBe(422);
    expect($(bad.text)('#f-moved_in-990100001001-err').text()).toBe('迁入人数应为不小于 0 的整数');
    expect($(bad.text)('#f-moved_in-990100001001').attr('value')).toBe('-2');
    expect(await t.db('population_figures').where({ month: '2026-01-01' })).toEqual([]);
    expect((await clerkA.post('/population', { ...base, moved_in: ['4', ''], moved_out: ['1', ''] })).status).toBe(303);
    const rows = await t.db('population_figures').where('month', '2026-01-01').orderBy('region_id').select('moved_in', 'moved_out');
    expect(rows).toEqual([
      { moved_in: 4, moved_out: 1 },
      { moved_in: null, moved_out: null },
    ]);
    expect($((await clerkA.get('/population?month=2026-01')).text)('#f-moved_in-990100001001').attr('value')).toBe('4');
  });
  it('the population import template keeps its headers and ends with the optional 迁入人数, 迁出人数', async () => {
    const res = await clerkA.get('/imports/templates/population.csv');
    expect(res.status).toBe(200);
    expect(res.text.replace(/^\ufeff/, '').split(/\r?\n/)[0]).toBe('村代码,月份,期末总人口,死亡人数,迁入人数,迁出人数');
  });
});
