/**
 * 长效节育措施落实规则 page: every report reader sees the dated rules and the one in force today; the county
 * supervisor and admin add a rule from a date (reason required, audited); township staff cannot.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../helpers/app.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.ts';
import { makeUser, seedWorld, type World } from '../../helpers/fixtures.ts';
import { $, Client } from '../../helpers/http.ts';

const PAGE = '/reports/long-acting-rules';
const RULE = { effective_from: '2026-01-01', min_birth_order: '3', within_days: '90', note: '生育三孩及以上的妇女，产后 90 天内落实', reason: '县卫健局 2025 年 12 号文' };

describe('long-acting rules page', () => {
  let t: TestDatabase;
  let app: TestApp;
  let w: World;
  let county: Client, admin: Client, clerkA: Client, supA: Client;
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
    app.clock.set(new Date('2025-12-15T03:00:00Z'));
    county = await login('supervisor', w.county.id);
    admin = await login('admin', w.county.id);
    clerkA = await login('clerk', w.townshipA.id);
    supA = await login('supervisor', w.townshipA.id);
  });
  afterEach(async () => {
    await app.close();
    await t.destroy();
  });

  const rows = (html: string) =>
    $(html)('table.long-acting-rules tbody tr')
      .toArray()
      .map((tr) =>
        $(html)(tr)
          .find('td')
          .toArray()
          .map((td) => $(html)(td).text().trim()),
      );
  const ruleCount = async () => Number((await t.db('long_acting_rules').count({ n: '*' }))[0].n);

  it('lists the seeded rule, in force today, and explains that earlier figures keep their rule; a clerk reads it without the form', async () => {
    const res = await clerkA.get(PAGE);
    expect(res.status).toBe(200);
    const page = $(res.text);
    expect(rows(res.text)).toEqual([['1980-01-01', '生育第 2 孩及以上', '产后 180 天内', expect.stringContaining('生育二孩及以上的妇女') as string, '系统', '现行']]);
    expect(page('.long-acting-in-force').text()).toContain('生育第 2 孩及以上的妇女，产后 180 天内落实长效节育措施');
    expect(page('main').text()).toContain('新增规则不会改变以前各期的数字');
    expect(page(`form[action="${PAGE}"]`).length).toBe(0);
    expect(page('h1').text()).toBe('长效节育措施落实规则');
  });

  it('a county supervisor adds a rule from 2026-01-01: listed as not yet in force, in force from its date, audited with the reason', async () => {
    const form = $((await county.get(PAGE)).text)(`form[action="${PAGE}"]`);
    expect(form.find('input[name=_csrf]').length).toBe(1);
    const res = await county.post(PAGE, RULE);
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(PAGE);
    const after = await county.get(PAGE);
    expect($(after.text)('.flash').text()).toContain('自 2026-01-01 起，生育第 3 孩及以上的妇女产后 90 天内落实');
    expect(rows(after.text).map((r) => [r[0], r[1], r[2], r[5]])).toEqual([
      ['1980-01-01', '生育第 2 孩及以上', '产后 180 天内', '现行'],
      ['2026-01-01', '生育第 3 孩及以上', '产后 90 天内', '未生效'],
    ]);
    const audit = await t.db('audit_log').where({ action: 'long_acting_rule.create' }).first();
    expect(audit).toMatchObject({ entity: 'long_acting_rule', reason: RULE.reason });

    // On its date (a new session: the old ones have expired meanwhile).
    app.clock.set(new Date('2026-01-02T03:00:00Z'));
    const reader = await login('clerk', w.townshipA.id);
    const later = await reader.get(PAGE);
    expect($(later.text)('.long-acting-in-force').text()).toContain('生育第 3 孩及以上的妇女，产后 90 天内落实');
    expect(rows(later.text).map((r) => r[5])).toEqual(['已被替代', '现行']);
  });

  it('the county admin may add a rule too', async () => {
    expect((await admin.post(PAGE, { ...RULE, effective_from: '2027-01-01' })).status).toBe(303);
    expect(await t.db('long_acting_rules').where({ effective_from: '2027-01-01' }).pluck('min_birth_order')).toEqual([3]);
  });

  it('a duplicate date is a 422 at effective_from, the values kept, nothing written', async () => {
    expect((await county.post(PAGE, RULE)).status).toBe(303);
    const res = await county.post(PAGE, { ...RULE, within_days: '120' });
    expect(res.status).toBe(422);
    const page = $(res.text);
    expect(page('#f-effective_from-err').text()).toContain('2026-01-01 已有一条规则');
    expect(page('#f-within_days').val()).toBe('120');
    expect(page('#f-reason').text()).toBe(RULE.reason);
    expect(await ruleCount()).toBe(2);
  });

  it('refuses bad numbers, a date before 1980, a missing reason or note, each with its Chinese message (422)', async () => {
    const cases: [Record<string, string>, string, string][] = [
      [{ min_birth_order: '0' }, 'min_birth_order', '孩次条件不能小于 1'],
      [{ min_birth_order: '10' }, 'min_birth_order', '孩次条件不能大于 9'],
      [{ min_birth_order: '2.5' }, 'min_birth_order', '孩次条件应为整数'],
      [{ within_days: '0' }, 'within_days', '落实期限（天）不能小于 1'],
      [{ within_days: '1096' }, 'within_days', '落实期限（天）不能大于 1095'],
      [{ within_days: '九十' }, 'within_days', '请填写落实期限（天）'],
      [{ effective_from: '1979-12-31' }, 'effective_from', '生效日期不能早于 1980-01-01'],
      [{ effective_from: '2026-02-30' }, 'effective_from', '生效日期不是有效日期'],
      [{ reason: '' }, 'reason', '请填写调整原因'],
      [{ note: ' ' }, 'note', '请填写说明'],
      [{ note: '长'.repeat(201) }, 'note', '说明不能超过 200 个字'],
    ];
    for (const [patch, field, message] of cases) {
      const res = await county.post(PAGE, { ...RULE, ...patch });
      expect(res.status, JSON.stringify(patch)).toBe(422);
      expect($(res.text)(`#f-${field}-err`).text(), JSON.stringify(patch)).toContain(message);
    }
    expect(await ruleCount()).toBe(1);
  });

  it('township staff cannot add a rule (403), and a post without the CSRF token is refused (403)', async () => {
    expect((await clerkA.post(PAGE, RULE)).status).toBe(403);
    expect((await supA.post(PAGE, RULE)).status).toBe(403);
    expect((await county.post(PAGE, RULE, { token: null })).status).toBe(403);
    expect(await ruleCount()).toBe(1);
  });

  it('the report notes link to the rules', async () => {
    const page = $((await clerkA.get('/reports/monthly')).text);
    expect(page('.report-notes a.long-acting-rules-link').attr('href')).toBe(PAGE);
  });
});
