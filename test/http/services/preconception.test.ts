/**
 * 孕前优生 pages (issue 15 §2): the card's plan and check forms (422 in Chinese with the values kept, the audit row,
 * 404 out of scope, exited cards refused), the township list of target couples (50 a page, the last page, CSV), and
 * 三查 in a round (本轮含查病 on the open form, 查病结果 on the result, 三查率 on the round page).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../helpers/app.ts';
import { useTestDatabase } from '../../helpers/db.ts';
import { makeUser, seedWorld, type World } from '../../helpers/fixtures.ts';
import { $, Client } from '../../helpers/http.ts';
import * as f from '../../helpers/report-fixtures.ts';

// The app's clock: 2026-11-18 (China), the fourth quarter.
describe('孕前优生 pages', () => {
  const t = useTestDatabase();
  let app: TestApp;
  let w: World;
  let clerkA: Client, clerkB: Client;
  let woman: number;
  const login = async (regionId: number) => {
    const u = await makeUser(t.db, { role: 'clerk', regionId });
    const c = new Client(app.app);
    await c.login(u.username, u.password);
    return c;
  };
  const audits = async (action: string, id: number) => t.db('audit_log').where({ action, entity: 'woman', entity_id: String(id) });

  beforeAll(async () => {
    w = await seedWorld(t.db);
    app = buildTestApp(t.db, t.url);
    clerkA = await login(w.townshipA.id);
    clerkB = await login(w.townshipB.id);
    woman = await f.addWoman(t.db, { village: w.villageA1.id, birth_date: '1996-05-01', marriage_date: '2023-06-01', name: '孕前甲' });
  });
  afterAll(async () => app.close());

  it('registers a plan from the card section, audited; refuses a future date, a date before she was 15 and a second open plan (422, values kept)', async () => {
    const card = await clerkA.get(`/women/${woman}`);
    expect($(card.text)(`a[href="/women/${woman}/pregnancy-plans"]`).text()).toBe('登记计划怀孕');

    const future = await clerkA.post(`/women/${woman}/pregnancy-plans`, { planned_on: '2026-11-19', note: '想要二孩' });
    expect(future.status).toBe(422);
    expect($(future.text)('#f-planned_on-err').text()).toContain('不能晚于今天');
    expect($(future.text)('#f-note').val()).toBe('想要二孩');
    const young = await clerkA.post(`/women/${woman}/pregnancy-plans`, { planned_on: '2011-04-30' });
    expect(young.status).toBe(422);
    expect(young.text).toContain('年满 15 周岁');
    expect(await t.db('pregnancy_plans').where({ woman_id: woman })).toHaveLength(0);

    const ok = await clerkA.post(`/women/${woman}/pregnancy-plans`, { planned_on: '2026-10-08' });
    expect(ok.status).toBe(303);
    const [plan] = await t.db('pregnancy_plans').where({ woman_id: woman });
    expect(plan).toMatchObject({ planned_on: '2026-10-08', ended_on: null });
    expect(await audits('pregnancy_plan.create', woman)).toHaveLength(1);
    const again = await clerkA.post(`/women/${woman}/pregnancy-plans`, { planned_on: '2026-11-01' });
    expect(again.status).toBe(422);
    expect(again.text).toContain('尚未结束');

    const early = await clerkA.post(`/women/${woman}/pregnancy-plans/${plan.id}/end`, { ended_on: '2026-10-01' });
    expect(early.status).toBe(422);
    expect(early.text).toContain('不能早于登记日期');
    expect((await clerkA.post(`/women/${woman}/pregnancy-plans/${plan.id}/end`, { ended_on: '2026-11-10', note: '已怀孕' })).status).toBe(303);
    expect(await t.db('pregnancy_plans').where({ id: plan.id }).first()).toMatchObject({ ended_on: '2026-11-10', note: '已怀孕' });
    expect(await audits('pregnancy_plan.end', woman)).toHaveLength(1);
  });

  it('records each spouse’s check with the risk and referral rules, audited, and shows them on the card', async () => {
    const noNote = await clerkA.post(`/women/${woman}/preconception-checks`, { whose: 'spouse', checked_on: '2026-11-02', result: 'risk', referred_to: '县医院' });
    expect(noNote.status).toBe(422);
    expect($(noNote.text)('#f-risk_note-err').text()).toBe('风险人群请填写风险因素');
    expect($(noNote.text)('#f-referred-err').text()).toContain('请勾选');
    expect($(noNote.text)('#f-referred_to').val()).toBe('县医院');
    const bad = await clerkA.post(`/women/${woman}/preconception-checks`, { whose: 'nobody', checked_on: '2026-13-01', result: 'general' });
    expect(bad.status).toBe(422);
    expect(await t.db('preconception_checks').where({ woman_id: woman })).toHaveLength(0);

    const ok = await clerkA.post(`/women/${woman}/preconception-checks`, {
      whose: 'spouse',
      checked_on: '2026-11-02',
      result: 'risk',
      risk_note: '乙肝表面抗原阳性',
      referred: '1',
      referred_to: '县医院',
    });
    expect(ok.status).toBe(303);
    expect(await t.db('preconception_checks').where({ woman_id: woman })).toMatchObject([
      { whose: 'spouse', checked_on: '2026-11-02', result: 'risk', referred: true, referred_to: '县医院', region_id: w.villageA1.id },
    ]);
    const [audit] = await audits('preconception_check.create', woman);
    expect(audit.after).toMatchObject({ whose: 'spouse', result: 'risk', referred: true });
    const card = await clerkA.get(`/women/${woman}`);
    expect(card.text).toContain('乙肝表面抗原阳性');
    expect(card.text).toContain('已转诊：县医院');
  });

  it('answers 404 out of scope and refuses an exited card', async () => {
    expect((await clerkB.get(`/women/${woman}/preconception-checks`)).status).toBe(404);
    const out = await clerkB.post(`/women/${woman}/preconception-checks`, { whose: 'woman', checked_on: '2026-11-02', result: 'general' });
    expect(out.status).toBe(404);
    expect((await clerkB.post(`/women/${woman}/pregnancy-plans`, { planned_on: '2026-11-02' })).status).toBe(404);
    expect(await t.db('preconception_checks').where({ woman_id: woman, whose: 'woman' })).toHaveLength(0);

    const gone = await f.addWoman(t.db, { village: w.villageA2.id, birth_date: '1990-01-01', marriage_date: '2012-01-01', exit_date: '2026-01-01' });
    const refused = await clerkA.post(`/women/${gone}/preconception-checks`, { whose: 'woman', checked_on: '2025-11-02', result: 'general' });
    expect(refused.status).toBe(422);
    expect(refused.text).toContain('已出队');
  });
});

describe('the target-couple list', () => {
  const t = useTestDatabase();
  let app: TestApp;
  let w: World;
  let clerkA: Client;

  beforeAll(async () => {
    w = await seedWorld(t.db);
    app = buildTestApp(t.db, t.url);
    const u = await makeUser(t.db, { role: 'clerk', regionId: w.townshipA.id });
    clerkA = new Client(app.app);
    await clerkA.login(u.username, u.password);
    // 51 couples married this year in A1, one of them checked by both; one in B1 (out of the list of A).
    const ids = await f.addWomen(t.db, w.villageA1.id, 51, '1995-03-03');
    await t.db('marital_events').insert(ids.map((id) => ({ woman_id: id, kind: 'first_marriage', effective_on: '2026-06-01' })));
    await t.db('women').whereIn('id', ids).update({ marital_status: 'first_marriage', marriage_date: '2026-06-01' });
    await t.db('preconception_checks').insert([
      { woman_id: ids[0], region_id: w.villageA1.id, whose: 'woman', checked_on: '2026-05-20', result: 'general' },
      { woman_id: ids[0], region_id: w.villageA1.id, whose: 'spouse', checked_on: '2026-05-21', result: 'general' },
    ]);
    const b = await f.addWoman(t.db, { village: w.villageB1.id, birth_date: '1995-03-03', marriage_date: '2026-06-01', name: '乙村' });
    void b;
  });
  afterAll(async () => app.close());

  const rows = (html: string) => $(html)('table.data tbody tr').length;

  it('lists the unchecked couples 50 a page; page 2 and a page past the end show the last one', async () => {
    const first = await clerkA.get('/preconception');
    expect(first.status).toBe(200);
    expect(rows(first.text)).toBe(50);
    expect($(first.text)('.result-count').text()).toContain('共 50 对夫妇');
    // 51 targets, 1 checked: 50 unchecked fit on one page; all 51 take two.
    const all2 = await clerkA.get('/preconception?status=all&page=2');
    expect(rows(all2.text)).toBe(1);
    expect($(all2.text)('.pagination').text()).toContain('第 2 / 2 页');
    const past = await clerkA.get('/preconception?status=all&page=9');
    expect(rows(past.text)).toBe(1);
    const checked = await clerkA.get('/preconception?status=checked');
    expect(rows(checked.text)).toBe(1);
    expect($(checked.text)('table.data tbody').text()).toContain('夫妇已检查');
    expect(first.text).not.toContain('乙村');
  });

  it('downloads the list as CSV with masked ID numbers; a village out of scope is a 404', async () => {
    const csv = await clerkA.get('/preconception?status=all&format=csv');
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.text
      .replace(/^\ufeff/, '')
      .trim()
      .split(/\r?\n/);
    expect(lines[0]).toContain('女方检查日期');
    expect(lines).toHaveLength(52);
    expect(lines.filter((l) => l.includes('夫妇已检查'))).toHaveLength(1);
    const ids = (await t.db('women').where({ region_id: w.villageA1.id }).select('id_number')).map((r) => r.id_number);
    expect(ids).toHaveLength(51);
    for (const id of ids) expect(csv.text).not.toContain(id);
    expect(lines[1]).toContain('***********');
    expect((await clerkA.get(`/preconception?village=${w.villageB1.code}`)).status).toBe(404);
  });
});

describe('三查 in a round', () => {
  const t = useTestDatabase();
  let app: TestApp;
  let w: World;
  let clerkA: Client, clerkB: Client;

  beforeAll(async () => {
    w = await seedWorld(t.db);
    app = buildTestApp(t.db, t.url);
    const u = await makeUser(t.db, { role: 'clerk', regionId: w.townshipA.id });
    clerkA = new Client(app.app);
    await clerkA.login(u.username, u.password);
    const ub = await makeUser(t.db, { role: 'clerk', regionId: w.townshipB.id });
    clerkB = new Client(app.app);
    await clerkB.login(ub.username, ub.password);
  });
  afterAll(async () => app.close());

  it('opens a round with 查病, records 查病结果 and shows 三查率 beside 双查到位率; a round without 查病 refuses it', async () => {
    const a = await f.addWoman(t.db, { village: w.villageA1.id, birth_date: '1992-01-01', marriage_date: '2015-01-01', name: '三查甲' });
    const b = await f.addWoman(t.db, { village: w.villageA1.id, birth_date: '1993-01-01', marriage_date: '2016-01-01', name: '三查乙' });
    const open = await clerkA.post('/check-rounds', { quarter: '2026-4', includes_gyn_exam: '1' });
    expect(open.status).toBe(303);
    const round = await t.db('check_rounds').where({ township_id: w.townshipA.id, year: 2026, quarter: 4 }).first();
    expect(round?.includes_gyn_exam).toBe(true);
    const url = `/check-rounds/${round!.id}`;
    expect((await clerkA.post(`${url}/results`, { woman_id: a, performed_on: '2026-11-10', pregnancy_result: 'negative', gyn_result: 'abnormal', gyn_note: '宫颈炎' })).status).toBe(303);
    expect((await clerkA.post(`${url}/results`, { woman_id: b, performed_on: '2026-11-10', pregnancy_result: 'negative' })).status).toBe(303);
    expect(await t.db('check_results').where({ round_id: round!.id, woman_id: a }).first()).toMatchObject({ status: 'done', gyn_result: 'abnormal', gyn_note: '宫颈炎' });
    const page = $((await clerkA.get(url)).text);
    expect(page('.round-figures').text()).toContain('双查到位率');
    expect(page('.triple-rate').text()).toContain('50.00%');
    expect(page('main').text()).toContain('查病：异常');

    const plain = await clerkA.post('/check-rounds', { quarter: '2027-1' });
    expect(plain.status).toBe(303);
    const next = await t.db('check_rounds').where({ township_id: w.townshipA.id, year: 2027, quarter: 1 }).first();
    expect(next?.includes_gyn_exam).toBe(false);
    const nextPage = $((await clerkA.get(`/check-rounds/${next!.id}`)).text);
    expect(nextPage('.triple-rate').length).toBe(0);
    // The quarter's figures are the report's, dated at its last day: both rates in the December report (JSON).
    const json = await clerkA.get('/reports/monthly?month=2026-12&format=json');
    expect(json.status).toBe(200);
    const total = (JSON.parse(json.text) as { total: { figures: Record<string, { value: number | null }> } }).total.figures;
    expect(total.triple_check_rate?.value).toBe(50);
    expect(total.double_check_rate?.value).not.toBeNull();
  });

  it('refuses 查病结果 in a round without 查病 (422, nothing recorded)', async () => {
    const c = await f.addWoman(t.db, { village: w.villageB1.id, birth_date: '1991-01-01', marriage_date: '2014-01-01', name: '双查丙' });
    const [round] = await t.db('check_rounds').insert({ township_id: w.townshipB.id, year: 2026, quarter: 4, opened_on: '2026-10-02', closes_on: '2026-12-31' }).returning('*');
    await t.db('check_results').insert({ round_id: round.id, woman_id: c, status: 'due' });
    const res = await clerkB.post(`/check-rounds/${round.id}/results`, { woman_id: c, performed_on: '2026-11-05', pregnancy_result: 'negative', gyn_result: 'normal' });
    expect(res.status).toBe(422);
    expect(res.text).toContain('本轮双查不含查病');
    expect(await t.db('check_results').where({ round_id: round.id, woman_id: c }).first()).toMatchObject({ status: 'due', gyn_result: null });
  });
});
