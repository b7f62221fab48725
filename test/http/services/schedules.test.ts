/**
 * /admin/follow-up-schedules over HTTP: the admin reads the entries by level with their trigger and offset, adds,
 * changes and deactivates them with a reason (audited; a bad form is a 422 in Chinese with the values kept; a
 * clerk gets 403); the device lifetimes edited there set the due date of a new IUD, an old one keeps its date.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../../src/auth/actor.ts';
import { recordService } from '../../../src/features/services/service.ts';
import { buildTestApp, type TestApp } from '../../helpers/app.ts';
import { useTestDatabase } from '../../helpers/db.ts';
import { makeUser, seedWorld, type World } from '../../helpers/fixtures.ts';
import { $, Client } from '../../helpers/http.ts';
import { must } from '../../helpers/must.ts';
import { makeCard, TODAY, townshipClerks } from '../../helpers/women.ts';

describe('follow-up schedules and device lifetimes', () => {
  const t = useTestDatabase();
  let app: TestApp;
  let w: World;
  let admin: Client;
  let clerk: Client;
  let clerkA: Actor;

  beforeAll(async () => {
    w = await seedWorld(t.db);
    app = buildTestApp(t.db, t.url);
    const a = await makeUser(t.db, { role: 'admin', regionId: w.county.id });
    admin = new Client(app.app);
    await admin.login(a.username, a.password);
    const c = await makeUser(t.db, { role: 'clerk', regionId: w.townshipA.id });
    clerk = new Client(app.app);
    await clerk.login(c.username, c.password);
    ({ clerkA } = await townshipClerks(t.db, w));
  });
  afterAll(() => app.close());

  const cells = (page: ReturnType<typeof $>, section: string) =>
    page(`${section} tbody tr`)
      .map((_i, tr) => [
        page(tr)
          .find('td')
          .slice(0, 3)
          .map((_j, td) => page(td).text().trim())
          .get()
          .join(' | '),
      ])
      .get();

  it('lists the entries by level: village 新婚/怀孕/产后/药具, township operations, county complications', async () => {
    const res = await admin.get('/admin/follow-up-schedules');
    expect(res.status).toBe(200);
    const page = $(res.text);
    expect(page('h1').text()).toBe('随访规则');
    const village = cells(page, '#level-village');
    expect(village).toEqual(expect.arrayContaining(['新婚 | — | 1个月后', '怀孕 | — | 30天后', '产后 | — | 42天后', '药具 | — | 每季度，季末']));
    expect(cells(page, '#level-township')).toContain('手术 | 放置宫内节育器(上环) | 3个月后');
    expect(cells(page, '#level-county').length).toBeGreaterThan(0);
    expect(page('#f-iud').val()).toBe('8');
  });

  it('a bad entry is a 422 in Chinese with the values kept; nothing is written', async () => {
    const before = await t.db('follow_up_schedules').count({ n: '*' });
    const res = await admin.post('/admin/follow-up-schedules', { trigger: 'service', service_kind: '', months_after: '2', days_after: '-1', level: 'village', reason: '' });
    expect(res.status).toBe(422);
    const page = $(res.text);
    expect(page('#f-days_after-err').text()).toContain('间隔天数不能小于 0');
    expect(page('#f-reason-err').text()).toContain('变更原因');
    expect(page('#f-months_after').val()).toBe('2');
    const missingKind = await admin.post('/admin/follow-up-schedules', { trigger: 'service', service_kind: '', months_after: '2', days_after: '0', level: 'village', reason: '补充' });
    expect(missingKind.status).toBe(422);
    expect($(missingKind.text)('#f-service_kind-err').text()).toBe('触发为“手术”时请选择服务项目');
    const duplicate = await admin.post('/admin/follow-up-schedules', { trigger: 'postpartum', months_after: '0', days_after: '42', level: 'village', reason: '重复' });
    expect(duplicate.status).toBe(422);
    expect(duplicate.text).toContain('已有相同触发事件、服务项目、间隔和级别的随访规则');
    expect(await t.db('follow_up_schedules').count({ n: '*' })).toEqual(before);
  });

  it('adds an entry and changes / deactivates it, each with its reason in the audit row', async () => {
    const add = await admin.post('/admin/follow-up-schedules', { trigger: 'postpartum', months_after: '6', days_after: '0', level: 'township', reason: '产后半年回访' });
    expect(add.status).toBe(303);
    const row = must(await t.db('follow_up_schedules').where({ trigger: 'postpartum', months_after: 6, level: 'township' }).first(), 'new entry');
    expect(row).toMatchObject({ service_kind: null, days_after: 0, active: true });
    expect(
      await t
        .db('audit_log')
        .where({ action: 'follow_up_schedule.create', entity_id: String(row.id) })
        .first(),
    ).toMatchObject({ reason: '产后半年回访' });

    const edit = $((await admin.get(`/admin/follow-up-schedules/${row.id}/edit`)).text);
    expect(edit('#f-months_after').val()).toBe('6');
    expect((await admin.post(`/admin/follow-up-schedules/${row.id}`, { months_after: '5', days_after: '0', level: 'township', active: '1', reason: '改为5个月' })).status).toBe(303);
    expect(await t.db('follow_up_schedules').where({ id: row.id }).first()).toMatchObject({ months_after: 5, active: true });
    expect((await admin.post(`/admin/follow-up-schedules/${row.id}`, { months_after: '5', days_after: '0', level: 'township', reason: '不再需要' })).status).toBe(303);
    expect(await t.db('follow_up_schedules').where({ id: row.id }).first()).toMatchObject({ active: false });
    const audit = await t
      .db('audit_log')
      .where({ entity: 'follow_up_schedule', entity_id: String(row.id) })
      .orderBy('id');
    expect(audit.map((a) => [a.action, a.reason])).toEqual([
      ['follow_up_schedule.create', '产后半年回访'],
      ['follow_up_schedule.update', '改为5个月'],
      ['follow_up_schedule.deactivate', '不再需要'],
    ]);
    const noReason = await admin.post(`/admin/follow-up-schedules/${row.id}`, { months_after: '5', days_after: '0', level: 'township', active: '1', reason: '' });
    expect(noReason.status).toBe(422);
    expect($(noReason.text)('#f-months_after').val()).toBe('5');
  });

  it('a clerk gets 403 on the page and on every form', async () => {
    expect((await clerk.get('/admin/follow-up-schedules')).status).toBe(403);
    expect((await clerk.post('/admin/follow-up-schedules', { trigger: 'marriage', months_after: '1', days_after: '0', level: 'village', reason: 'x' })).status).toBe(403);
    expect((await clerk.post('/admin/device-lifetimes', { iud: '10', implant: '5', lifetime_reason: 'x' })).status).toBe(403);
  });

  it('the IUD lifetime set here dates a new IUD; an IUD put in before keeps its date', async () => {
    const old = await makeCard(t.db, clerkA, w.villageA1.code);
    await recordService(t.db, clerkA, old.id, { kind: 'iud_insertion', performed_on: '2026-01-10', facility: '城关镇计生服务站' }, { today: TODAY });
    const bad = await admin.post('/admin/device-lifetimes', { iud: '0', implant: '5', lifetime_reason: '' });
    expect(bad.status).toBe(422);
    expect($(bad.text)('#f-iud-err').text()).toContain('不能小于 1');
    expect($(bad.text)('#f-iud').val()).toBe('0');
    expect((await admin.post('/admin/device-lifetimes', { iud: '10', implant: '5', lifetime_reason: '按新型节育器说明书' })).status).toBe(303);
    expect(await t.db('audit_log').where({ action: 'device_lifetime.update' }).first()).toMatchObject({ reason: '按新型节育器说明书' });
    const woman = await makeCard(t.db, clerkA, w.villageA1.code);
    await recordService(t.db, clerkA, woman.id, { kind: 'iud_insertion', performed_on: '2026-03-02', facility: '城关镇计生服务站' }, { today: TODAY });
    expect(await t.db('contraception_episodes').where({ woman_id: woman.id, method: 'iud' }).first()).toMatchObject({ due_on: '2036-03-02' });
    expect(await t.db('contraception_episodes').where({ woman_id: old.id, method: 'iud' }).first()).toMatchObject({ due_on: '2034-01-10' });
  });
});
