/**
 * Certificate applications over HTTP: the form from the card (422 with the values kept, and a generative run that
 * never gets a 500), each step as the right and the wrong user (403, 404), the issued certificate on the card,
 * printing on its paper (A5 / A4), handing over, the 光荣证 prompt after a second child, the overdue list by the
 * app's clock, and the list's pages.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../../src/auth/actor.ts';
import { buildTestApp, type TestApp } from '../../helpers/app.ts';
import { TEST_NOW } from '../../helpers/clock.ts';
import { useTestDatabase } from '../../helpers/db.ts';
import { makeUser, seedWorld, type World } from '../../helpers/fixtures.ts';
import { refusalLog, runForm, type Tally } from '../../helpers/generative.ts';
import { $, Client } from '../../helpers/http.ts';
import { must } from '../../helpers/must.ts';
import { actorFor, makeCard } from '../../helpers/women.ts';

const FULL_BIRTH = ['hukou_booklet', 'id_card', 'marriage_certificate'];
const FULL_GLORY = ['hukou_booklet', 'id_card', 'marriage_certificate', 'birth_medical_certificate', 'photo'];
const DAY_MS = 86_400_000;

describe('certificate applications over HTTP', () => {
  const t = useTestDatabase();
  const log = refusalLog();
  let app: TestApp;
  let w: World;
  let clerkA: Client;
  let supA: Client;
  let supB: Client;
  let admin: Client;
  let actorA: Actor;

  async function login(role: 'clerk' | 'supervisor' | 'admin', regionId: number) {
    const u = await makeUser(t.db, { role, regionId });
    const c = new Client(app.app);
    await c.login(u.username, u.password);
    return { c, u };
  }
  const row = async (id: number) => must(await t.db('certificate_applications').where({ id }).first(), 'application');
  const idFrom = (location: string) => Number(location.split('/').pop());

  /** A card of township A and a submitted application for it (through the pages). */
  async function submittedApp(kind: string, evidence: string[], extra: Record<string, string> = {}) {
    const woman = await makeCard(t.db, actorA, w.villageA1.code, { name: '刘桂兰' });
    const created = await clerkA.post(`/women/${woman.id}/applications`, { kind, applicant: 'self', evidence, ...extra });
    expect(created.status, $(created.text)('.error-summary').text()).toBe(303);
    const id = idFrom(created.headers.location);
    const sub = await clerkA.post(`/applications/${id}/submit`, { version: (await row(id)).version });
    expect(sub.status).toBe(303);
    return { woman, id };
  }

  beforeAll(async () => {
    w = await seedWorld(t.db);
    app = buildTestApp(t.db, t.url, { logger: log.logger });
    const clerk = await login('clerk', w.townshipA.id);
    clerkA = clerk.c;
    actorA = actorFor(clerk.u, w.townshipA);
    supA = (await login('supervisor', w.townshipA.id)).c;
    supB = (await login('supervisor', w.townshipB.id)).c;
    admin = (await login('admin', w.county.id)).c;
  });
  afterAll(() => app.close());

  it('refuses an incomplete form with 422, keeping what was typed and ticked', async () => {
    const woman = await makeCard(t.db, actorA, w.villageA1.code);
    const page = await clerkA.get(`/women/${woman.id}/applications/new?kind=birth_registration`);
    expect(page.status).toBe(200);
    expect($(page.text)('#f-kind option[selected]').attr('value')).toBe('birth_registration');
    expect($(page.text)('#required-evidence').text()).toContain('生育登记（3 个工作日内办结）：户口簿、身份证、结婚证');
    const res = await clerkA.post(`/women/${woman.id}/applications`, { kind: 'birth_registration', applicant: 'agent', agent_name: '', evidence: ['id_card', 'photo'], note: '村里代交' });
    expect(res.status).toBe(422);
    const $r = $(res.text);
    expect($r('.error-summary').text()).toContain('生育登记须选择登记的孩次');
    expect($r('.error-summary').text()).toContain('代办申请须填写代办员姓名');
    expect($r('#f-applicant option[selected]').attr('value')).toBe('agent');
    expect($r('#f-evidence-id_card').attr('checked')).toBeDefined();
    expect($r('#f-evidence-photo').attr('checked')).toBeDefined();
    expect($r('#f-evidence-hukou_booklet').attr('checked')).toBeUndefined();
    expect($r('#f-note').text()).toBe('村里代交');
    expect(await t.db('certificate_applications').where({ woman_id: woman.id })).toEqual([]);
  });

  it('lets only a township supervisor in scope decide (403 clerk and admin, 404 other township), refuses missing evidence', async () => {
    const { id } = await submittedApp('birth_registration', ['id_card'], { child_order: '2' });
    const version = (await row(id)).version;
    expect((await clerkA.post(`/applications/${id}/approve`, { version })).status).toBe(403);
    expect((await admin.post(`/applications/${id}/approve`, { version })).status).toBe(403);
    expect((await supB.post(`/applications/${id}/approve`, { version })).status).toBe(404);
    expect((await supB.get(`/applications/${id}`)).status).toBe(404);
    const missing = await supA.post(`/applications/${id}/approve`, { version });
    expect(missing.status).toBe(422);
    expect($(missing.text)('.error-summary').text()).toContain('缺少证明材料：户口簿、结婚证');
    const returned = await supA.post(`/applications/${id}/return`, { reason: '', version, action: 'return' });
    expect(returned.status).toBe(422);
    expect($(returned.text)('#f-reason-err').text()).toContain('退回须填写理由');
    expect(await row(id)).toMatchObject({ status: 'submitted', number: null });
  });

  it('approves with a number, shows the certificate on the card, prints on A4, records the hand-over', async () => {
    const { woman, id } = await submittedApp('birth_registration', FULL_BIRTH, { child_order: '2' });
    const res = await supA.post(`/applications/${id}/approve`, { version: (await row(id)).version });
    expect(res.status).toBe(303);
    const a = await row(id);
    expect(a).toMatchObject({ status: 'approved', decided_on: '2026-11-18' });
    expect(a.number).toMatch(/^990100001-2026-SY-\d{5}$/);
    const card = $((await clerkA.get(`/women/${woman.id}`)).text);
    expect(card('#certificates').text()).toContain(a.number!);
    expect(card('#certificates').text()).toContain('生育登记');
    expect(card('#certificate-applications').text()).toContain('已批准');

    const printed = await clerkA.post(`/applications/${id}/print`, {});
    expect(printed.headers.location).toBe(`/applications/${id}/print`);
    expect((await row(id)).printed_at).not.toBeNull();
    const sheet = $((await clerkA.get(`/applications/${id}/print`)).text);
    expect(sheet('section.cert').attr('data-paper')).toBe('a4');
    expect(sheet('section.cert').hasClass('cert-a4')).toBe(true);
    expect(sheet('h1.cert-title').text()).toBe('生育登记服务单');
    expect(sheet('[data-field="number"]').text()).toBe(a.number);
    expect(sheet('[data-field="name"]').text()).toBe('刘桂兰');
    expect(sheet('[data-field="child_order"]').text()).toBe('二孩');
    expect(sheet('[data-field="issuer"]').text()).toBe('城关镇人民政府');
    expect(sheet('[data-field="id_number"]').text()).not.toContain(woman.id_number);

    const bad = await clerkA.post(`/applications/${id}/hand-over`, {
      handed_over_on: '2026-11-18',
      collector_name: '李建国',
      collector_relation: 'spouse',
      collector_id_last4: '12a4',
      version: a.version,
    });
    expect(bad.status).toBe(422);
    expect($(bad.text)('#f-collector_name').attr('value')).toBe('李建国');
    expect($(bad.text)('#f-collector_id_last4-err').text()).toContain('后四位');
    const ok = await clerkA.post(`/applications/${id}/hand-over`, {
      handed_over_on: '2026.11.18',
      collector_name: '李建国',
      collector_relation: 'spouse',
      collector_id_last4: '123x',
      version: a.version,
    });
    expect(ok.status).toBe(303);
    expect(await row(id)).toMatchObject({ status: 'handed_over', handed_over_on: '2026-11-18', collector_id_last4: '123X' });
    expect($((await clerkA.get(`/applications/${id}`)).text)('#hand-over').text()).toContain('李建国（配偶，身份证后四位 123X）');
  });

  it('prints a 光荣证 on A5, and a second child sends the clerk to revoke it; the application then reads 已注销', async () => {
    const woman = await makeCard(t.db, actorA, w.villageA2.code, { name: '孙美华' });
    expect((await clerkA.post(`/women/${woman.id}/children`, { sex: 'female', birth_date: '2018-03-03', name: '孙小一', vital_status: 'living' })).status).toBe(303);
    const created = await clerkA.post(`/women/${woman.id}/applications`, { kind: 'only_child_glory', applicant: 'self', evidence: FULL_GLORY });
    const id = idFrom(created.headers.location);
    await clerkA.post(`/applications/${id}/submit`, { version: (await row(id)).version });
    expect((await supA.post(`/applications/${id}/approve`, { version: (await row(id)).version })).status).toBe(303);
    const a = await row(id);
    const sheet = $((await clerkA.get(`/applications/${id}/print`)).text);
    expect(sheet('section.cert').attr('data-paper')).toBe('a5');
    expect(sheet('[data-field="child"]').text()).toBe('孙小一');
    const css = (await clerkA.get('/assets/print.css')).text;
    expect(css).toMatch(/@page cert-a5 \{\s*size: A5 portrait;/);
    expect(css).toMatch(/\.cert-a5 \{\s*page: cert-a5;/);

    const birth = await clerkA.post(`/women/${woman.id}/children`, { sex: 'male', birth_date: '2026-11-10', name: '孙小二', vital_status: 'living' });
    expect(birth.headers.location).toBe(`/women/${woman.id}/certificates/${a.certificate_id}/revoke`);
    expect((await clerkA.post(birth.headers.location, { revoked_on: '2026-11-18', revoke_reason: '再生育子女' })).status).toBe(303);
    const page = $((await clerkA.get(`/applications/${id}`)).text);
    expect(page('h1 [data-status]').attr('data-status')).toBe('revoked');
    expect(page('#revoked').text()).toContain('2026-11-18：再生育子女');
    expect((await clerkA.get(`/applications/${id}/print`)).status).toBe(422);
  });

  it('lists an application as overdue once the app clock passes its deadline, with the waiting time', async () => {
    const { id } = await submittedApp('birth_registration', FULL_BIRTH, { child_order: '1' });
    expect((await row(id)).due_on).toBe('2026-11-23');
    const today = $((await supA.get('/applications?status=overdue')).text);
    expect(today(`tr[data-id="${id}"]`).length).toBe(0);
    app.clock.set(new Date(TEST_NOW.getTime() + 6 * DAY_MS)); // Tuesday 2026-11-24
    try {
      // A session of its own, signed in at the later time (the others would have timed out).
      const sup = (await login('supervisor', w.townshipA.id)).c;
      const later = $((await sup.get('/applications?status=overdue')).text);
      const tr = later(`tr[data-id="${id}"]`);
      expect(tr.find('[data-overdue]').text()).toBe('已超期');
      expect(tr.find('[data-waiting]').attr('data-waiting')).toBe('4');
      expect(tr.find('td[data-label="等待时间"]').text()).toContain('已等待 4 个工作日');
    } finally {
      app.clock.set(TEST_NOW);
    }
  });

  it('pages the list 50 at a time (page 2 is the last)', async () => {
    const woman = await makeCard(t.db, actorA, w.villageA1.code);
    const before = Number((await t.db('certificate_applications').count<{ n: number }[]>({ n: '*' }))[0]!.n);
    const rows = Array.from({ length: 100 - before }, () => ({ woman_id: woman.id, region_id: w.villageA1.id, kind: 'migrant_certificate' as const, applicant: 'self' as const }));
    await t.db('certificate_applications').insert(rows);
    const first = $((await supA.get('/applications')).text);
    expect(first('.result-count').text()).toContain('共 100 份申请');
    expect(first('#applications tbody tr').length).toBe(50);
    expect(first('.pagination a[rel="next"]').attr('href')).toContain('page=2');
    const second = $((await supA.get('/applications?page=2')).text);
    expect(second('#applications tbody tr').length).toBe(50);
    expect(second('.pagination a[rel="next"]').length).toBe(0);
    expect(second('.pagination [aria-current="page"]').text()).toBe('第 2 / 2 页');
    const past = $((await supA.get('/applications?page=9')).text);
    expect(past('.pagination [aria-current="page"]').text()).toBe('第 2 / 2 页');
    expect((await supB.get('/applications')).text).toContain('共 0 份申请');
  });

  it('never answers the application form with a 500 (generative), keeping values on a refusal', async () => {
    const woman = await makeCard(t.db, actorA, w.villageA1.code, { name: '赵生成' });
    const tally: Tally = { cases: 0, saved: 0, refused: 0, skipped: 0 };
    await runForm(t.db, clerkA, { page: async () => ({ get: `/women/${woman.id}/applications/new`, action: `/women/${woman.id}/applications` }) }, 40, tally, log.refusals);
    expect(tally.cases).toBe(40);
    expect(tally.refused).toBeGreaterThan(0);
  });
});
