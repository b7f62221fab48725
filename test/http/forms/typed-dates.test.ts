/**
 * Issue 14: dates typed the way clerks copy them from paper. Over HTTP, on the suite's fixed day: the card form
 * and the birth form take 2013.10.1, 2021年5月1日, 20210501 … and store the ISO date; a date that is not on the
 * calendar (2013.2.30) is refused at its field with the Chinese message, everything typed kept (the date as
 * typed), no row written; date inputs are text inputs that take any spelling; a list filter typed 2026.11.1
 * works and shows the ISO date back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../helpers/app.ts';
import { useTestDatabase } from '../../helpers/db.ts';
import { makeUser, seedWorld, type World } from '../../helpers/fixtures.ts';
import { $, Client } from '../../helpers/http.ts';
import { must } from '../../helpers/must.ts';
import { cardFields, womanId } from '../../helpers/women.ts';

describe('dates typed the way they are written on paper', () => {
  const t = useTestDatabase();
  let app: TestApp;
  let w: World;
  let clerk: Client;
  let supervisor: Client;

  beforeAll(async () => {
    w = await seedWorld(t.db);
    app = buildTestApp(t.db, t.url);
    const a = await makeUser(t.db, { role: 'clerk', regionId: w.townshipA.id });
    clerk = new Client(app.app);
    await clerk.login(a.username, a.password);
    const s = await makeUser(t.db, { role: 'supervisor', regionId: w.county.id });
    supervisor = new Client(app.app);
    await supervisor.login(s.username, s.password);
  });
  afterAll(() => app.close());

  const cardOf = (idNumber: string) => t.db('women').where({ id_number: idNumber }).first();

  it('the card form stores 2013.10.1 and 2021年5月1日 as ISO dates, and the card shows them as ISO', async () => {
    const id = womanId('1990-05-12');
    const res = await clerk.post('/women', cardFields(w.villageA1.code, { id_number: id, name: '纸质甲', marriage_date: '2013.10.1', registered_on: '2021年5月1日' }));
    expect(res.status, res.text).toBe(303);
    const row = must(await cardOf(id), 'the new card');
    expect(row).toMatchObject({ marriage_date: '2013-10-01', registered_on: '2021-05-01' });
    const card = (await clerk.get(res.headers.location)).text;
    expect(card).toContain('2013-10-01');
    expect(card).not.toContain('2013.10.1');
  });

  it('full-width and compact spellings read the same: ２０１３．１０．１ and 20210501', async () => {
    const id = womanId('1991-06-13');
    const res = await clerk.post('/women', cardFields(w.villageA1.code, { id_number: id, name: '纸质乙', marriage_date: '２０１３．１０．１', registered_on: '20210501' }));
    expect(res.status, res.text).toBe(303);
    expect(await cardOf(id)).toMatchObject({ marriage_date: '2013-10-01', registered_on: '2021-05-01' });
  });

  it('2013.2.30 is refused at its field with the Chinese message, the values kept as typed, no card written', async () => {
    const id = womanId('1992-07-14');
    const res = await clerk.post('/women', cardFields(w.villageA1.code, { id_number: id, name: '纸质丙', marriage_date: '2013.2.30', registered_on: '2021.5.1' }));
    expect(res.status).toBe(422);
    const page = $(res.text);
    expect(page('#f-marriage_date-err').text()).toBe('结婚日期不是有效日期（格式如 2026-03-15、2026.3.15、20260315）');
    expect(page('#f-marriage_date').val()).toBe('2013.2.30');
    expect(page('#f-registered_on').val()).toBe('2021.5.1');
    expect(page('#f-name').val()).toBe('纸质丙');
    expect(page('#f-registered_on-err').length).toBe(0);
    expect(await cardOf(id)).toBeUndefined();
  });

  it('the birth form stores 2021.5.1 and 2021年5月1日 as 2021-05-01; 2021.2.30 is refused, values kept', async () => {
    const mother = await clerk.post('/women', cardFields(w.villageA1.code, { name: '纸质丁', marriage_date: '2013-10-01' }));
    expect(mother.status, mother.text).toBe(303);
    const motherId = Number(/\/women\/(\d+)/.exec(mother.headers.location)![1]);
    const children = () => t.db('children').where({ woman_id: motherId }).orderBy('birth_order').select('name', 'birth_date');

    const bad = await clerk.post(`/women/${motherId}/children`, { sex: 'female', birth_date: '2021.2.30', name: '纸二月', vital_status: 'living' });
    expect(bad.status).toBe(422);
    const page = $(bad.text);
    expect(page('#f-birth_date-err').text()).toBe('出生日期不是有效日期（格式如 2026-03-15、2026.3.15、20260315）');
    expect(page('#f-birth_date').val()).toBe('2021.2.30');
    expect(page('#f-name').val()).toBe('纸二月');
    expect(await children()).toEqual([]);

    expect((await clerk.post(`/women/${motherId}/children`, { sex: 'female', birth_date: '2021.5.1', name: '纸一', vital_status: 'living' })).status).toBe(303);
    expect((await clerk.post(`/women/${motherId}/children`, { sex: 'male', birth_date: '2021年5月1日', name: '纸二', vital_status: 'living' })).status).toBe(303);
    expect(await children()).toEqual([
      { name: '纸一', birth_date: '2021-05-01' },
      { name: '纸二', birth_date: '2021-05-01' },
    ]);
  });

  it('date inputs are text inputs (a browser date input refuses 2021.5.1 typed), with the ISO placeholder and no pattern', async () => {
    const page = $((await clerk.get('/women/new')).text);
    for (const name of ['marriage_date', 'registered_on']) {
      const input = page(`#f-${name}`);
      expect(input.attr('type'), name).toBe('text');
      expect(input.attr('data-date'), name).toBe('');
      expect(input.attr('placeholder'), name).toBe('2026-03-15');
      expect(input.attr('autocomplete'), name).toBe('off');
      expect(input.attr('pattern'), name).toBeUndefined();
    }
    expect(page('input[type="date"]').length).toBe(0);
  });

  it('a list filter typed 2026.11.1 / 20261118 filters and is shown back as the ISO date; 2026.2.30 is a plain 400', async () => {
    const res = await supervisor.get('/audit?from=2026.11.1&to=20261118');
    expect(res.status).toBe(200);
    const page = $(res.text);
    expect(page('#from').val()).toBe('2026-11-01');
    expect(page('#to').val()).toBe('2026-11-18');
    expect(page('#from').attr('type')).toBe('text');
    const bad = await supervisor.get('/audit?from=2026.2.30');
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('开始日期不是有效日期');
  });
});
