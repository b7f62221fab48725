import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../helpers/app.ts';
import { useTestDatabase } from '../../helpers/db.ts';
import { makeUser, seedWorld, type World } from '../../helpers/fixtures.ts';
import { $, Client } from '../../helpers/http.ts';
import { must } from '../../helpers/must.ts';
import * as f from '../../helpers/report-fixtures.ts';

/**
 * The 数据校验 page, acknowledgements, the rule admin form and what the findings do to month close. Each test
 * works in its own month, so none relies on what another left behind.
 */
describe('data validation pages and month close', () => {
  const t = useTestDatabase();
  let app: TestApp;
  let w: World;
  let supA: Client, clerkB: Client, countySup: Client, admin: Client;

  const login = async (role: 'clerk' | 'supervisor' | 'admin', regionId: number) => {
    const u = await makeUser(t.db, { role, regionId });
    const c = new Client(app.app);
    await c.login(u.username, u.password);
    return c;
  };
  const submit = (month: string) => supA.post('/reports/monthly/submit', { region: w.townshipA.code, month, back: w.townshipA.code });
  const populationOfA = async (month: string) => {
    await f.addPopulation(t.db, w.villageA1.id, month, 1000, 0);
    await f.addPopulation(t.db, w.villageA2.id, month, 500, 0);
  };
  const period = (month: string) =>
    t
      .db('report_periods')
      .where({ township_id: w.townshipA.id, month: `${month}-01` })
      .first();

  beforeAll(async () => {
    w = await seedWorld(t.db);
    app = buildTestApp(t.db, t.url);
    app.clock.set(new Date('2026-04-10T03:00:00Z'));
    supA = await login('supervisor', w.townshipA.id);
    clerkB = await login('clerk', w.townshipB.id);
    countySup = await login('supervisor', w.county.id);
    admin = await login('admin', w.county.id);
  });
  afterAll(() => app.close());

  it('is scoped: another township’s clerk gets 404; a month without problems says so; a bad month is a Chinese 400', async () => {
    expect((await clerkB.get(`/reports/validation?region=${w.townshipA.code}&month=2024-01`)).status).toBe(404);
    const own = await clerkB.get('/reports/validation?month=2024-01');
    expect(own.status).toBe(200);
    expect($(own.text)('h1').text()).toContain('东山镇');
    expect($(own.text)('.validation-empty').text()).toBe('本月未发现问题。');
    const bad = await countySup.get('/reports/validation?month=2024-13');
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('月份格式应为 2026-03');
    expect((await countySup.get(`/reports/validation?region=${w.villageA1.code}&month=2024-01`)).status).toBe(400);
  });

  it('a blocking finding refuses the submission with its Chinese message, and the monthly report counts it', async () => {
    await populationOfA('2025-11');
    const girl = await f.addWoman(t.db, { village: w.villageA1.id, birth_date: '2011-06-01', name: '吴十四' });
    await f.addService(t.db, { woman: girl, village: w.villageA1.id, kind: 'medical_abortion', performed_on: '2025-11-15' });

    const page = $((await countySup.get(`/reports/validation?region=${w.townshipA.code}&month=2025-11`)).text);
    const rule = page('section[data-rule=procedure_age]');
    expect(rule.find('h2').text()).toContain('（1 条）');
    expect(rule.find('.finding-people a').attr('href')).toBe(`/women/${girl}`);
    expect(rule.find('.finding-people').text()).toContain('当日 14 周岁');
    expect(page('[data-count=blocking]').text()).toBe('1');
    const print = $((await countySup.get(`/reports/validation?region=${w.townshipA.code}&month=2025-11&print=1`)).text);
    expect(print('body').hasClass('print-view')).toBe(true);
    expect(print('.print-header h1').text()).toBe('数据校验结果');
    expect(print('section[data-rule=procedure_age] .finding-people').text()).toContain('吴十四');
    expect(print('form').length).toBe(0);

    const res = await submit('2025-11');
    expect(res.status).toBe(422);
    expect($(res.text)('.error-summary').text()).toContain('数据校验（手术对象年龄不在 15–49 岁）：东街村 1 例手术的对象当日年龄不在 15–49 周岁');
    expect(await period('2025-11')).toBeUndefined();

    const monthly = $((await supA.get('/reports/monthly?month=2025-11')).text);
    expect(monthly('.validation-line').text().replace(/\s+/g, '')).toContain('数据校验：阻止上报1条，待确认警告0条');
    expect(monthly('.validation-line a').attr('href')).toBe(`/reports/validation?region=${w.townshipA.code}&month=2025-11`);
  });

  it('an unacknowledged warning blocks; acknowledging needs a comment (422), is audited, shows who and when, and then the month goes up', async () => {
    await populationOfA('2026-02');
    const mother = await f.addWoman(t.db, { village: w.villageA2.id, birth_date: '1996-05-01', marriage_date: '2020-01-01', name: '郑无孕' });
    await f.addChild(t.db, { woman: mother, village: w.villageA2.id, birth_date: '2026-02-14', sex: 'female', order: 1 });

    const refused = await submit('2026-02');
    expect(refused.status).toBe(422);
    expect($(refused.text)('.error-summary').text()).toContain('有 1 条警告尚未确认');

    const ack = { rule: 'births_without_pregnancy', village: w.villageA2.code, month: '2026-02', region: w.townshipA.code };
    const empty = await supA.post('/reports/validation/acknowledge', { ...ack, comment: '  ' });
    expect(empty.status).toBe(422);
    expect($(empty.text)(`#ack-births_without_pregnancy-${w.villageA2.code}-err`).text()).toBe('请填写确认说明');
    expect(await t.db('validation_acknowledgements').where({ village_id: w.villageA2.id })).toEqual([]);

    const ok = await supA.post('/reports/validation/acknowledge', { ...ack, comment: '在县医院分娩，孕情未转回' });
    expect(ok.status).toBe(303);
    expect(ok.headers.location).toBe(`/reports/validation?region=${w.townshipA.code}&month=2026-02`);
    const row = must(await t.db('validation_acknowledgements').where({ village_id: w.villageA2.id, month: '2026-02-01' }).first(), 'the acknowledgement');
    expect(row.comment).toBe('在县医院分娩，孕情未转回');
    const audit = must(
      await t
        .db('audit_log')
        .where({ action: 'validation.acknowledge', entity_id: String(row.id) })
        .first(),
      'audit row',
    );
    expect(audit.after).toMatchObject({ rule: 'births_without_pregnancy', place: w.villageA2.code, month: '2026-02' });
    const page = $((await supA.get('/reports/validation?month=2026-02')).text);
    expect(page('.finding-ack').text()).toContain('已确认：在县医院分娩，孕情未转回');
    expect(page('[data-count=pending]').text()).toBe('0');

    expect((await submit('2026-02')).status).toBe(303);
    expect(must(await period('2026-02'), 'the period').status).toBe('submitted');

    // The findings as CSV: one row per finding with its numbers and the acknowledgement, as on the page.
    const csv = await supA.get('/reports/validation?month=2026-02&format=csv');
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.text
      .replace(/^\ufeff/, '')
      .trim()
      .split(/\r?\n/);
    expect(lines[1]).toBe('校验规则,级别,乡镇,村(社区),月份,问题,数据,涉及人数,确认说明,确认人,确认时间');
    expect(lines).toHaveLength(3);
    expect(lines[2]).toContain('在县医院分娩，孕情未转回');
    expect(lines[2]).toContain(w.villageA2.name);

    // A submitted month is the county's: its explanations stay as they went up.
    const late = await supA.post('/reports/validation/acknowledge', { ...ack, comment: '改一下说明' });
    expect(late.status).toBe(422);
    expect($(late.text)('.error-summary').text()).toContain('已上报，不能再确认警告');
    expect(must(await t.db('validation_acknowledgements').where({ village_id: w.villageA2.id, month: '2026-02-01' }).first(), 'the acknowledgement').comment).toBe('在县医院分娩，孕情未转回');
  });

  it('a long list of women is paged: 50 on the finding, all of them 50 a page behind its link, scoped', async () => {
    const mothers = await f.addWomen(t.db, w.villageB1.id, 51, '1995-02-01');
    await t
      .db('children')
      .insert(mothers.map((m) => ({ woman_id: m, region_id: w.villageB1.id, sex: 'male', birth_date: '2025-06-09', birth_order: 1, policy_status: 'compliant', vital_status: 'living' })));
    const page = $((await countySup.get(`/reports/validation?region=${w.townshipB.code}&month=2025-06`)).text);
    const finding = page('section[data-rule=births_without_pregnancy] .finding');
    expect(finding.find('.finding-people li').length).toBe(50);
    const link = finding.find('.finding-links a').first();
    expect(link.text()).toBe('全部 51 人（分页）');
    const href = must(link.attr('href'), 'the link');
    expect(href).toBe(`/reports/validation/people?rule=births_without_pregnancy&village=${w.villageB1.code}&month=2025-06`);
    const second = $((await clerkB.get(`${href}&page=2`)).text);
    expect(second('.finding-total').text()).toBe('51');
    expect(second('table.finding-people-list tbody tr').length).toBe(1);
    expect((await supA.get(href)).status).toBe(404);
  });

  it('acknowledging a village outside the scope is 404, a clerk may not acknowledge, and a warning that is not there is a 422', async () => {
    const body = { rule: 'births_without_pregnancy', village: w.villageB1.code, month: '2026-01', comment: '已核实' };
    expect((await supA.post('/reports/validation/acknowledge', body)).status).toBe(404);
    expect((await clerkB.post('/reports/validation/acknowledge', body)).status).toBe(403);
    expect(await t.db('validation_acknowledgements').where({ village_id: w.villageB1.id })).toEqual([]);
    // Only a warning that is there may be acknowledged.
    const none = await supA.post('/reports/validation/acknowledge', { ...body, village: w.villageA1.code, month: '2024-02' });
    expect(none.status).toBe(422);
    expect($(none.text)('.error-summary').text()).toContain('东街村2024年2月没有“出生无孕情记录”的警告，无需确认。');
    expect(await t.db('validation_acknowledgements').where({ month: '2024-02-01' })).toEqual([]);
  });

  it('the rule admin form: a negative tolerance is a Chinese 422; a change is saved, audited and versioned; a stale form is 409', async () => {
    expect((await supA.get('/reports/validation/rules')).status).toBe(403);
    expect((await admin.get('/reports/validation/rules')).status).toBe(200);
    const before = must(await t.db('validation_rules').where({ code: 'population_balance' }).first(), 'the rule');
    const form = { code: 'population_balance', level: 'warning', active: '1', version: String(before.version) };

    const negative = await admin.post('/reports/validation/rules', { ...form, tolerance: '-1' });
    expect(negative.status).toBe(422);
    expect($(negative.text)('#f-population_balance-tolerance-err').text()).toBe('允许差异（人）不能小于 0');
    expect($(negative.text)('#f-population_balance-tolerance').attr('value')).toBe('-1');

    expect((await admin.post('/reports/validation/rules', { ...form, tolerance: '8' })).status).toBe(303);
    const after = must(await t.db('validation_rules').where({ code: 'population_balance' }).first(), 'the rule');
    expect(after.params).toEqual({ tolerance: 8 });
    expect(after.version).toBe(before.version + 1);
    expect(await t.db('audit_log').where({ action: 'validation_rule.update', entity_id: 'population_balance' }).count({ n: '*' })).toEqual([{ n: 1 }]);

    expect((await admin.post('/reports/validation/rules', { ...form, tolerance: '3' })).status).toBe(409);
    expect(must(await t.db('validation_rules').where({ code: 'population_balance' }).first(), 'the rule').params).toEqual({ tolerance: 8 });
  });
});
