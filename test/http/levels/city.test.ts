/**
 * A city deployment over HTTP (issue 19 §1): the city supervisor reads roll-ups (counties as rows, drill-down by
 * row region, no people lists), never a card (403) nor another city's county (404); the city admin manages her
 * city's regions and accounts only; and the county's month goes up the chain end to end — refused until every
 * township is accepted, submitted, returned with a reason, reopened and fixed, resubmitted, accepted.
 */
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../helpers/app.ts';
import { addCityRecords, seedCityWorld, type CityWorld } from '../../helpers/city-fixtures.ts';
import { useTestDatabase } from '../../helpers/db.ts';
import { makeUser } from '../../helpers/fixtures.ts';
import { $, Client } from '../../helpers/http.ts';
import { must } from '../../helpers/must.ts';

const MONTH = '2026-03';

/** Township months accepted by the county (the township flow is tested in test/http/reports; here it is given). */
async function acceptTownshipMonths(db: Knex, townshipIds: number[]) {
  for (const id of townshipIds) {
    await db('report_periods')
      .insert({
        township_id: id,
        month: `${MONTH}-01`,
        status: 'accepted',
        snapshot: JSON.stringify({ rows: [], total: { figures: {} } }),
        submitted_at: new Date('2026-04-02T02:00:00Z'),
        first_submitted_at: new Date('2026-04-02T02:00:00Z'),
        accepted_at: new Date('2026-04-03T02:00:00Z'),
      })
      .onConflict(['township_id', 'month'])
      .merge(['status', 'accepted_at']);
  }
}

