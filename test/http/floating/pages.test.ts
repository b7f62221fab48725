/**
 * The floating pages over HTTP, as township clerks and the county use them: the 婚育证明 check list on a date (valid,
 * expired, revoked, none; unmarried outflow and settled women left out), 50 a page with page 2 and the last page, its
 * CSV; the 协查 form (422 with values kept, due date from the app's clock), the receiver's inbox and answer, a third
 * township's 404, the overdue count on the receiver's home page; the verification form; the exchange import's dry
 * run (nothing written) and commit; and the 协查 form under generated input (never a 500).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writePackage } from '../../../src/features/floating/exchange/package.ts';
import { createRegion } from '../../../src/features/regions/service.ts';
import { buildTestApp, type TestApp } from '../../helpers/app.ts';
import { useTestDatabase } from '../../helpers/db.ts';
import { makeUser, seedWorld, type World } from '../../helpers/fixtures.ts';
import { refusalLog, runForm, type Tally } from '../../helpers/generative.ts';
import { $, Client } from '../../helpers/http.ts';
import * as f from '../../helpers/report-fixtures.ts';

const TODAY = '2026-03-01';

describe('floating pages', () => {
  const t = useTestDatabase();
  let app: TestApp;
  let w: World;
  let clerkA: Client;
  let clerkB: Client;
  let userB: { username: string; password: string };
  let clerkC: Client;
  let countySup: Client;
  const log = refusalLog();
  const ids: Record<string, number> = {};
  const idNumbers: Record<string, string> = {};

  async function woman(name: string, village: number, status: 'outflow' | 'inflow' | 'none', married = true) {
    ids[name] = await f.addWoman(t.db, {
      village,
      birth_date: '1990-01-01',
      marriage_date: married ? '2012-01-01' : null,
      name,
      migrant_status: status,
      migrant_since: status === 'none' ? undefined : '2025-06-01',
    });
    idNumbers[name] = (await t.db('women').where({ id: ids[name] }).first('id_number'))!.id_number;
  }
  let certSeq = 0;
  async function cert(name: string, issued: string, expires: string | null, revoked?: string) {
    certSeq += 1;
    await t.db('certificates').insert({
      woman_id: ids[name],
      region_id: w.villageA1.id,
      kind: 'migrant_certificate',
      number: `HY${certSeq}`,
      issued_on: issued,
      expires_on: expires,
      revoked_on: revoked ?? null,
      revoke_reason: revoked ? '换发' : null,
    });
  }

  beforeAll(async () => {
    w = await seedWorld(t.db);
    const townshipC = await createRegion(t.db, null, { code: '990100003', name: '西山镇' });
    await createRegion(t.db, null, { code: '990100003001', name: '下河村' });
    app = buildTestApp(t.db, t.url, { logger: log.logger });
    app.clock.set(new Date(`${TODAY}T04:00:00Z`));
    const login = async (role: 'clerk' | 'supervisor' | 'admin', regionId: number) => {
      const u = await makeUser(t.db, { role, regionId });
      const c = new Client(app.app);
      await c.login(u.username, u.password);
      return c;
    };
    clerkA = await login('clerk', w.townshipA.id);
    userB = await makeUser(t.db, { role: 'clerk', regionId: w.townshipB.id });
    clerkB = new Client(app.app);
    await clerkB.login(userB.username, userB.password);
    clerkC = await login('clerk', townshipC.id);
    countySup = await login('supervisor', w.county.id);

    await woman('有效', w.villageA1.id, 'outflow');
    await cert('有效', '2025-06-01', '2026-05-31');
    await woman('过期', w.villageA1.id, 'outflow');
    await cert('过期', '2025-01-01', '2026-02-28');
    await woman('注销', w.villageA1.id, 'outflow');
    await cert('注销', '2025-06-01', '2026-05-31', '2026-02-01');
    await woman('未办', w.villageA1.id, 'outflow');
    await woman('未婚流出', w.villageA1.id, 'outflow', false);
    await woman('未婚流入', w.villageA1.id, 'inflow', false);
    await woman('常住', w.villageA1.id, 'none');
    await woman('东山', w.villageB1.id, 'outflow');
    // 55 married women flowing out of 西街村 with no certificate: the paging.
    for (let i = 0; i < 55; i++) await woman(`西街${String(i).padStart(2, '0')}`, w.villageA2.id, 'outflow');
  }, 120_000);
  afterAll(() => app.close());

  it('lists the women without a valid 婚育证明 on the date, with why', async () => {
    const res = await clerkA.get(`/floating/certificates?village=${w.villageA1.code}&on=2026-03-01`);
    expect(res.status).toBe(200);
    const doc = $(res.text);
    const rows = doc('table.data.stack tbody tr')
      .toArray()
      .map((tr) => [doc(tr).find('td[data-label="姓名"]').text().trim(), doc(tr).find('td[data-label="问题"]').text().trim()]);
    expect(rows.sort()).toEqual(
      [
        ['过期', '婚育证明已过期'],
        ['注销', '婚育证明已注销'],
        ['未办', '无婚育证明'],
        ['未婚流入', '无婚育证明'],
      ].sort(),
    );
    // On the expiry day itself the expired one was still valid; before the revocation the revoked one too.
    const earlier = await clerkA.get(`/floating/certificates?village=${w.villageA1.code}&on=2026-01-31`);
    const early = $(earlier.text);
    const names = early('td[data-label="姓名"]')
      .toArray()
      .map((td) => early(td).text().trim())
      .sort();
    expect(names).toEqual(['未办', '未婚流入'].sort());
    // Township B's woman is not township A's to see.
    expect(res.text).not.toContain('东山');
  });

  it('pages the list 50 at a time (page 2, the last page) and exports every row as CSV', async () => {
    const p1 = await clerkA.get(`/floating/certificates?village=${w.villageA2.code}`);
    expect($(p1.text)('table.data.stack tbody tr').length).toBe(50);
    expect($(p1.text)('.result-count').text()).toContain('55');
    const p2 = await clerkA.get(`/floating/certificates?village=${w.villageA2.code}&page=2`);
    expect($(p2.text)('table.data.stack tbody tr').length).toBe(5);
    expect($(p2.text)('td[data-label="姓名"]').last().text().trim()).toBe('西街54');
    const past = await clerkA.get(`/floating/certificates?village=${w.villageA2.code}&page=9`);
    expect($(past.text)('.pagination [aria-current="page"]').text()).toContain('第 2 / 2 页');
    const csv = await clerkA.get(`/floating/certificates?village=${w.villageA2.code}&format=csv`);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.text.trim().split('\n').length).toBe(57);
    expect((await clerkA.get(`/floating/certificates?village=${w.villageB1.code}`)).status).toBe(404);
  });

  it('sends a 协查 with its due date from the app’s clock; the receiver answers; a third township gets 404', async () => {
    const bad = await clerkA.post('/floating/queries', { id_number: '12345', kind: 'pregnancy', to_region: w.villageB1.code, body: '请核实' });
    expect(bad.status).toBe(422);
    expect($(bad.text)('#f-id_number').val()).toBe('12345');
    expect($(bad.text)('#f-id_number-err').text()).toContain('18位');

    const sent = await clerkA.post('/floating/queries', { id_number: idNumbers.未办!, kind: 'pregnancy', to_region: w.villageB1.code, body: '请核实孕情' });
    expect(sent.status).toBe(303);
    const id = Number(/\/floating\/queries\/(\d+)$/.exec(sent.headers.location)![1]);
    const row = (await t.db('floating_queries').where({ id }).first())!;
    expect([row.sent_on, row.due_on]).toEqual(['2026-03-01', '2026-03-16']);
    const card = await clerkA.get(`/women/${ids.未办}`);
    expect($(card.text)('#floating-queries td[data-label="类别"]').text()).toBe('怀孕信息');
    expect($(card.text)(`#floating-queries a[href="/floating/queries/new?woman=${ids.未办}"]`).length).toBe(1);

    expect((await clerkC.get(`/floating/queries/${id}`)).status).toBe(404);
    expect((await clerkC.post(`/floating/queries/${id}/answer`, { answer: '不是我的' })).status).toBe(404);
    expect((await clerkC.get('/floating/queries?box=inbox&state=all')).text).not.toContain('未办');

    // Overdue on the receiver's home page once the clock passes the due day (signed in again that day).
    app.clock.set(new Date('2026-03-17T04:00:00Z'));
    try {
      await answerLate(id);
    } finally {
      app.clock.set(new Date(`${TODAY}T04:00:00Z`));
    }
  });

  async function answerLate(id: number) {
    const clerkB = new Client(app.app);
    await clerkB.login(userB.username, userB.password);
    const clerkA = new Client(app.app);
    const a = await makeUser(t.db, { role: 'clerk', regionId: w.townshipA.id });
    await clerkA.login(a.username, a.password);
    const home = await clerkB.get('/');
    expect($(home.text)('a[href="/floating/queries?box=inbox&state=overdue"] strong').text()).toBe('1');
    const inbox = await clerkB.get('/floating/queries?box=inbox&state=overdue');
    expect($(inbox.text)('td[data-label="姓名"]').text()).toContain('未办');

    const answered = await clerkB.post(`/floating/queries/${id}/answer`, { answer: '经核实未孕', result_code: 'not_confirmed' });
    expect(answered.status).toBe(303);
    expect((await t.db('floating_queries').where({ id }).first())!.answered_on).toBe('2026-03-17');
    const senderView = await clerkA.get(`/floating/queries/${id}`);
    expect(senderView.text).toContain('逾期反馈');
    expect(
      await t
        .db('audit_log')
        .where({ action: 'floating.query_answer', entity_id: String(id) })
        .count<{ n: number }[]>('* as n'),
    ).toEqual([{ n: 1 }]);
  }

  it('records a verification of a floating woman, and refuses a date before she left', async () => {
    const before = await clerkA.post(`/floating/verifications/${ids.过期}`, { verified_on: '2025-05-01', result: 'in_place' });
    expect(before.status).toBe(422);
    expect($(before.text)('#f-verified_on-err').text()).toContain('不能早于流动日期');
    const ok = await clerkA.post(`/floating/verifications/${ids.过期}`, { verified_on: '2026-02-20', result: 'in_place', note: '电话核实' });
    expect(ok.status).toBe(303);
    const list = await clerkA.get(`/floating/verifications?status=all&village=${w.villageA1.code}`);
    const page = $(list.text);
    const tr = page('tr').filter((_, el) => page(el).find('td[data-label="姓名"]').text().trim() === '过期');
    expect(tr.find('td[data-label="应核查日期"]').text()).toContain('2026-08-20');
    expect((await clerkB.get(`/floating/verifications/${ids.过期}`)).status).toBe(404);
  });

  it('imports a package: the dry run writes nothing, the commit puts the query in the township’s inbox', async () => {
    const admin = new Client(app.app);
    const u = await makeUser(t.db, { role: 'admin', regionId: w.county.id });
    await admin.login(u.username, u.password);
    expect((await admin.post('/floating/exchange/partners', { county_code: '990200', name: '乙县', secret: 'partner-secret-0123456789', active: '1' })).status).toBe(303);
    const text = writePackage(
      {
        format: 'fp-portal.floating-exchange',
        version: 1,
        package_id: '1a2b3c4d-5e6f-4a8b-9c0d-1e2f3a4b5c6d',
        from_county: '990200',
        to_county: '990100',
        created_on: '2026-02-27',
        queries: [
          {
            ref: '990200-1a2b3c4d-5e6f-4a8b-9c0d-1e2f3a4b5c6e',
            kind: 'arrival_notice',
            body: '该妇女已到达我县',
            sent_on: '2026-02-26',
            due_on: '2026-03-13',
            woman_name: '有效',
            woman_id_number: idNumbers.有效!,
            to_region_code: null,
            from_unit: '乙县城关镇',
          },
        ],
        answers: [],
      },
      'partner-secret-0123456789',
    );
    const token = await countySup.refreshToken('/floating/exchange');
    const preview = await countySup.agent
      .post(`/floating/exchange/import?_csrf=${encodeURIComponent(token)}`)
      .attach('file', Buffer.from(text), '交换包.json')
      .redirects(0);
    expect(preview.status).toBe(200);
    expect($(preview.text)('#preview-queries').text()).toBe('1');
    expect(await t.db('floating_queries').where({ from_county_code: '990200' }).count<{ n: number }[]>('* as n')).toEqual([{ n: 0 }]);
    const commit = await countySup.post('/floating/exchange/import/commit', { package: $(preview.text)('textarea[name="package"]').text() });
    expect(commit.status).toBe(303);
    const inbox = await clerkA.get('/floating/queries?box=inbox&state=all');
    expect($(inbox.text)('td[data-label="发出单位"]').text()).toContain('乙县城关镇');
    const again = await countySup.post('/floating/exchange/import/commit', { package: text });
    expect(again.status).toBe(422);
    expect($(again.text)('#f-file-err').text()).toContain('已导入过');
  });

  it('never answers the 协查 form with a 500 (fast-check)', async () => {
    const tally: Tally = { cases: 0, saved: 0, refused: 0, skipped: 0 };
    await runForm(
      t.db,
      clerkA,
      {
        page: () => Promise.resolve({ get: '/floating/queries/new', action: '/floating/queries' }),
        overrides: {
          id_number: fc.constantFrom(idNumbers.未办!, idNumbers.东山!, '', '11010519900307002X', 'abc', `${idNumbers.未办!.slice(0, 17)}x`),
          to_region: fc.constantFrom(w.villageB1.code, w.villageA1.code, '990100003001', '990100009999', '', 'abc'),
          to_county: fc.constantFrom('', '990200', '990999', 'abcdef'),
        },
      },
      40,
      tally,
      log.refusals,
    );
    expect(tally.cases).toBeGreaterThan(0);
  }, 120_000);
});
