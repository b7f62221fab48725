/**
 * Status histories over HTTP: the new-card form offers 建卡/迁入日期 (today by default), the edit form asks the date
 * of a status change (422 with the values kept when it is missing), the card shows 状态变更记录 with 未注明日期 and a
 * form to date it, and the data-quality roster lists undated events within the scope.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../helpers/app.ts';
import { useTestDatabase } from '../../helpers/db.ts';
import { makeUser, seedWorld, type World } from '../../helpers/fixtures.ts';
import { formFields } from '../../helpers/forms.ts';
import { $, Client } from '../../helpers/http.ts';
import { cardFields } from '../../helpers/women.ts';

describe('状态变更记录', () => {
  const t = useTestDatabase();
  let app: TestApp;
  let w: World;
  let clerkA: Client;
  let clerkB: Client;

  beforeAll(async () => {
    w = await seedWorld(t.db);
    app = buildTestApp(t.db, t.url);
    app.clock.set(new Date('2026-03-15T09:00:00+08:00'));
    const a = await makeUser(t.db, { role: 'clerk', regionId: w.townshipA.id });
    const b = await makeUser(t.db, { role: 'clerk', regionId: w.townshipB.id });
    clerkA = new Client(app.app);
    await clerkA.login(a.username, a.password);
    clerkB = new Client(app.app);
    await clerkB.login(b.username, b.password);
  });
  afterAll(() => app.close());

  async function register(fields: Record<string, string>): Promise<number> {
    const res = await clerkA.post('/women', fields);
    expect(res.status, res.text).toBe(303);
    return Number(/\/women\/(\d+)/.exec(res.headers.location)![1]);
  }

  it('the new-card form proposes today as 建卡/迁入日期, and a date after today comes back at its field', async () => {
    const form = $((await clerkA.get('/women/new')).text);
    expect(form('input[name="registered_on"]').val()).toBe('2026-03-15');
    const res = await clerkA.post('/women', { ...cardFields(w.villageA1.code, { name: '将来建卡' }), registered_on: '2026-03-16' });
    expect(res.status).toBe(422);
    const page = $(res.text);
    expect(page('#f-registered_on-err').text()).toBe('建卡/迁入日期 2026-03-16 晚于今天');
    expect(page('input[name="name"]').val()).toBe('将来建卡');
    expect(await t.db('women').where({ name: '将来建卡' }).first()).toBeUndefined();
  });

  it('an edit to 离婚 without its date is a 422 that keeps what was typed; with it the card lists the divorce', async () => {
    const id = await register(cardFields(w.villageA1.code, { name: '钱芳' }));
    const fields = formFields((await clerkA.get(`/women/${id}/edit`)).text);
    const missing = await clerkA.post(`/women/${id}`, { ...fields, marital_status: 'divorced', address: '新地址 8 号' });
    expect(missing.status).toBe(422);
    expect($(missing.text)('#f-marital_changed_on-err').text()).toBe('婚姻状况有变化，请填写婚姻状况变更日期');
    expect($(missing.text)('input[name="address"]').val()).toBe('新地址 8 号');
    expect((await t.db('women').where({ id }).first())!.marital_status).toBe('first_marriage');

    const ok = await clerkA.post(`/women/${id}`, { ...fields, marital_status: 'divorced', marital_changed_on: '2025-06-01' });
    expect(ok.status, ok.text).toBe(303);
    const card = $((await clerkA.get(`/women/${id}`)).text);
    const rows = card('#histories table')
      .first()
      .find('tbody tr')
      .map((_i, tr) => card(tr).find('td').first().text().trim() + ' ' + card(tr).find('td').eq(1).text().trim())
      .get();
    expect(rows).toEqual(['初婚 2013-10-01', '离婚 2025-06-01']);
    expect(card('#audit').text()).toContain('离婚 2025-06-01');
  });

  it('an undated divorce shows 未注明日期 with a form; its date is set there, and a bad one comes back with the message', async () => {
    const id = await register({ ...cardFields(w.villageA2.code, { name: '吴静', marital_status: 'divorced' }) });
    const event = await t.db('marital_events').where({ woman_id: id, kind: 'divorce' }).first();
    expect(event).toMatchObject({ undated: true, effective_on: '2026-03-15' });
    const card = $((await clerkA.get(`/women/${id}`)).text);
    expect(card('#histories').text()).toContain('未注明日期');
    const action = `/women/${id}/histories/marital/${event!.id}/date`;
    expect(card(`#histories form[action="${action}"] input[name="_csrf"]`).length).toBe(1);

    const roster = $((await clerkA.get('/rosters/exceptions/undated')).text);
    expect(roster('table tbody tr').text()).toContain('吴静');
    expect($((await clerkB.get('/rosters/exceptions/undated')).text)('body').text()).not.toContain('吴静');
    expect((await clerkB.post(action, { effective_on: '2020-01-01' })).status).toBe(404);

    const bad = await clerkA.post(action, { effective_on: '2012-01-01' });
    expect(bad.status).toBe(422);
    expect($(bad.text)('#f-effective_on-err').text()).toBe('变更日期 2012-01-01 早于上一次变动的日期 2013-10-01，请按时间顺序登记');
    expect($(bad.text)('input[name="effective_on"]').val()).toBe('2012-01-01');

    const ok = await clerkA.post(action, { effective_on: '2020-01-01' });
    expect(ok.status, ok.text).toBe(303);
    expect(await t.db('marital_events').where({ id: event!.id }).first()).toMatchObject({ undated: false, effective_on: '2020-01-01' });
    expect($((await clerkA.get('/rosters/exceptions/undated')).text)('body').text()).not.toContain('吴静');
  });

  it('the women import template keeps its headers, then the optional 建卡日期 and the couple’s only-child facts', async () => {
    const csv = await clerkA.get('/imports/templates/women.csv');
    expect(csv.status).toBe(200);
    expect(csv.text).toBe('\ufeff身份证号,姓名,村代码,民族,户口性质,婚姻状况,结婚日期,配偶姓名,配偶身份证号,联系电话,住址,流动状态,建卡日期,本人是否独生子女,配偶是否独生子女\r\n');
  });
});