describe('a city deployment', () => {
  const t = useTestDatabase();
  let app: TestApp;
  let w: CityWorld;
  const c: Record<'citySup' | 'otherCitySup' | 'cityAdmin' | 'countySup' | 'provinceSup', Client> = {} as never;
  const names: Record<string, string> = {};

  beforeAll(async () => {
    w = await seedCityWorld(t.db);
    await addCityRecords(t.db, w);
    app = buildTestApp(t.db, t.url);
    app.clock.set(new Date('2026-04-10T03:00:00Z'));
    const accounts = {
      citySup: { role: 'supervisor', regionId: w.city.id, displayName: '市审核员' },
      otherCitySup: { role: 'supervisor', regionId: w.otherCity.id, displayName: '丙市审核员' },
      cityAdmin: { role: 'admin', regionId: w.city.id, displayName: '市管理员' },
      countySup: { role: 'supervisor', regionId: w.countyA.id, displayName: '县审核员' },
      provinceSup: { role: 'supervisor', regionId: w.province.id, displayName: '省审核员' },
    } as const;
    for (const [key, a] of Object.entries(accounts)) {
      const u = await makeUser(t.db, a);
      names[key] = u.username;
      c[key as keyof typeof c] = new Client(app.app);
      await c[key as keyof typeof c].login(u.username, u.password);
    }
  });
  afterAll(() => app.close());

  it('the city report has the counties as rows, each linking to its own report, and no people lists', async () => {
    const res = await c.citySup.get(`/reports/monthly?region=9901&month=${MONTH}`);
    expect(res.status).toBe(200);
    const page = $(res.text);
    const table = page('table.report-table').first();
    const rows = table
      .find('tbody tr')
      .map((_i, tr) => page(tr).find('th, td').first().text().trim())
      .get();
    expect(rows.slice(0, 2)).toEqual(['示例县', '乙县']);
    expect(res.text).not.toContain('丙县');
    expect(table.find('a[href*="region=990101"]').length).toBeGreaterThan(0);
    expect(page('a[href^="/reports/people"]').length).toBe(0);
    expect(
      page('#q-region option')
        .map((_i, o) => page(o).attr('value'))
        .get(),
    ).toEqual(['9901', '990100', '990101']);
    // Drill-down by row region: the county's report, its townships as rows.
    const county = $((await c.citySup.get(`/reports/monthly?region=990101&month=${MONTH}`)).text);
    expect(county('table.report-table tbody').text()).toContain('乙县城关镇');
  });

  it('the province report has the cities as rows; the official tables and the county months page open', async () => {
    const res = await c.provinceSup.get(`/reports/monthly?region=99&month=${MONTH}`);
    expect(res.status).toBe(200);
    const body = $(res.text)('table.report-table tbody').first().text();
    expect(body).toContain('示例市');
    expect(body).toContain('丙市');
    expect((await c.citySup.get('/reports/table1?region=9901&year=2026')).status).toBe(200);
    // The 考核 board of the city: each county a row (read-only, no target settings).
    const board = await c.citySup.get('/targets');
    expect(board.status).toBe(200);
    expect(board.text).toContain('示例县');
    expect(board.text).toContain('乙县');
    expect(board.text).not.toContain('丙县');
    // Its counts open no people list (the city sees no person); the county's own board links them.
    expect($(board.text)('a[href^="/reports/people"]')).toHaveLength(0);
    expect($((await c.countySup.get('/targets')).text)('a[href^="/reports/people"]').length).toBeGreaterThan(0);
    // Targets stay the county's: the city reads them, never sets them.
    expect((await c.citySup.post('/targets/settings', { year: '2026' })).status).toBe(403);
    const months = await c.provinceSup.get(`/reports/county-months?month=${MONTH}`);
    expect(months.status).toBe(200);
    expect(
      $(months.text)('tr[data-county]')
        .map((_i, tr) => $(months.text)(tr).attr('data-county'))
        .get(),
    ).toEqual(['990100', '990101', '990201']);
  });

  it('the city supervisor gets 403 on card, service, subsidy and import pages and on people lists; 404 on another city’s county', async () => {
    for (const path of ['/women', '/women/new', '/follow-ups', '/subsidies/applications', '/imports', `/reports/people?figure=births&region=9901&from=2026-03-01&to=2026-03-31`]) {
      expect((await c.citySup.get(path)).status, path).toBe(403);
    }
    expect((await c.citySup.get(`/reports/monthly?region=990201&month=${MONTH}`)).status).toBe(404);
    expect((await c.citySup.get(`/reports/monthly?region=9902&month=${MONTH}`)).status).toBe(404);
    expect((await c.citySup.get('/')).status).toBe(200);
  });

  it('the city admin manages her city’s regions and accounts only', async () => {
    const tree = $((await c.cityAdmin.get('/admin/regions')).text);
    expect(tree('.region-tree').text()).toContain('乙县');
    expect(tree('.region-tree').text()).not.toContain('丙县');
    const refused = await c.cityAdmin.post('/admin/regions', { code: '990202', name: '戊县' });
    expect(refused.status).toBe(422);
    expect($(refused.text)('#f-code').val()).toBe('990202');
    expect($(refused.text)('.field-error, .error').text()).toContain('区划代码应以本级代码 9901 开头');
    expect((await c.cityAdmin.post('/admin/regions', { code: '990102', name: '丁县' })).status).toBe(303);
    expect(must(await t.db('regions').where({ code: '990102' }).first(), 'county').parent_id).toBe(w.city.id);
    expect((await c.cityAdmin.post(`/admin/regions/${w.countyC.id}/rename`, { name: '改名', version: w.countyC.version })).status).toBe(404);

    const form = $((await c.cityAdmin.get('/admin/users/new')).text);
    const options = form('select[name=region_id] option')
      .map((_i, o) => form(o).text())
      .get();
    expect(options.some((o) => o.includes('示例市（市级）'))).toBe(true);
    expect(options.some((o) => o.includes('丙'))).toBe(false);
    const outside = await c.cityAdmin.post('/admin/users', { username: 'c_outside', display_name: '外市', role: 'supervisor', region_id: String(w.countyC.id), password: 'Matrix-Pass-123' });
    expect(outside.status).toBe(422);
    expect(await t.db('users').where({ username: 'c_outside' }).first()).toBeUndefined();
    const ok = await c.cityAdmin.post('/admin/users', { username: 'city_sup2', display_name: '市审核员二', role: 'supervisor', region_id: String(w.city.id), password: 'Matrix-Pass-123' });
    expect(ok.status).toBe(303);
    const list = $((await c.cityAdmin.get('/admin/users')).text).text();
    expect(list).toContain('city_sup2');
    expect(list).not.toContain(names.otherCitySup);
  });

  it('takes the county month up the chain: refused, submitted, returned with a reason, reopened, resubmitted, accepted', async () => {
    const submit = () => c.countySup.post('/reports/county-months/submit', { region: '990100', month: MONTH });
    const refused = await submit();
    expect(refused.status).toBe(422);
    expect($(refused.text)('.form-errors, [role=alert]').text()).toContain('以下乡镇本月月报尚未审核通过：城关镇、东山镇');
    expect(await t.db('county_periods').first()).toBeUndefined();

    await acceptTownshipMonths(t.db, [w.townshipA.id, w.townshipB.id]);
    expect((await submit()).status).toBe(303);
    const row = must(await t.db('county_periods').where({ county_id: w.countyA.id }).first(), 'county period');
    expect(row).toMatchObject({ status: 'submitted' });
    expect((row.snapshot as { total: { figures: { births: number } } }).total.figures.births).toBe(4);

    // Another city's supervisor: 404; the province does not take a month that has a city above it.
    expect((await c.otherCitySup.post('/reports/county-months/accept', { region: '990100', month: MONTH })).status).toBe(404);
    expect((await c.provinceSup.post('/reports/county-months/accept', { region: '990100', month: MONTH })).status).toBe(422);
    // While the month is with the city, the county cannot reopen a township's month.
    const unlock = await c.countySup.post('/reports/monthly/unlock', { region: '990100001', month: MONTH, reason: '补录', back: '990100' });
    expect(unlock.status).toBe(422);
    expect(unlock.text).toContain('需先由上级退回县级月报');

    const status = $((await c.citySup.get(`/reports/county-months?month=${MONTH}`)).text);
    const line = status('tr[data-county="990100"]');
    expect(line.find('[data-status]').text()).toBe('已提交');
    expect(line.text()).toContain('县审核员');
    expect(status('tr[data-county="990101"] [data-status]').text()).toBe('未提交');
    // Only this city's counties (the admin test may have added 丁县 under it).
    const codes = status('tr[data-county]')
      .map((_i, tr) => status(tr).attr('data-county'))
      .get();
    expect(codes.slice(0, 2)).toEqual(['990100', '990101']);
    expect(codes).not.toContain('990201');

    const noReason = await c.citySup.post('/reports/county-months/return', { region: '990100', month: MONTH, comment: '' });
    expect(noReason.status).toBe(422);
    expect((await c.citySup.post('/reports/county-months/return', { region: '990100', month: MONTH, comment: '出生数与卫健数据不符' })).status).toBe(303);
    const returned = must(await t.db('county_periods').where({ county_id: w.countyA.id }).first(), 'county period');
    expect(returned).toMatchObject({ status: 'returned', comment: '出生数与卫健数据不符' });
    const audit = must(await t.db('audit_log').where({ action: 'county_period.return' }).first(), 'audit');
    expect(audit.reason).toBe('出生数与卫健数据不符');
    expect($((await c.countySup.get(`/reports/county-months?month=${MONTH}`)).text)('tr[data-county="990100"]').text()).toContain('出生数与卫健数据不符');

    // Returned: the county reopens a township's month, fixes it, accepts it again and resubmits.
    expect((await c.countySup.post('/reports/monthly/unlock', { region: '990100001', month: MONTH, reason: '补录出生', back: '990100' })).status).toBe(303);
    expect((await submit()).status).toBe(422);
    await acceptTownshipMonths(t.db, [w.townshipA.id]);
    expect((await submit()).status).toBe(303);
    expect((await c.citySup.post('/reports/county-months/accept', { region: '990100', month: MONTH })).status).toBe(303);
    const accepted = must(await t.db('county_periods').where({ county_id: w.countyA.id }).first(), 'county period');
    expect(accepted.status).toBe('accepted');
    expect(accepted.accepted_at).not.toBeNull();
    expect((await t.db('audit_log').whereLike('action', 'county_period.%').orderBy('id')).map((a: { action: string }) => a.action)).toEqual([
      'county_period.submit',
      'county_period.return',
      'county_period.submit',
      'county_period.accept',
    ]);
    // Accepted: a second accept is refused in Chinese, and the townships stay locked.
    const again = await c.citySup.post('/reports/county-months/accept', { region: '990100', month: MONTH });
    expect(again.status).toBe(422);
    expect(again.text).toContain('该县本月月报已接收，不能接收');
  });

  it('a clerk’s 协查 form lists one county’s villages at a time, keeps the chosen county when sent back, and refuses an unknown one', async () => {
    const u = await makeUser(t.db, { role: 'clerk', regionId: w.townshipA.id });
    const clerk = new Client(app.app);
    await clerk.login(u.username, u.password);
    const villagesOf = (html: string) =>
      $(html)('#f-to_region option')
        .map((_i, o) => $(html)(o).attr('value'))
        .get()
        .filter(Boolean);
    const own = await clerk.get('/floating/queries/new');
    expect(own.status).toBe(200);
    // The deployment's counties (the city admin's test above added one), her own first and marked.
    const counties = $(own.text)('#f-county option')
      .map((_i, o) => $(own.text)(o).text())
      .get();
    expect([counties.slice(0, 2), counties.includes('丙县')]).toEqual([['示例县（本县）', '乙县'], true]);
    expect(villagesOf(own.text)).toEqual([w.villageB1.code]);
    const other = await clerk.get('/floating/queries/new?county=990101');
    expect(villagesOf(other.text)).toEqual([w.villageBB.code]);
    expect($(other.text)('label[for="f-to_region"]').text()).toContain('乙县');
    // Sent back (no content): the form lists 乙县's villages again, hers still chosen.
    const idNumber = must(await t.db('women').where({ region_id: w.villageA1.id }).first('id_number'), 'a woman of 示例县').id_number;
    const back = await clerk.post('/floating/queries', { id_number: idNumber, kind: 'pregnancy', to_region: w.villageBB.code, body: '' });
    expect(back.status).toBe(422);
    expect(villagesOf(back.text)).toEqual([w.villageBB.code]);
    expect($(back.text)('#f-to_region option[selected]').attr('value')).toBe(w.villageBB.code);
    const sent = await clerk.post('/floating/queries', { id_number: idNumber, kind: 'pregnancy', to_region: w.villageBB.code, body: '请核实现居地' });
    expect(sent.status).toBe(303);
    for (const [county, message] of [
      ['990199', '本系统中没有这个县（区）'],
      ['99010', '县（区）代码应为6位数字'],
    ]) {
      const res = await clerk.get(`/floating/queries/new?county=${county}`);
      expect([res.status, res.text.includes(message!)]).toEqual([400, true]);
    }
  });
});
