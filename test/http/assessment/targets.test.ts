/**
 * 考核 pages: the indicator catalogue for every report reader; the targets of a year (both seeded years listed),
 * edited by the county supervisor and admin with a reason (audited), 422 in Chinese with the values kept, 409 on
 * a stale version, a past year read-only; township staff read but cannot post (403); overrides added and removed.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../helpers/app.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.ts';
import { makeUser, seedWorld, type World } from '../../helpers/fixtures.ts';
import { $, Client } from '../../helpers/http.ts';
import { must } from '../../helpers/must.ts';

const PAGE = '/targets/settings';
const EDIT = { year: '2026', indicator: 'compliance_rate', region: '', target: '95', near: '1', weight: '20', score_rule: 'proportional', version: '1', reason: '县目标责任书调整' };

describe('assessment pages', () => {
  let t: TestDatabase;
  let app: TestApp;
  let w: World;
  let county: Client, admin: Client, supA: Client, clerkA: Client;
  const login = async (role: 'clerk' | 'supervisor' | 'admin', regionId: number) => {
    const u = await makeUser(t.db, { role, regionId });
    const c = new Client(app.app);
    await c.login(u.username, u.password);
    return c;
  };

  beforeEach(async () => {
    t = await createTestDatabase();
    w = await seedWorld(t.db);
    app = buildTestApp(t.db, t.url);
    app.clock.set(new Date('2026-03-15T03:00:00Z')); // statistical year 2026
    county = await login('supervisor', w.county.id);
    admin = await login('admin', w.county.id);
    supA = await login('supervisor', w.townshipA.id);
    clerkA = await login('clerk', w.townshipA.id);
  });
  afterEach(async () => {
    await app.close();
    await t.destroy();
  });

  const target = (year: number, code: string) => t.db('assessment_targets').where({ year, indicator_code: code }).whereNull('region_id').first();
  const cells = (html: string, code: string, region = 'all') =>
    $(html)(`table.assessment-targets tr[data-indicator="${code}"][data-region="${region}"] td`)
      .toArray()
      .map((td) => $(html)(td).text().replace(/\s+/g, ' ').trim());

  it('the catalogue lists every indicator with its definition and where it comes from', async () => {
    const res = await clerkA.get('/targets/indicators');
    expect(res.status).toBe(200);
    const page = $(res.text);
    expect(page('h1').text()).toBe('考核指标');
    expect(page('tr[data-indicator="sex_ratio"]').text()).toContain('103–107');
    expect(page('tr[data-indicator="compliance_rate"]').text()).toContain('符合政策生育的出生人数 ÷ 报告期内出生人数');
    // Every indicator has its records now (issues 15–17): none says 数据待建.
    expect(page('tr[data-indicator="subsidy_eligibility_accuracy"]').text()).toContain('统计报表');
    expect(page('tr[data-indicator="report_accuracy_rate"]').text()).toContain('统计准确率');
    expect(page('table.assessment-indicators tbody').text()).not.toContain('数据待建');
    // 流动人口婚育信息反馈率 comes from the 协查 records through the report now (issue 16 §2).
    expect(page('tr[data-indicator="migrant_feedback_rate"]').text()).toContain('统计报表');
    expect(page('tr[data-indicator="birth_rate"]').text()).toContain('统计报表');
    expect(page('table.assessment-indicators tbody tr').length).toBeGreaterThanOrEqual(17);
  });

  it('a clerk reads this year’s targets without forms; the year links list every seeded year', async () => {
    const res = await clerkA.get(PAGE);
    expect(res.status).toBe(200);
    const page = $(res.text);
    expect(page('h1').text()).toBe('考核目标（2026年度）');
    expect(
      page('.year-links a, .year-links strong')
        .toArray()
        .map((a) => page(a).text()),
    ).toEqual(['2027', '2026', '2025', '2024']);
    expect(cells(res.text, 'birth_rate').slice(0, 4)).toEqual(['全部乡镇', '≤13.6‰', '0.5', '15']);
    expect(cells(res.text, 'sex_ratio').slice(0, 2)).toEqual(['全部乡镇', '103–107']);
    expect(page(`form[action="${PAGE}"]`).length).toBe(0);
    expect(page('.weight-total').text()).toContain('100');
  });

  it('last year is read-only: no forms, a notice, and a POST is refused with 往年目标不能修改 (422), nothing written', async () => {
    const res = await county.get(`${PAGE}?year=2025`);
    expect($(res.text)('.past-year').text()).toContain('往年目标只读');
    expect($(res.text)(`form[action="${PAGE}"]`).length).toBe(0);
    const post = await county.post(PAGE, { ...EDIT, year: '2025' });
    expect(post.status).toBe(422);
    expect($(post.text)('.error-summary').text()).toContain('往年目标不能修改');
    expect(await target(2025, 'compliance_rate')).toMatchObject({ target: 93.5, version: 1 });
  });

  it('the county supervisor edits this year’s target: audited with the reason; last year’s row unchanged', async () => {
    const form = $((await county.get(PAGE)).text)('form#t-compliance_rate-all');
    expect(form.find('input[name=_csrf]').length).toBe(1);
    expect(form.find('input[name=version]').val()).toBe('1');
    const res = await county.post(PAGE, EDIT);
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`${PAGE}?year=2026`);
    const after = await county.get(res.headers.location!);
    expect($(after.text)('.flash').text()).toContain('已保存2026年度全部乡镇的“符合政策生育率”目标');
    expect($(after.text)('#t-compliance_rate-all-target').val()).toBe('95');
    expect(await target(2026, 'compliance_rate')).toMatchObject({ target: 95, near: 1, score_rule: 'proportional', version: 2 });
    expect(await target(2025, 'compliance_rate')).toMatchObject({ target: 93.5, version: 1 });
    const audit = must(await t.db('audit_log').where({ action: 'assessment_target.update' }).first(), 'the audit row');
    expect(audit).toMatchObject({ reason: '县目标责任书调整' });
    expect(audit.before).toMatchObject({ target: 93.5 });
    expect(audit.after).toMatchObject({ target: 95 });
  });

  it('refuses a stale version with 409 and shows the current targets', async () => {
    expect((await admin.post(PAGE, EDIT)).status).toBe(303);
    const res = await county.post(PAGE, { ...EDIT, target: '97' });
    expect(res.status).toBe(409);
    expect($(res.text)('.flash-error').text()).toContain('已被他人修改');
    expect($(res.text)('#t-compliance_rate-all-target').val()).toBe('95');
    expect(await target(2026, 'compliance_rate')).toMatchObject({ target: 95, version: 2 });
  });

  it('refuses a negative weight, a missing target, a non-number and a missing reason, each in Chinese (422), values kept', async () => {
    const cases: [Record<string, string>, string, string][] = [
      [{ weight: '-1' }, 'weight', '分值不能小于 0'],
      [{ weight: '101' }, 'weight', '分值不能大于 100'],
      [{ target: '' }, 'target', '请填写目标值'],
      [{ target: '九十五' }, 'target', '目标值应为数字'],
      [{ near: '-2' }, 'near', '接近幅度不能小于 0'],
      [{ reason: '' }, 'reason', '请填写调整原因'],
    ];
    for (const [patch, field, message] of cases) {
      const res = await county.post(PAGE, { ...EDIT, ...patch });
      expect(res.status, JSON.stringify(patch)).toBe(422);
      const page = $(res.text);
      expect(page(`#f-${field}-err`).text(), JSON.stringify(patch)).toContain(message);
      expect(page(`#f-${field}`).val(), JSON.stringify(patch)).toBe(patch[field]);
      expect(page('#f-reason').val()).toBe(patch.reason ?? EDIT.reason);
    }
    expect(await target(2026, 'compliance_rate')).toMatchObject({ target: 93.5, weight: 20, version: 1 });
  });

  it('township staff read the targets but cannot post (403)', async () => {
    expect((await supA.get(PAGE)).status).toBe(200);
    for (const c of [supA, clerkA]) {
      expect((await c.post(PAGE, EDIT)).status).toBe(403);
      expect((await c.post(`${PAGE}/remove`, { id: '1', version: '1', reason: 'x' })).status).toBe(403);
    }
    expect(await target(2026, 'compliance_rate')).toMatchObject({ target: 93.5, version: 1 });
  });

  it('adds an override for 城关镇 (only 城关镇 sees it), then removes it', async () => {
    const res = await county.post(PAGE, {
      form: 'override',
      year: '2026',
      indicator: 'double_check_rate',
      region: w.townshipA.code,
      target: '96',
      near: '',
      weight: '15',
      score_rule: 'full_or_zero',
      reason: '城关镇人口流动大',
    });
    expect(res.status).toBe(303);
    const page = await county.get(`${PAGE}?year=2026`);
    expect(cells(page.text, 'double_check_rate', w.townshipA.code).slice(0, 1)).toEqual(['城关镇']);
    expect($(page.text)(`tr[data-region="${w.townshipA.code}"] input[name=target]`).val()).toBe('96');
    expect($((await supA.get(PAGE)).text)(`tr[data-indicator="double_check_rate"][data-region="${w.townshipA.code}"]`).text()).toContain('≥96%');
    const supB = await login('supervisor', w.townshipB.id);
    expect($((await supB.get(PAGE)).text)(`tr[data-region="${w.townshipA.code}"]`).length).toBe(0);

    // The same override again: refused at the add form, its values kept.
    const again = await county.post(PAGE, {
      form: 'override',
      year: '2026',
      indicator: 'double_check_rate',
      region: w.townshipA.code,
      target: '97',
      weight: '15',
      score_rule: 'full_or_zero',
      reason: '再设',
    });
    expect(again.status).toBe(422);
    expect($(again.text)('.error-summary').text()).toContain('已有目标');
    expect($(again.text)('#f-target').val()).toBe('97');

    const o = must(await t.db('assessment_targets').where({ region_id: w.townshipA.id }).first(), 'the override');
    const removed = await county.post(`${PAGE}/remove`, { year: '2026', id: String(o.id), version: String(o.version), reason: '取消' });
    expect(removed.status).toBe(303);
    expect(await t.db('assessment_targets').where({ region_id: w.townshipA.id }).first()).toBeUndefined();
    expect(await t.db('audit_log').where({ action: 'assessment_target.remove' }).pluck('reason')).toEqual(['取消']);
  });
});
