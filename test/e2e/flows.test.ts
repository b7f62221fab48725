/**
 * The work of the portal as its users do it, in Chromium against the real server: a clerk registers a woman and
 * her child through the forms (watching the ID-number preview), records an IUD insertion and finds the
 * follow-ups on the card and on the follow-up list; a township supervisor enters the villages' population
 * figures and submits the month, the county supervisor accepts it and opens the print view; a clerk files a
 * subsidy application that the township and then the county supervisor approve. (An admin creating a township
 * account is in auth.test.ts.) Each flow checks what the user sees and what the database holds.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { lastMonth } from '../../src/domain/report-periods.ts';
import { seedCast, type Cast } from '../helpers/actors.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { expectNoFullIdNumbers } from '../helpers/id-scan.ts';
import { must } from '../helpers/must.ts';
import { castActor } from '../helpers/scenario.ts';
import { REWARD_EVIDENCE, rewardEligibleWoman } from '../helpers/subsidy-fixtures.ts';
import { makeCard, womanId } from '../helpers/women.ts';
import { recordBirth } from '../../src/features/women/service.ts';
import { signInThroughForm, submitAndWait, useBrowser } from './support/browser.ts';
import { startServer, type RunningServer } from './support/server.ts';
import { TEST_TODAY } from '../helpers/clock.ts';

/** Forms with data-confirm ask first: a user says yes. */
function acceptConfirms(page: Page) {
  page.on('dialog', (d) => void d.accept());
}

const text = async (page: Page, selector: string) => ((await page.textContent(selector)) ?? '').replace(/\s+/g, ' ').trim();

