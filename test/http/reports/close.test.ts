import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ReportJson } from '../../../src/features/reports/service.ts';
import { buildTestApp, type TestApp } from '../../helpers/app.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.ts';
import { makeUser, seedWorld, type World } from '../../helpers/fixtures.ts';
import { $, Client } from '../../helpers/http.ts';
import * as f from '../../helpers/report-fixtures.ts';
import { must } from '../../helpers/must.ts';

/**
 * One month's story (submit, return, accept, a late entry, unlock), told so that each test stands alone: every
 * test gets its own database and app, and first replays the steps of the story before it (the helpers below).
 */
describe('month close: submit, return, accept (lock), late entries, unlock', () => {
  let t: TestDatabase;
  let app: TestApp;
  let w: World;
  let supA: Client, supB: Client, clerkA: Client, county: Client;
  let mother: number;

  const period = () => t.db('report_periods').where({ township_id: w.townshipA.id, month: '2026-03-01' }).first();
  const storedPeriod = async () => must(await period(), 'the March period');
  /** The figures stored at submission: the report as JSON (what month close writes). */
  const snapshotOf = (p: { snapshot: unknown }) => must(p.snapshot, 'the snapshot') as ReportJson;
  const submit = (c: Client, region = '990100001', month = '2026-03') => c.post('/reports/monthly/submit', { region, month, back: region });

  beforeEach(async () => {
    t = await createTestDatabase();
    w = await seedWorld(t.db);
    app = buildTestApp(t.db, t.url);
    app.clock.set(new Date('2026-04-10T03:00:00Z'));
    const login = async (role: 'clerk' | 'supervisor', regionId: number) => {
      const u = await makeUser(t.db, { role, regionId });
      const c = new Client(app.app);
      await c.login(u.username, u.password);
      return c;
    };
    supA = await login('supervisor', w.townshipA.id);
    supB = await login('supervisor', w.townshipB.id);
    clerkA = await login('clerk', w.townshipA.id);
    county = await login('supervisor', w.county.id);
    mother = await f.addWoman(t.db, { village: w.villageA1.id, birth_date: '1995-01-01', marriage_date: '2019-01-01', name: '赵敏' });
    await f.addChild(t.db, { woman: mother, village: w.villageA1.id, birth_date: '2026-03-05', sex: 'female', order: 1 });
    await t.db('data_findings').insert({ woman_id: mother, region_id: w.villageA1.id, rule: 'id_check', level: 'E', message: '身份证号校验位错误', detected_on: '2026-04-01' });
  });
  afterEach(async () => {
    await app.close();
    await t.destroy();
  });

  // The story so far, step by step: each test starts from the state the one before it left.
  /**
   * The E-level problem corrected, 东街村's population entered (西街村's still missing), and the validation warning
   * about 赵敏's birth without a pregnancy record acknowledged by the township supervisor.
   */
  const blockersPartlyCleared = async () => {
    await t.db('data_findings').del();
    await f.addPopulation(t.db, w.villageA1.id, '2026-03', 1000, 1);
    const ack = { rule: 'births_without_pregnancy', village: '990100001001', month: '2026-03', region: '990100001', comment: '孕情在外地登记' };
    expect((await supA.post('/reports/validation/acknowledge', ack)).status).toBe(303);
  };
  /** Nothing blocks any more and 城关镇 has submitted March (on 10 April, late). */
  const submitted = async () => {
    await blockersPartlyCleared();
    await f.addPopulation(t.db, w.villageA2.id, '2026-03', 500, 0);
    expect((await submit(supA)).status).toBe(303);
  };
  /** The county returned it with a comment and the township submitted again ten minutes later. */
  const returnedAndResubmitted = async () => {
    await submitted();
    expect((await county.post('/reports/monthly/return', { region: '990100001', month: '2026-03', back: '990100', comment: '西街村死亡人数需核实' })).status).toBe(303);
    app.clock.set(new Date('2026-04-10T03:10:00Z'));
    expect((await submit(supA)).status).toBe(303);
  };
  /** The county accepted (locked) March, then a birth of 25 March was recorded on 15 April. */
  const acceptedWithLateBirth = async () => {
    await returnedAndResubmitted();
    expect((await county.post('/reports/monthly/accept', { region: '990100001', month: '2026-03', back: '990100' })).status).toBe(303);
    await f.addChild(t.db, { woman: mother, village: w.villageA1.id, birth_date: '2026-03-25', sex: 'male', order: 2, created_on: '2026-04-15' });
  };

  it('only a township supervisor may submit, only their own township, only a month that is over', async () => {
    expect((await submit(clerkA)).status).toBe(403);
    expect((await submit(county)).status).toBe(403);
    expect((await submit(supB)).status).toBe(404);
    const april = await submit(supB, '990100002', '2026-04');
    expect(april.status).toBe(422);
    expect($(april.text)('.error-summary').text()).toContain('2026年4月尚未结束');
  });

  it('refuses while E-level problems exist or population figures are missing, listing what is missing', async () => {
    const res = await submit(supA);
    expect(res.status).toBe(422);
    const summary = $(res.text)('.error-summary').text();
    expect(summary).toContain('城关镇有 1 条数据错误（E级）未处理：东街村 1 条');
    expect(summary).toContain('以下村(社区)缺少2026年3月人口数据：东街村、西街村');
    expect(await period()).toBeUndefined();
    // The home page tells the township supervisor the same.
    const home = $((await supA.get('/')).text);
    expect(home('#p-month-status').parent().text()).toContain('缺少2026年3月人口数据');

    await t.db('data_findings').del();
    await f.addPopulation(t.db, w.villageA1.id, '2026-03', 1000, 1);
    const again = await submit(supA);
    expect(again.status).toBe(422);
    expect($(again.text)('.error-summary').text()).toContain('缺少2026年3月人口数据：西街村');
    expect($(again.text)('.error-summary').text()).not.toContain('E级');
  });

  it('submits with a snapshot of every figure, audited; the county sees it late, the other township missing', async () => {
    await blockersPartlyCleared();
    await f.addPopulation(t.db, w.villageA2.id, '2026-03', 500, 0);
    const res = await submit(supA);
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/reports/monthly?region=990100001&month=2026-03');
    const p = await storedPeriod();
    expect(p.status).toBe('submitted');
    expect(snapshotOf(p).period).toEqual({ from: '2026-03-01', to: '2026-03-31' });
    expect(snapshotOf(p).total.figures.births).toBe(1);
    expect(snapshotOf(p).total.figures.population).toBe(1500);
    expect(snapshotOf(p).rows.map((r: { region: { code: string } }) => r.region.code)).toEqual(['990100001001', '990100001002']);
    const audit = must(
      await t
        .db('audit_log')
        .where({ action: 'report.submit', entity_id: String(p.id) })
        .first(),
      'audit row',
    );
    expect(audit.after).toMatchObject({ status: 'submitted', month: '2026-03' });
    expect((await submit(supA)).status).toBe(422); // already submitted

    const page = $((await county.get('/reports/monthly?region=990100&month=2026-03')).text);
    const rowA = page('table.township-status tr[data-township=990100001]');
    expect(rowA.find('[data-status]').attr('data-status')).toBe('submitted');
    expect(rowA.text()).toContain('逾期上报'); // first submitted 10 April, due 5 April
    expect(page('table.township-status tr[data-township=990100002]').text()).toContain('逾期未报');
    const home = $((await county.get('/')).text);
    expect(home('table.month-status tr[data-township=990100002]').text()).toContain('逾期未报');
    expect(home('table.month-status tr[data-township=990100001]').text()).toContain('已上报');
  });

  it('the county returns it with a comment; the township resubmits', async () => {
    await submitted();
    const noComment = await county.post('/reports/monthly/return', { region: '990100001', month: '2026-03', back: '990100' });
    expect(noComment.status).toBe(422);
    const res = await county.post('/reports/monthly/return', { region: '990100001', month: '2026-03', back: '990100', comment: '西街村死亡人数需核实' });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/reports/monthly?region=990100&month=2026-03');
    expect(await period()).toMatchObject({ status: 'returned', comment: '西街村死亡人数需核实' });
    const own = $((await supA.get('/reports/monthly?month=2026-03')).text);
    expect(own('.close-comment').text()).toContain('西街村死亡人数需核实');
    expect(own('form[action="/reports/monthly/submit"]').length).toBe(1);
    const first = (await storedPeriod()).first_submitted_at;
    app.clock.set(new Date('2026-04-10T03:10:00Z')); // sessions idle out after 30 minutes of test-clock time
    expect((await submit(supA)).status).toBe(303);
    const p = await storedPeriod();
    expect(p.status).toBe('submitted');
    expect(p.first_submitted_at).toEqual(first);
    expect(await t.db('audit_log').where({ action: 'report.return' }).first('reason')).toEqual({ reason: '西街村死亡人数需核实' });
  });

  it('accepting locks the month; a later entry dated in it is 补报 in the month it was entered, and the difference shows', async () => {
    await returnedAndResubmitted();
    const res = await county.post('/reports/monthly/accept', { region: '990100001', month: '2026-03', back: '990100' });
    expect(res.status).toBe(303);
    expect((await period())?.status).toBe('accepted');
    expect(await t.db('audit_log').where({ action: 'report.accept' }).first()).toBeTruthy();
    expect((await county.post('/reports/monthly/accept', { region: '990100001', month: '2026-03' })).status).toBe(422);

    // A birth of 25 March recorded on 15 April, after the lock.
    await f.addChild(t.db, { woman: mother, village: w.villageA1.id, birth_date: '2026-03-25', sex: 'male', order: 2, created_on: '2026-04-15' });
    const april = $((await supA.get('/reports/monthly?month=2026-04')).text);
    expect(april('table.report-table tfoot td[data-key=late_reports]').text().trim()).toBe('1');
    expect(april('table.report-table tr[data-region=990100001001] td[data-key=late_reports] a').attr('href')).toContain('figure=late_reports');
    expect(april('table.report-table tfoot td[data-key=births]').first().text().trim()).toBe('0');

    const march = $((await supA.get('/reports/monthly?month=2026-03')).text);
    const diff = march('.snapshot-diff tbody tr').filter((_i, r) => march(r).find('[data-key=births]').length > 0);
    expect(diff.length).toBe(2); // 东街村 and the total
    expect(diff.first().text()).toMatch(/东街村[\s\S]*1[\s\S]*2[\s\S]*\+1/);
    expect(march('form[action="/reports/monthly/submit"]').length).toBe(0);
  });

  it('the county unlocks with a reason (audited); the month is open to the township again', async () => {
    await acceptedWithLateBirth();
    expect((await county.post('/reports/monthly/unlock', { region: '990100001', month: '2026-03', back: '990100' })).status).toBe(422);
    const res = await county.post('/reports/monthly/unlock', { region: '990100001', month: '2026-03', back: '990100', reason: '补录3月出生1人' });
    expect(res.status).toBe(303);
    expect(await period()).toMatchObject({ status: 'returned', accepted_at: null, unlock_reason: '补录3月出生1人' });
    const audit = await t.db('audit_log').where({ action: 'report.unlock' }).first();
    expect(audit).toMatchObject({ reason: '补录3月出生1人', region_id: w.townshipA.id });
    // No longer locked: the entry is simply part of March again, not 补报.
    const april = $((await supA.get('/reports/monthly?month=2026-04')).text);
    expect(april('table.report-table tfoot td[data-key=late_reports]').text().trim()).toBe('0');
    expect((await submit(supA)).status).toBe(303);
    expect(snapshotOf(await storedPeriod()).total.figures.births).toBe(2);
  });
});
