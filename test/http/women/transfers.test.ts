/**
 * The village picker of the transfer pages (issue 14): the county's villages grouped by township (optgroup), the
 * own township first, with a type-to-find box (a datalist; shown by app.js) that is never posted; the POSTed field
 * is still `village` (a code) and the move still goes through. One township's villages (the move-in forms) stay a flat list.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRegion } from '../../../src/features/regions/service.ts';
import { buildTestApp, type TestApp } from '../../helpers/app.ts';
import { useTestDatabase } from '../../helpers/db.ts';
import { makeUser, seedWorld, type World } from '../../helpers/fixtures.ts';
import { $, Client } from '../../helpers/http.ts';
import { actorFor, cardFields, makeCard } from '../../helpers/women.ts';

describe('迁移页面的村(社区)选择', () => {
  const t = useTestDatabase();
  let app: TestApp;
  let w: World;
  let clerkA: Client;
  let clerkB: Client;

  beforeAll(async () => {
    w = await seedWorld(t.db);
    await createRegion(t.db, null, { code: '990100002002', name: '下河村' });
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

  /** The groups of a select: optgroup label → [option value, option text]. */
  function groupsOf(html: string, selector: string) {
    const page = $(html);
    return page(`${selector} optgroup`)
      .map((_i, g) => ({
        label: page(g).attr('label'),
        options: page(g)
          .find('option')
          .map((_j, o) => `${page(o).attr('value')} ${page(o).text()}`)
          .get(),
      }))
      .get();
  }

  function optionsOf(html: string, selector: string) {
    const page = $(html);
    return page(`${selector} option`)
      .map((_i, o) => `${page(o).attr('value')} ${page(o).text()}`)
      .get();
  }

  it('the transfer form groups the villages by township, own township first, with a find box that is not posted', async () => {
    const card = await makeCard(t.db, actorFor(await makeUser(t.db, { role: 'clerk', regionId: w.townshipA.id }), w.townshipA), w.villageA1.code, { name: '赵丽' });
    const res = await clerkA.get(`/women/${card.id}/transfer`);
    expect(res.status, res.text).toBe(200);
    expect(groupsOf(res.text, 'select#f-village')).toEqual([
      { label: '城关镇', options: ['990100001002 西街村（本乡镇）'] },
      { label: '东山镇', options: ['990100002001 上河村', '990100002002 下河村'] },
    ]);
    const page = $(res.text);
    expect(
      page('select#f-village > option')
        .map((_i, o) => page(o).attr('value'))
        .get(),
    ).toEqual(['']);
    const find = page('#f-village-find');
    expect(page('label[for="f-village-find"]').text()).toBe('查找村（输入村名或乡镇名）');
    expect(find.attr('name')).toBeUndefined();
    expect(find.attr('list')).toBe('f-village-list');
    expect(find.attr('data-select-find')).toBe('f-village');
    expect(
      page('#f-village-list option')
        .map((_i, o) => `${page(o).attr('value')}=${page(o).attr('data-value')}`)
        .get(),
    ).toEqual(['城关镇 · 西街村（本乡镇）=990100001002', '东山镇 · 上河村=990100002001', '东山镇 · 下河村=990100002002']);
    // Without JavaScript the find box stays hidden: the select alone is the form.
    expect(find.closest('.field').attr('hidden')).toBeDefined();

    const moved = await clerkA.post(`/women/${card.id}/transfer`, { village: w.villageA2.code, moved_on: '2026-03-10', reason: '村间搬迁' });
    expect(moved.status, moved.text).toBe(303);
    expect((await t.db('women').where({ id: card.id }).first())?.region_id).toBe(w.villageA2.id);
  });

  it('a refused transfer re-renders the grouped select with the chosen village still selected', async () => {
    const card = await makeCard(t.db, actorFor(await makeUser(t.db, { role: 'clerk', regionId: w.townshipA.id }), w.townshipA), w.villageA1.code, { name: '钱芳' });
    const res = await clerkA.post(`/women/${card.id}/transfer`, { village: '990100002002', moved_on: '' });
    expect(res.status).toBe(422);
    const page = $(res.text);
    expect(page('select#f-village optgroup[label="东山镇"] option[selected]').attr('value')).toBe('990100002002');
    expect(page('#f-moved_on-err').text()).not.toBe('');
  });

  it('the move-in request and the duplicate card’s move-in form list one township’s villages flat, by name', async () => {
    const request = await clerkB.get('/transfers/request');
    // One township's villages: a flat list (no optgroup), the find box still there.
    expect(groupsOf(request.text, 'select#f-village')).toEqual([]);
    expect(optionsOf(request.text, 'select#f-village')).toEqual([' 请选择', '990100002001 上河村', '990100002002 下河村']);
    expect($(request.text)('#f-village-list option').length).toBe(2);

    const form = cardFields(w.villageA1.code, { name: '孙燕' });
    expect((await clerkA.post('/women', form)).status).toBe(303);
    const again = await clerkB.post('/women', { ...form, village: w.villageB1.code });
    expect(again.status).toBe(422);
    expect(optionsOf(again.text, 'select#dup-village')).toEqual(['990100002001 上河村', '990100002002 下河村']);
    expect($(again.text)('form[action="/transfers/request"] select[name="village"]').attr('id')).toBe('dup-village');
  });
});
