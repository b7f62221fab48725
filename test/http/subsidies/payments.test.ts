import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../../src/auth/actor.ts';
import { actorFromPrincipal, principalOf } from '../../../src/auth/principal.ts';
import { loadActiveUser } from '../../../src/features/accounts/service.ts';
import { createApplication } from '../../../src/features/subsidies/service.ts';
import { applicationsForWoman } from '../../../src/features/subsidies/service.ts';
import { decideApplication, submitApplication } from '../../../src/features/subsidies/service.ts';
import { buildTestApp, type TestApp } from '../../helpers/app.ts';
import { useTestDatabase } from '../../helpers/db.ts';
import { makeUser, seedWorld, type World } from '../../helpers/fixtures.ts';
import { $, Client } from '../../helpers/http.ts';
import { REWARD_EVIDENCE, deathEligibleWoman, rewardEligibleWoman } from '../../helpers/subsidy-fixtures.ts';
import { must } from '../../helpers/must.ts';

const NOW = new Date('2026-06-15T02:00:00Z');

describe('subsidy payments, bank CSV and program administration over HTTP', () => {
  const t = useTestDatabase();
  let w: World;
  let app: TestApp;
  let fullApp: TestApp;
  let county: Client;
  let countyFull: Client;
  let admin: Client;
  let clerk: Actor;
  let sup: Actor;
  let countyActor: Actor;

  async function actor(id: number): Promise<Actor> {
    return actorFromPrincipal(principalOf((await loadActiveUser(t.db, id))!));
  }

  /** An approved application through the real services (the HTTP flow is covered in ./applications.test.ts). */
  async function approved(woman: { id: number; name: string }, program: 'reward_assistance' | 'special_assistance_death', beneficiary: 'woman' | 'spouse' = 'woman', holder = woman.name) {
    const evidence = program === 'reward_assistance' ? REWARD_EVIDENCE : ['hukou_booklet', 'id_card', 'only_child_certificate', 'death_certificate', 'bank_account'];
    const a = await createApplication(t.db, clerk, {
      woman: woman.id,
      program,
      year: 2026,
      beneficiary,
      account_holder: holder,
      bank_name: '示例县农商银行',
      bank_account: '6230 5200 1234 5678 901',
      evidence,
    });
    let cur = await submitApplication(t.db, clerk, a.id, { version: a.version }, NOW);
    cur = await decideApplication(t.db, sup, a.id, 'approve', { preset: 'x', version: cur.version }, NOW);
    return decideApplication(t.db, countyActor, a.id, 'approve', { preset: 'x', version: cur.version }, NOW);
  }

  beforeAll(async () => {
    w = await seedWorld(t.db);
    app = buildTestApp(t.db, t.url);
    fullApp = buildTestApp(t.db, t.url, { config: { BANK_EXPORT_FULL_ACCOUNT: '1' } });
    for (const a of [app, fullApp]) a.clock.set(NOW);
    const c = await makeUser(t.db, { role: 'supervisor', regionId: w.county.id });
    county = new Client(app.app);
    await county.login(c.username, c.password);
    countyFull = new Client(fullApp.app);
    await countyFull.login(c.username, c.password);
    const ad = await makeUser(t.db, { role: 'admin', regionId: w.county.id });
    admin = new Client(app.app);
    await admin.login(ad.username, ad.password);
    clerk = await actor((await makeUser(t.db, { role: 'clerk', regionId: w.townshipA.id })).id);
    sup = await actor((await makeUser(t.db, { role: 'supervisor', regionId: w.townshipA.id })).id);
    countyActor = await actor(c.id);
  });
  afterAll(async () => {
    await app.close();
    await fullApp.close();
  });

  it('generates a batch once, refuses a payee who is no longer the beneficiary, exports the bank CSV and marks payments', async () => {
    const a1 = await approved(await rewardEligibleWoman(t.db, w.villageA1.id, '吴秀云'), 'reward_assistance');
    // A spouse beneficiary; then the card records a different husband (remarriage): the payee no longer matches.
    const remarried = await rewardEligibleWoman(t.db, w.villageA2.id, '徐凤兰');
    const a2 = await approved(remarried, 'reward_assistance', 'spouse', '李建国');
    await t.db('women').where({ id: remarried.id }).update({ spouse_name: '周大海' });

    const res = await county.post('/subsidies/payments', { program: 'reward_assistance', period: '2026' });
    expect(res.status).toBe(303);
    const batchId = Number(res.headers.location.split('/').pop());
    const rows = await t.db('subsidy_payments').where({ batch_id: batchId });
    expect(rows.map((r) => [r.application_id, r.payee_name, r.amount_fen, r.status])).toEqual([[a1.id, '吴秀云', 97000, 'pending']]);
    const page = await county.get(`/subsidies/payments/${batchId}`);
    expect($(page.text)('#skipped').text()).toContain('申请中的享受对象“李建国”与信息卡现记录“周大海”不一致');
    expect($(page.text)('#payments').text()).not.toContain('6230520012345678901');
    expect(await t.db('subsidy_payments').where({ application_id: a2.id }).first()).toBeUndefined();

    // Never twice for the same application and period: a clear message, nothing written.
    const again = await county.post('/subsidies/payments', { program: 'reward_assistance', period: '2026' });
    expect(again.status).toBe(422);
    expect($(again.text)('.error-summary').text()).toContain('均已生成发放记录，不会重复发放');
    expect($(again.text)('.error-summary').text()).toContain('以下对象收款信息有问题，未列入');
    expect((await t.db('subsidy_payments').where({ application_id: a1.id, period: '2026' })).length).toBe(1);
    // The wrong period shape for the program is refused at the field.
    const badPeriod = await county.post('/subsidies/payments', { program: 'special_assistance_death', period: '2026' });
    expect($(badPeriod.text)('#f-period-err').text()).toContain('期间应为月份');

    // The bank CSV: BOM, header, masked account by default, yuan with two decimals, program, period.
    const csv = await county.get(`/subsidies/payments/${batchId}/export`);
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
    expect(csv.headers['content-disposition']).toContain(`batch${batchId}.csv`);
    const text = csv.text;
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const lines = text.slice(1).trimEnd().split('\r\n');
    expect(lines[0]).toBe('序号,收款人姓名,开户银行,银行账号,金额(元),补助项目,发放期间,身份证号');
    const cells = lines[1].split(',');
    expect(cells.slice(0, 7)).toEqual(['1', '吴秀云', '示例县农商银行', '***************8901', '970.00', '农村部分计划生育家庭奖励扶助(奖扶)', '2026年']);
    expect(cells[7]).toMatch(/^990100\*{11}[\dX]$/);
    // The control line the bank reconciles against: count and total in yuan.
    expect(lines[2]).toBe('合计,1 笔,970.00 元');
    expect(lines).toHaveLength(3);
    expect(
      await t
        .db('audit_log')
        .where({ action: 'subsidy_batch.export', entity_id: String(batchId) })
        .first(),
    ).toBeTruthy();

    // With BANK_EXPORT_FULL_ACCOUNT the full account goes out, and that export is audited as such.
    const full = await countyFull.get(`/subsidies/payments/${batchId}/export`);
    expect(full.text.split('\r\n')[1].split(',')[3]).toBe('6230520012345678901');
    const fullAudit = must(
      await t
        .db('audit_log')
        .where({ action: 'subsidy_batch.export_full_account', entity_id: String(batchId) })
        .first(),
      'audit row',
    );
    expect(fullAudit.after).toEqual({ rows: 1, full_account: true, total_fen: 97000 });
    expect(fullAudit.reason).toBe('导出完整银行账号（BANK_EXPORT_FULL_ACCOUNT）');

    // Mark the payment paid; a failure needs a reason; a paid one cannot change.
    const p = rows[0];
    const noReason = await county.post(`/subsidies/payments/${batchId}/payments/${p.id}`, { status: 'failed', version: p.version });
    expect(noReason.status).toBe(422);
    expect((await county.post(`/subsidies/payments/${batchId}/payments/${p.id}`, { status: 'paid', version: p.version })).status).toBe(303);
    expect((await t.db('subsidy_payments').where({ id: p.id }).first())?.status).toBe('paid');
    const twice = await county.post(`/subsidies/payments/${batchId}/payments/${p.id}`, { status: 'failed', note: 'x', version: p.version + 1 });
    expect($(twice.text)('.error-summary').text()).toContain('已标记为“已发放”');
    const list = await county.get('/subsidies/payments');
    expect($(list.text)('#batches tbody tr').first().text()).toContain('970.00');
  });

  it('a monthly program is paid per month at the standard in force then', async () => {
    const a = await approved(await deathEligibleWoman(t.db, w.villageA1.id, '郭素芬'), 'special_assistance_death');
    const res = await county.post('/subsidies/payments', { program: 'special_assistance_death', period: '2026-05' });
    expect(res.status).toBe(303);
    expect((await t.db('subsidy_payments').where({ application_id: a.id, period: '2026-05' }).first())?.amount_fen).toBe(59000);
    const future = await county.post('/subsidies/payments', { program: 'special_assistance_death', period: '2026-09' });
    expect($(future.text)('#f-period-err').text()).toContain('尚未开始');
  });

  it('programs: everyone reads; the admin adds a dated standard (history kept) and makes a program township-only', async () => {
    const list = await admin.get('/subsidies/programs');
    expect($(list.text)('tr[data-program="reward_assistance"] .amount-now').text()).toBe('970.00 元/人/年');
    expect($(list.text)('tr[data-program="assisted_reproduction"] .levels').text()).toBe('乡镇审批');

    const bad = await admin.post('/subsidies/programs/special_assistance_death/standards', { tier: 'national', effective_from: '2026-07-01', amount: '12.345' });
    expect(bad.status).toBe(422);
    expect($(bad.text)('#f-amount-err').text()).toContain('最多两位小数');
    expect($(bad.text)('#f-effective_from').attr('value')).toBe('2026-07-01');

    const ok = await admin.post('/subsidies/programs/special_assistance_death/standards', { tier: 'national', effective_from: '2026-07-01', amount: '650', note: '新文件' });
    expect(ok.status).toBe(303);
    const page = await admin.get('/subsidies/programs/special_assistance_death');
    const $s = $(page.text);
    const history = $s('table.standards tbody tr')
      .map((_i, el) =>
        $s(el)
          .find('td')
          .map((_j, td) => $s(td).text())
          .get()
          .join(' '),
      )
      .get();
    expect(history[0]).toMatch(/^2026-07-01 国家标准 650.00 新文件/);
    expect(history).toHaveLength(3);
    // Standards are audited; the May payment keeps its 590.
    expect(await t.db('audit_log').where({ action: 'subsidy_standard.create' }).first()).toBeTruthy();
    expect((await t.db('subsidy_payments').where({ period: '2026-05', program: 'special_assistance_death' }).first())?.amount_fen).toBe(59000);

    const program = must(await t.db('subsidy_programs').where({ code: 'only_child_reward' }).first(), 'program');
    const settings = await admin.post('/subsidies/programs/only_child_reward', {
      approval: 'township_only',
      active: '1',
      evidence: ['hukou_booklet', 'id_card', 'only_child_certificate', 'bank_account'],
      version: program.version,
    });
    expect(settings.status).toBe(303);
    expect((await t.db('subsidy_programs').where({ code: 'only_child_reward' }).first())?.approval_levels).toEqual(['township']);
    const stale = await admin.post('/subsidies/programs/only_child_reward', { approval: 'township_county', active: '1', evidence: ['id_card'], version: program.version });
    expect(stale.status).toBe(409);
    const params = await admin.post('/subsidies/programs/reward_assistance', {
      approval: 'township_county',
      active: '1',
      evidence: REWARD_EVIDENCE,
      version: must(await t.db('subsidy_programs').where({ code: 'reward_assistance' }).first(), 'program').version,
      param_min_age: '61',
      param_born_on_or_after: '1933-01-01',
      param_compliance_since: '1973-01-01',
      param_resident_hukou_accepted: '1',
    });
    expect(params.status).toBe(303);
    expect((await t.db('subsidy_programs').where({ code: 'reward_assistance' }).first())?.params).toMatchObject({ min_age: 61 });
  });

  it('the card page shows the woman applications in its 补助 section, with a link to a new one', async () => {
    const woman = await rewardEligibleWoman(t.db, w.villageA1.id, '何翠英');
    await createApplication(t.db, clerk, { woman: woman.id, program: 'reward_assistance', year: 2026, beneficiary: 'woman', evidence: [] });
    expect(await applicationsForWoman(t.db, { level: 'township', regionId: w.townshipB.id, code: w.townshipB.code }, woman.id)).toEqual([]);
    const clerkUser = await makeUser(t.db, { role: 'clerk', regionId: w.townshipA.id });
    const c = new Client(app.app);
    await c.login(clerkUser.username, clerkUser.password);
    const page = await c.get(`/women/${woman.id}`);
    expect(page.status).toBe(200);
    const section = $(page.text)('section#subsidies');
    expect(section.find('h2').text()).toBe('补助');
    expect(section.find('a.button').attr('href')).toBe(`/subsidies/applications/new?woman=${woman.id}`);
    expect(section.find('tbody tr').text()).toContain('农村部分计划生育家庭奖励扶助(奖扶)');
    expect(section.find('tbody tr [data-status]').text()).toBe('草稿');
  });
  it('the full bank file: county supervisor only, with a reason that the audit row keeps; a control line that sums the rows', async () => {
    await approved(await deathEligibleWoman(t.db, w.villageA1.id, '钱桂香'), 'special_assistance_death');
    await approved(await deathEligibleWoman(t.db, w.villageA2.id, '孙玉珍'), 'special_assistance_death');
    const res = await county.post('/subsidies/payments', { program: 'special_assistance_death', period: '2026-06' });
    expect(res.status).toBe(303);
    const batchId = Number(res.headers.location.split('/').pop());
    const rows = await t.db('subsidy_payments').where({ batch_id: batchId }).orderBy('id');
    expect(rows.length).toBeGreaterThanOrEqual(2);
    const accountsBefore = await t
      .db('audit_log')
      .where({ entity: 'subsidy_payment_batch', entity_id: String(batchId) })
      .count<{ n: number }[]>({ n: '*' });

    // The batch page offers the full file (the masked one stays the default link).
    const page = $((await county.get(`/subsidies/payments/${batchId}`)).text);
    expect(page(`a[href="/subsidies/payments/${batchId}/export-full"]`).length).toBe(1);
    expect((await county.get(`/subsidies/payments/${batchId}/export-full`)).status).toBe(200);

    // Without a reason: refused at the field, nothing exported, no audit row.
    const none = await county.post(`/subsidies/payments/${batchId}/export-full`, { reason: '  ' });
    expect(none.status).toBe(422);
    expect($(none.text)('#f-reason-err').text()).toContain('请填写导出完整银行账号的理由');
    expect(none.headers['content-type']).toMatch(/^text\/html/);
    expect(
      await t
        .db('audit_log')
        .where({ entity: 'subsidy_payment_batch', entity_id: String(batchId) })
        .count<{ n: number }[]>({ n: '*' }),
    ).toEqual(accountsBefore);

    // With a reason: the full accounts, the control line, and the reason in the audit row.
    const reason = '送交示例县农商银行代发 2026 年 6 月特扶金';
    const full = await county.post(`/subsidies/payments/${batchId}/export-full`, { reason });
    expect(full.status).toBe(200);
    expect(full.headers['content-type']).toMatch(/^text\/csv/);
    expect(full.headers['content-disposition']).toContain(`batch${batchId}-full.csv`);
    const lines = full.text.slice(1).trimEnd().split('\r\n');
    const body = lines.slice(1, -1).map((l) => l.split(','));
    expect(body).toHaveLength(rows.length);
    expect(body.map((c) => c[3])).toEqual(rows.map(() => '6230520012345678901'));
    const totalFen = rows.reduce((sum, r) => sum + r.amount_fen, 0);
    const sumOfCells = body.reduce((sum, c) => sum + Math.round(Number(c[4]) * 100), 0);
    expect(sumOfCells).toBe(totalFen);
    expect(lines[lines.length - 1]).toBe(`合计,${rows.length} 笔,${(totalFen / 100).toFixed(2)} 元`);
    console.log('full bank file control line:', lines[lines.length - 1], '| rows:', body.length, '| sum of amount cells (fen):', sumOfCells);
    const audit = must(
      await t
        .db('audit_log')
        .where({ action: 'subsidy_batch.export_full_account', entity_id: String(batchId) })
        .first(),
      'audit row',
    );
    expect(audit).toMatchObject({ reason, username: expect.any(String) as string });
    expect(audit.after).toEqual({ rows: rows.length, full_account: true, total_fen: totalFen });

    // The masked file carries the same control line and no full account.
    const masked = await county.get(`/subsidies/payments/${batchId}/export`);
    expect(masked.text).not.toContain('6230520012345678901');
    expect(masked.text.trimEnd().split('\r\n').pop()).toBe(lines[lines.length - 1]);

    // Nobody else: township roles and the admin 403, a missing batch 404; nothing audited for them.
    for (const role of [
      { role: 'clerk', regionId: w.townshipA.id },
      { role: 'supervisor', regionId: w.townshipA.id },
      { role: 'admin', regionId: w.county.id },
    ] as const) {
      const u = await makeUser(t.db, role);
      const c = new Client(app.app);
      await c.login(u.username, u.password);
      expect((await c.get(`/subsidies/payments/${batchId}/export-full`)).status, role.role).toBe(403);
      const post = await c.post(`/subsidies/payments/${batchId}/export-full`, { reason: '试图导出' });
      expect(post.status, role.role).toBe(403);
      expect(post.text).not.toContain('6230520012345678901');
    }
    expect((await county.post('/subsidies/payments/999999/export-full', { reason })).status).toBe(404);
    expect(await t.db('audit_log').where({ action: 'subsidy_batch.export_full_account', entity_id: String(batchId) })).toHaveLength(1);
  });

  it('the application page masks the bank account; the full one is shown once on request with a reason, audited', async () => {
    const a = await approved(await rewardEligibleWoman(t.db, w.villageA1.id, '褚美华'), 'reward_assistance');
    const shown = (html: string) => $(html)('#account').text().trim();
    const first = await county.get(`/subsidies/applications/${a.id}`);
    expect(shown(first.text)).toBe('***************8901');
    expect(first.text).not.toContain('6230520012345678901');

    const none = await county.post(`/subsidies/applications/${a.id}/reveal-account`, { reveal_reason: '' });
    expect(none.status).toBe(422);
    expect($(none.text)('#f-reveal_reason-err').text()).toContain('请填写查看完整银行账号的理由');
    expect(none.text).not.toContain('6230520012345678901');

    const ok = await county.post(`/subsidies/applications/${a.id}/reveal-account`, { reveal_reason: '与申请人电话核对账号' });
    expect(ok.status).toBe(303);
    expect(shown((await county.get(`/subsidies/applications/${a.id}`)).text)).toContain('6230520012345678901');
    // Once: the next view is masked again.
    expect(shown((await county.get(`/subsidies/applications/${a.id}`)).text)).toBe('***************8901');
    const audit = await t.db('audit_log').where({ action: 'subsidy_application.reveal_account', entity_id: String(a.id) });
    expect(audit.map((r) => r.reason)).toEqual(['与申请人电话核对账号']);

    // Another township cannot ask (404), the admin may not (403).
    const b = await makeUser(t.db, { role: 'clerk', regionId: w.townshipB.id });
    const clerkB = new Client(app.app);
    await clerkB.login(b.username, b.password);
    expect((await clerkB.post(`/subsidies/applications/${a.id}/reveal-account`, { reveal_reason: '看看' })).status).toBe(404);
    expect((await admin.post(`/subsidies/applications/${a.id}/reveal-account`, { reveal_reason: '看看' })).status).toBe(403);
    expect(await t.db('audit_log').where({ action: 'subsidy_application.reveal_account', entity_id: String(a.id) })).toHaveLength(1);
  });
});
