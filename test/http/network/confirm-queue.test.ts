/**
 * Issue 16 §1: the village 网底 end to end over HTTP. A village worker of A1 reports a pregnancy and a birth; the
 * township's clerk confirms them through the register's own services (the card shows them); the village sees
 * 已确认. A rule's refusal on confirm keeps the values (422); a return carries its reason back; the queue pages
 * 50 a report, oldest first; a village worker never sees another village's woman (404) nor the township's pages.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportEvent } from '../../../src/features/network/service.ts';
import { buildTestApp, type TestApp } from '../../helpers/app.ts';
import { TEST_TODAY } from '../../helpers/clock.ts';
import { useTestDatabase } from '../../helpers/db.ts';
import { makeUser, seedWorld, type World } from '../../helpers/fixtures.ts';
import { $, Client } from '../../helpers/http.ts';
import { actorFor, makeCard } from '../../helpers/women.ts';

describe('village reports and the township confirm queue', () => {
  const t = useTestDatabase();
  let app: TestApp;
  let w: World;
  let village: Client;
  let clerk: Client;
  let clerkB: Client;
  let villageActor: ReturnType<typeof actorFor>;
  let clerkActor: ReturnType<typeof actorFor>;

  beforeAll(async () => {
    w = await seedWorld(t.db);
    app = buildTestApp(t.db, t.url);
    const vu = await makeUser(t.db, { role: 'village', regionId: w.villageA1.id, displayName: '东街专干' });
    const cu = await makeUser(t.db, { role: 'clerk', regionId: w.townshipA.id });
    const bu = await makeUser(t.db, { role: 'clerk', regionId: w.townshipB.id });
    villageActor = actorFor(vu, w.villageA1);
    clerkActor = actorFor(cu, w.townshipA);
    village = new Client(app.app);
    await village.login(vu.username, vu.password);
    clerk = new Client(app.app);
    await clerk.login(cu.username, cu.password);
    clerkB = new Client(app.app);
    await clerkB.login(bu.username, bu.password);
  });
  afterAll(() => app.close());

  const card = (name: string, village = w.villageA1.code, overrides = {}) => makeCard(t.db, clerkActor, village, { name, marital_status: 'first_marriage', ...overrides });
  const statusOf = async (id: number) => (await t.db('reported_events').where({ id }).first())!;

  it('pregnancy and birth: reported by the village, confirmed by the township, on the card, 已确认 for the village', async () => {
    const woman = await card('赵春燕');
    const pick = await village.get('/village/reports/new?q=赵春');
    expect(pick.status).toBe(200);
    expect($(pick.text)(`select[name=woman_id] option[value="${woman.id}"]`).text()).toContain('赵春燕');

    const preg = await village.post('/village/reports', { kind: 'pregnancy', woman_id: String(woman.id), event_date: '2026.11.2', lmp_date: '2026-09-20', note: '入户发现' });
    expect(preg.status).toBe(303);
    const [pr] = await t.db('reported_events').where({ woman_id: woman.id, kind: 'pregnancy' });
    expect(pr).toMatchObject({ status: 'pending', event_date: '2026-11-02', lmp_date: '2026-09-20', region_id: w.villageA1.id });
    expect(
      await t
        .db('audit_log')
        .where({ action: 'reported_event.create', entity_id: String(woman.id) })
        .count({ n: '*' }),
    ).toEqual([{ n: 1 }]);

    // The queue lists it; the confirm page is pre-filled from the report.
    const queue = await clerk.get('/confirm-queue');
    expect(queue.text).toContain('赵春燕');
    const page = await clerk.get(`/confirm-queue/${pr.id}`);
    expect($(page.text)('input[name=found_on]').val()).toBe('2026-11-02');
    expect($(page.text)('input[name=lmp_date]').val()).toBe('2026-09-20');

    const ok = await clerk.post(`/confirm-queue/${pr.id}/confirm`, { version: '1', found_on: '2026-11-02', lmp_date: '2026-09-20', notes: '' });
    expect(ok.status).toBe(303);
    const after = await statusOf(pr.id);
    expect(after.status).toBe('confirmed');
    expect(after.result_entity).toBe('pregnancy');
    const pregnancy = await t.db('pregnancies').where({ woman_id: woman.id }).first();
    expect(pregnancy).toMatchObject({ id: after.result_id, found_on: '2026-11-02', outcome: 'ongoing' });

    // Birth of the same pregnancy.
    await village.post('/village/reports', { kind: 'birth', woman_id: String(woman.id), event_date: '2026-11-16', child_sex: 'female' });
    const br = (await t.db('reported_events').where({ woman_id: woman.id, kind: 'birth' }).first())!;
    expect((await clerk.post(`/confirm-queue/${br.id}/confirm`, { version: '1', birth_date: '2026-11-16', sex: 'female', name: '赵小花' })).status).toBe(303);
    const child = await t.db('children').where({ woman_id: woman.id }).first();
    expect(child).toMatchObject({ name: '赵小花', sex: 'female', birth_date: '2026-11-16' });
    expect((await statusOf(br.id)).result_id).toBe(child!.id);
    // Confirmed from the queue, they bring the village's 怀孕 and 产后 follow-ups as the card's forms do.
    const followUps = await t.db('follow_ups').where({ woman_id: woman.id }).orderBy('due_on').select('trigger', 'level', 'trigger_on', 'due_on');
    expect(followUps.map((f) => [f.trigger, f.level, f.trigger_on])).toEqual([
      ['pregnancy', 'village', '2026-11-02'],
      ['postpartum', 'village', '2026-11-16'],
    ]);

    const cardPage = await clerk.get(`/women/${woman.id}`);
    expect(cardPage.text).toContain('赵小花');
    expect(cardPage.text).toContain('2026-11-02');

    const list = await village.get('/village/reports');
    const rows = $(list.text)('table.data.stack tbody tr');
    expect(rows.length).toBe(2);
    expect(rows.text()).toContain('已确认');
    expect(rows.text()).not.toContain('待确认');
    const detail = await village.get(`/village/reports/${br.id}`);
    expect(detail.text).toContain('子女记录');
  });

  it('a rule refusal on confirm shows on the confirm page with the values kept (422), nothing written', async () => {
    const woman = await card('钱玉梅');
    const r = await reportEvent(t.db, villageActor, { kind: 'pregnancy', woman_id: woman.id, event_date: '2026-11-01' }, { today: TEST_TODAY });
    // The register's own rule: a found date after today.
    const res = await clerk.post(`/confirm-queue/${r.id}/confirm`, { version: '1', found_on: '2026-12-30', lmp_date: '2026-10-01' });
    expect(res.status).toBe(422);
    const doc = $(res.text);
    expect(doc('input[name=found_on]').val()).toBe('2026-12-30');
    expect(doc('input[name=lmp_date]').val()).toBe('2026-10-01');
    expect(doc('.field-error, .error-summary').text()).toMatch(/发现日期/);
    expect((await statusOf(r.id)).status).toBe('pending');
    expect(await t.db('pregnancies').where({ woman_id: woman.id })).toHaveLength(0);
  });

  it('a return carries its reason to the village', async () => {
    const woman = await card('孙丽娟');
    const r = await reportEvent(t.db, villageActor, { kind: 'death', woman_id: woman.id, event_date: '2026-11-10' }, { today: TEST_TODAY });
    const empty = await clerk.post(`/confirm-queue/${r.id}/return`, { version: '1', return_reason: '' });
    expect(empty.status).toBe(422);
    expect($(empty.text)('.field-error').text()).toContain('退回原因');
    const res = await clerk.post(`/confirm-queue/${r.id}/return`, { version: '1', return_reason: '经核实本人健在，请核对' });
    expect(res.status).toBe(303);
    expect(await statusOf(r.id)).toMatchObject({ status: 'returned', return_reason: '经核实本人健在，请核对' });
    expect((await t.db('women').where({ id: woman.id }).first())!.status).toBe('active');
    const list = await village.get('/village/reports?status=returned');
    expect(list.text).toContain('经核实本人健在，请核对');
    expect(list.text).toContain('已退回');
    // A second decision on the same report is refused (422), not a 500.
    expect((await clerk.post(`/confirm-queue/${r.id}/return`, { version: '1', return_reason: '重复' })).status).toBe(422);
  });

  it('death and departure exit the card through the exit service', async () => {
    const a = await card('周海燕');
    const b = await card('吴桂兰');
    const d = await reportEvent(t.db, villageActor, { kind: 'death', woman_id: a.id, event_date: '2026-11-05' }, { today: TEST_TODAY });
    const m = await reportEvent(t.db, villageActor, { kind: 'departure', woman_id: b.id, event_date: '2026-11-06', destination: '广东省深圳市' }, { today: TEST_TODAY });
    expect((await clerk.post(`/confirm-queue/${d.id}/confirm`, { version: '1', exit_date: '2026-11-05' })).status).toBe(303);
    expect((await clerk.post(`/confirm-queue/${m.id}/confirm`, { version: '1', exit_date: '2026-11-06', exit_note: '迁往 广东省深圳市' })).status).toBe(303);
    expect(await t.db('women').where({ id: a.id }).first('status', 'exit_reason', 'exit_date')).toEqual({ status: 'exited', exit_reason: 'deceased', exit_date: '2026-11-05' });
    expect(await t.db('women').where({ id: b.id }).first('status', 'exit_reason')).toEqual({ status: 'exited', exit_reason: 'moved_out' });
  });

  it('scope: a village worker cannot pick or see another village’s woman (404 / refused), nor open township pages (403)', async () => {
    const other = await card('郑春燕', w.villageA2.code);
    const res = await village.post('/village/reports', { kind: 'pregnancy', woman_id: String(other.id), event_date: '2026-11-01' });
    expect(res.status).toBe(422);
    expect(await t.db('reported_events').where({ woman_id: other.id })).toHaveLength(0);
    expect($((await village.get('/village/reports/new?q=郑春燕')).text)('select[name=woman_id]').text()).not.toContain('郑春燕');
    const theirs = await reportEvent(
      t.db,
      { ...villageActor, regionId: w.villageA2.id, regionCode: w.villageA2.code, scope: { level: 'village', regionId: w.villageA2.id, code: w.villageA2.code } },
      { kind: 'pregnancy', woman_id: other.id, event_date: '2026-11-01' },
      { today: TEST_TODAY },
    );
    expect((await village.get(`/village/reports/${theirs.id}`)).status).toBe(404);
    expect((await village.get(`/women/${other.id}`)).status).toBe(403);
    expect((await village.get('/confirm-queue')).status).toBe(403);
    expect((await village.get('/reports/monthly')).status).toBe(403);
    // Township B's clerk does not see A's reports.
    expect((await clerkB.get(`/confirm-queue/${theirs.id}`)).status).toBe(404);
    expect((await clerkB.get('/confirm-queue')).text).not.toContain('郑春燕');
  });

  it('the queue pages 50 a page, oldest first: page 2 and the last page', async () => {
    await t.db('reported_events').where({ status: 'pending' }).delete();
    const woman = await card('冯秀英');
    for (let i = 0; i < 53; i++) {
      await t.db('reported_events').insert({
        kind: 'marriage',
        region_id: w.villageA1.id,
        woman_id: woman.id,
        event_date: '2026-11-01',
        reported_by: villageActor.userId,
        reported_at: new Date(Date.UTC(2026, 9, 1, 0, i)),
        note: `第${i + 1}件`,
      });
    }
    const first = $((await clerk.get('/confirm-queue')).text);
    expect(first('table.data.stack tbody tr')).toHaveLength(50);
    expect(first('.result-count').text()).toContain('53');
    const two = $((await clerk.get('/confirm-queue?page=2')).text);
    expect(two('table.data.stack tbody tr')).toHaveLength(3);
    const past = $((await clerk.get('/confirm-queue?page=9')).text);
    expect(past('table.data.stack tbody tr')).toHaveLength(3);
    const ids = (await t.db('reported_events').where({ status: 'pending' }).orderBy('reported_at').select('id')).map((r) => r.id);
    expect(two('tbody tr a').first().attr('href')).toBe(`/confirm-queue/${ids[50]}`);
    expect(first('tbody tr a').first().attr('href')).toBe(`/confirm-queue/${ids[0]}`);
  });
});