describe('the main flows in Chromium', () => {
  let t: TestDatabase;
  let server: RunningServer;
  let cast: Cast;
  const today = TEST_TODAY;
  const month = lastMonth(today);
  const b = useBrowser(() => server.url);

  beforeAll(async () => {
    t = await createTestDatabase();
    cast = await seedCast(t.db);
    server = await startServer({ databaseUrl: t.url });
  });
  afterAll(async () => {
    await server?.stop();
    await t?.destroy();
  });

  b.test('a clerk registers a woman through the form, with the ID-number preview, and adds her child', async ({ page }) => {
    const id = womanId('1994-08-16');
    await signInThroughForm(page, cast.users.clerkA.username, cast.users.clerkA.password);
    await page.goto('/women');
    await submitAndWait(page, () => page.click('a:has-text("新增育龄妇女")'));
    expect(new URL(page.url()).pathname).toBe('/women/new');

    // Typing the number shows at once the birth date, age and sex it encodes.
    await page.fill('#f-id_number', id.slice(0, 10));
    expect(await text(page, '#f-id_number-hint')).toContain('身份证号应为 18 位');
    await page.fill('#f-id_number', id);
    const age = Number(today.slice(0, 4)) - 1994 - (today.slice(5) < '08-16' ? 1 : 0);
    expect(await text(page, '#f-id_number-hint')).toBe(`出生日期 1994-08-16，${age} 岁，女`);
    await page.fill('#f-name', '周晓梅');
    await page.selectOption('#f-village', cast.world.villageA1.code);
    await page.selectOption('#f-marital_status', 'first_marriage');
    // Dates are typed the way they are written on paper (issue 14): the server stores the ISO date.
    await page.fill('#f-marriage_date', '2017.5.1');
    await page.fill('#f-spouse_name', '吴建军');
    await page.fill('#f-phone', '13912340001');
    await page.fill('#f-address', '东街村2组6号');
    await submitAndWait(page, () => page.click('form[action="/women"] button[type=submit]'));
    expect(new URL(page.url()).pathname).toMatch(/^\/women\/\d+$/);
    expect(await text(page, '.flash-success')).toContain('已保存 周晓梅 的信息卡');
    expect(await text(page, 'h1')).toContain('周晓梅');
    expect(await text(page, '.id-number')).toBe(`${id.slice(0, 6)}${'*'.repeat(11)}${id.slice(17)}`);
    const woman = must(await t.db('women').where({ id_number: id }).first(), 'the new card');
    expect(woman).toMatchObject({
      name: '周晓梅',
      birth_date: '1994-08-16',
      marriage_date: '2017-05-01',
      region_id: cast.world.villageA1.id,
      marital_status: 'first_marriage',
      spouse_id_number: null,
      status: 'active',
    });

    // The page offers the next step: her child.
    await submitAndWait(page, () => page.click('.next-steps a:has-text("添加子女")'));
    await page.fill('#f-birth_date', '2019年3月2日');
    await page.selectOption('#f-sex', 'female');
    await page.fill('#f-name', '吴悦');
    await submitAndWait(page, () => page.click('button:has-text("保存")'));
    expect(new URL(page.url()).pathname).toBe(`/women/${woman.id}`);
    expect(await text(page, '.flash-success')).toContain('已登记第1孩 吴悦（2019-03-02）');
    expect(await text(page, '#children tbody')).toContain('吴悦');
    const child = await t.db('children').where({ woman_id: woman.id }).first();
    expect(child).toMatchObject({ name: '吴悦', sex: 'female', birth_date: '2019-03-02', birth_order: 1, policy_status: 'compliant' });
    const actions = await t
      .db('audit_log')
      .where({ entity: 'woman', entity_id: String(woman.id) })
      .orderBy('id')
      .pluck('action');
    expect(actions).toEqual(expect.arrayContaining(['card.create']));
    expect(actions.length).toBeGreaterThanOrEqual(2);
    expectNoFullIdNumbers(server.output(), 'the server log');
  });

  b.test('a clerk records an IUD insertion and sees the follow-ups on the card and on the follow-up list', async ({ page }) => {
    const clerk = castActor(cast, 'clerkA');
    const card = await makeCard(t.db, clerk, cast.world.villageA2.code, { name: '郑丽萍' });
    await recordBirth(t.db, clerk, card.id, { birth_date: '2020-07-07', children: [{ sex: 'male' }] }, { today });
    await signInThroughForm(page, cast.users.clerkA.username, cast.users.clerkA.password);
    await page.goto(`/women/${card.id}`);
    expect(await text(page, '#services')).toContain('暂无技术服务记录');
    await submitAndWait(page, () => page.click('#services a:has-text("登记技术服务")'));
    await page.selectOption('#f-kind', 'iud_insertion');
    await page.fill('#f-performed_on', today);
    await page.fill('#f-facility', '城关镇计生服务站');
    await page.fill('#f-provider', '李医生');
    await submitAndWait(page, () => page.click('form[action$="/services"] button[type=submit]'));

    expect(new URL(page.url()).pathname).toBe(`/women/${card.id}`);
    expect(await text(page, '.flash-success')).toContain('生成随访 4 次');
    expect(await text(page, '#services')).toContain('放置宫内节育器(上环)');
    expect(await text(page, '.card-badges')).toContain('现用措施：宫内节育器');
    const followUps = await t.db('follow_ups').where({ woman_id: card.id }).orderBy('due_on');
    expect(followUps.map((f) => f.level)).toEqual(['township', 'township', 'township', 'township']);
    const cardFollowUps = await text(page, '#follow_ups');
    for (const f of followUps) expect(cardFollowUps).toContain(f.due_on);

    await page.goto('/follow-ups?status=all');
    const rows = page.locator('table tbody tr', { hasText: '郑丽萍' });
    expect(await rows.count()).toBe(4);
    expect(await text(page, 'table.data:not(.summary) tbody')).toContain(followUps[0].due_on);
    const service = must(await t.db('services').where({ woman_id: card.id }).first(), 'the IUD insertion');
    expect(service).toMatchObject({ kind: 'iud_insertion', performed_on: today, facility: '城关镇计生服务站' });
    expect(await t.db('contraception_episodes').where({ woman_id: card.id, service_id: service.id, method: 'iud' }).whereNull('ended_on').first()).toBeTruthy();
  });

  b.test('a township supervisor enters the population and submits the month; the county accepts it and prints the report', async ({ page, context }) => {
    acceptConfirms(page);
    await signInThroughForm(page, cast.users.supA.username, cast.users.supA.password);
    await page.goto(`/population?month=${month}`);
    await page.fill(`#f-population_end-${cast.world.villageA1.code}`, '1,520');
    await page.fill(`#f-deaths-${cast.world.villageA1.code}`, '1');
    await page.fill(`#f-population_end-${cast.world.villageA2.code}`, '980');
    await page.fill(`#f-deaths-${cast.world.villageA2.code}`, '0');
    await submitAndWait(page, () => page.click('form[method="post"][action="/population"] button[type=submit]'));
    expect(await text(page, '.flash-success')).toContain('2 个村(社区)的人口数据');
    const figures = await t
      .db('population_figures')
      .where({ month: `${month}-01` })
      .orderBy('region_id');
    expect(figures.map((f) => [f.region_id, f.population_end, f.deaths])).toEqual([
      [cast.world.villageA1.id, 1520, 1],
      [cast.world.villageA2.id, 980, 0],
    ]);

    await page.goto(`/reports/monthly?month=${month}`);
    expect(await page.locator('.blockers').count(), 'nothing blocks the submission').toBe(0);
    await submitAndWait(page, () => page.click('form[action="/reports/monthly/submit"] button'));
    expect(await text(page, '.flash-success')).toContain('已上报');
    expect(await page.getAttribute('.close-status .badge', 'data-status')).toBe('submitted');

    await context.clearCookies();
    await signInThroughForm(page, cast.users.countySup.username, cast.users.countySup.password);
    await page.goto(`/reports/monthly?month=${month}`);
    const row = page.locator(`tr[data-township="${cast.world.townshipA.code}"]`);
    expect(await row.locator('.badge').getAttribute('data-status')).toBe('submitted');
    await submitAndWait(page, () => row.locator('form[action="/reports/monthly/accept"] button').click());
    expect(await text(page, '.flash-success')).toContain('已审核通过');
    expect(await page.locator(`tr[data-township="${cast.world.townshipA.code}"] .badge`).getAttribute('data-status')).toBe('accepted');
    const period = must(
      await t
        .db('report_periods')
        .where({ township_id: cast.world.townshipA.id, month: `${month}-01` })
        .first(),
      'the report period',
    );
    expect(period).toMatchObject({ status: 'accepted', accepted_by: cast.users.countySup.id });
    expect(period.snapshot).toBeTruthy();

    // 打印 opens the print view in a new tab: official header and footer, no navigation.
    const [print] = await Promise.all([context.waitForEvent('page'), page.click('a:has-text("打印")')]);
    await print.waitForLoadState('load');
    expect(new URL(print.url()).searchParams.get('print')).toBe('1');
    const sheet = await text(print, 'body');
    for (const words of ['填报单位：示例县', '报告期', '单位负责人', '统计负责人', '填表人', '报出日期', '城关镇']) expect(sheet).toContain(words);
    expect(await print.locator('nav.site-nav, .site-nav').count()).toBe(0);
    await print.close();
  });

  b.test('a clerk files a subsidy application; the township and then the county supervisor approve it', async ({ page, context }) => {
    acceptConfirms(page);
    const elder = await rewardEligibleWoman(t.db, cast.world.villageA1.id, '冯桂香');
    await signInThroughForm(page, cast.users.clerkA.username, cast.users.clerkA.password);
    await page.goto('/subsidies/applications/new');
    await page.fill('#q', '冯桂香');
    await submitAndWait(page, () => page.click('form[action="/subsidies/applications/new"] button'));
    await submitAndWait(page, () => page.click('#found a:has-text("为其申请")'));
    await page.selectOption('#f-program', 'reward_assistance');
    await page.fill('#f-bank_name', '示例县农商银行');
    await page.fill('#f-bank_account', '6230 5200 1234 5678 901');
    await page.fill('#f-account_holder', '冯桂香');
    for (const code of REWARD_EVIDENCE) await page.check(`#f-evidence-${code}`);
    await submitAndWait(page, () => page.click('button:has-text("保存草稿")'));
    expect(await text(page, '.flash-success')).toContain('已保存 冯桂香 的');
    const id = Number(new URL(page.url()).pathname.split('/').pop());
    await submitAndWait(page, () => page.click(`form[action="/subsidies/applications/${id}/submit"] button`));
    expect(await text(page, '.flash-success')).toContain('等待乡镇审核');

    const decide = async (who: 'supA' | 'countySup', opinion: string, status: string) => {
      await context.clearCookies();
      await signInThroughForm(page, cast.users[who].username, cast.users[who].password);
      await page.goto(`/subsidies/applications/${id}`);
      const form = page.locator('form.decision[data-action="approve"]');
      await form.locator('textarea[name=opinion]').fill(opinion);
      await submitAndWait(page, () => form.locator('button[type=submit]:not([name])').click());
      expect(await text(page, '.flash-success')).toContain(status);
      expect(await text(page, 'body')).toContain(opinion);
    };
    await decide('supA', '经入户核实，情况属实，同意上报。', '待县级审批');
    await decide('countySup', '符合奖扶条件，准予享受。', '已批准');

    const app = await t.db('subsidy_applications').where({ id }).first();
    expect(app).toMatchObject({ woman_id: elder.id, program: 'reward_assistance', status: 'approved', beneficiary_name: '冯桂香' });
    const decisions = await t.db('subsidy_decisions').where({ application_id: id }).orderBy('id');
    expect(decisions.map((d) => [d.action, d.level, d.to_status, d.user_id])).toEqual([
      ['submit', 'township', 'submitted', cast.users.clerkA.id],
      ['approve', 'township', 'township_approved', cast.users.supA.id],
      ['approve', 'county', 'approved', cast.users.countySup.id],
    ]);
  });
});
