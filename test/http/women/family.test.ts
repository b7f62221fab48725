/**
 * A clerk's day on one card over HTTP: a pregnancy through to birth, children with proposed order and policy,
 * a method recorded and ended, a certificate revoked after a second child, moves inside the township and to
 * another township (accepted there), exit and re-activation; the exception list and the home page follow.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../helpers/app.ts';
import { useTestDatabase } from '../../helpers/db.ts';
import { makeUser, seedWorld, type World } from '../../helpers/fixtures.ts';
import { $, Client } from '../../helpers/http.ts';
import { cardFields } from '../../helpers/women.ts';
import { must } from '../../helpers/must.ts';

describe('子女、孕情、措施、迁移、出队', () => {
  const t = useTestDatabase();
  let app: TestApp;
  let w: World;
  let clerkA: Client;
  let clerkB: Client;

  beforeAll(async () => {
    w = await seedWorld(t.db);
    app = buildTestApp(t.db, t.url);
    app.clock.set(new Date('2026-03-15T09:00:00+08:00'));
    const a = await makeUser(t.db, { role: 'clerk', regionId: w.townshipA.id });
    const b = await makeUser(t.db, { role: 'clerk', regionId: w.townshipB.id });
    clerkA = new Client(app.app);
    await clerkA.login(a.username, a.password);
    clerkB = new Client(app.app);
    await clerkB.login(b.username, b.password);
  });
  afterAll(() => app.close());

  async function newCard(name: string, village = w.villageA1.code, extra: Record<string, string> = {}) {
    const res = await clerkA.post('/women', { ...cardFields(village, { name }), ...extra });
    expect(res.status, res.text).toBe(303);
    return Number(/\/women\/(\d+)/.exec(res.headers.location)![1]);
  }

  it('records a pregnancy through to birth: the birth closes it and the child gets order and policy from the dates', async () => {
    const id = await newCard('周红');
    const first = await clerkA.post(`/women/${id}/children`, { name: '李一', sex: 'male', birth_date: '2014-03-01' });
    expect(first.status).toBe(303);
    expect((await t.db('children').where({ woman_id: id }).first())?.policy_status).toBe('compliant');

    expect((await clerkA.post(`/women/${id}/pregnancies`, { found_on: '2025-07-01', lmp_date: '2025-05-20' })).status).toBe(303);
    const card = await clerkA.get(`/women/${id}`);
    expect($(card.text)('.card-badges').text()).toContain('妊娠中');

    const birth = await clerkA.post(`/women/${id}/children`, { name: '李二', sex: 'female', birth_date: '2026-02-20' });
    expect(birth.status).toBe(303);
    const after = await clerkA.get(birth.headers.location.split('#')[0]);
    expect($(after.text)('.flash-success').text()).toContain('已登记第2孩 李二（2026-02-20），孕情已以活产结束');
    const rows = await t.db('children').where({ woman_id: id }).orderBy('birth_date');
    expect(rows.map((r) => [r.name, r.birth_order, r.policy_status])).toEqual([
      ['李一', 1, 'compliant'],
      ['李二', 2, 'compliant'],
    ]);
    expect(await t.db('pregnancies').where({ woman_id: id }).first()).toMatchObject({ outcome: 'live_birth', outcome_date: '2026-02-20' });
    const $c = $(after.text);
    expect($c('#children tbody tr').length).toBe(2);
    expect($c('.timeline').text()).toContain('生育第2孩 李二');
    expect($c('#audit').text()).toContain('登记出生');

    // A third birth four months later is refused at the field, naming both children.
    const tooSoon = await clerkA.post(`/women/${id}/children`, { name: '李三', sex: 'male', birth_date: '2026-03-10' });
    expect(tooSoon.status).toBe(422);
    expect($(tooSoon.text)('#f-birth_date-err').text()).toMatch(/第3孩 李三（2026-03-10出生）与第2孩 李二（2026-02-20出生）出生间隔不足 6 个月/);
    // A twin of 李二 shares her order.
    const twin = await clerkA.post(`/women/${id}/children`, { name: '李三', sex: 'male', birth_date: '2026-02-20' });
    expect(twin.status).toBe(303);
    expect((await t.db('children').where({ woman_id: id, name: '李三' }).first())?.birth_order).toBe(2);
  });

  it('a non-compliant birth under the one-child policy needs a permit or a reason to be marked compliant', async () => {
    const id = await newCard('吴兰');
    await clerkA.post(`/women/${id}/children`, { sex: 'male', birth_date: '2012-01-01' });
    const refused = await clerkA.post(`/women/${id}/children`, { sex: 'female', birth_date: '2015-05-01', policy_status: 'compliant' });
    expect(refused.status).toBe(422);
    expect($(refused.text)('#f-policy_reason-err').text()).toContain('系统建议为“不符合政策”');
    const ok = await clerkA.post(`/women/${id}/children`, { sex: 'female', birth_date: '2015-05-01', policy_status: 'compliant', permit_no: '再生育证2014-07' });
    expect(ok.status).toBe(303);
    expect(await t.db('children').where({ woman_id: id, birth_order: 2 }).first()).toMatchObject({ policy_status: 'compliant', policy_proposed: 'non_compliant', permit_no: '再生育证2014-07' });
  });

  it('records and ends a method; a pregnancy with an IUD in place must be marked a contraceptive failure', async () => {
    const id = await newCard('郑洁');
    await clerkA.post(`/women/${id}/children`, { sex: 'male', birth_date: '2016-04-01' });
    expect((await clerkA.post(`/women/${id}/contraception`, { method: 'condom', started_on: '2016-08-01' })).status).toBe(303);
    let card = await clerkA.get(`/women/${id}`);
    expect($(card.text)('.card-badges').text()).toContain('现用措施：避孕套');
    const ep = must(await t.db('contraception_episodes').where({ woman_id: id }).first(), 'episode');
    expect((await clerkA.post(`/women/${id}/contraception/${ep.id}/end`, { ended_on: '2017-01-01', end_reason: 'stopped' })).status).toBe(303);
    card = await clerkA.get(`/women/${id}`);
    expect($(card.text)('.card-badges').text()).toContain('现用措施：未避孕');

    await clerkA.post(`/women/${id}/contraception`, { method: 'iud', started_on: '2017-02-01', due_on: '2027-02-01' });
    const unmarked = await clerkA.post(`/women/${id}/pregnancies`, { found_on: '2026-03-01' });
    expect(unmarked.status).toBe(422);
    expect($(unmarked.text)('#f-contraceptive_failure-err').text()).toContain('须勾选“避孕失败”');
    expect((await clerkA.post(`/women/${id}/pregnancies`, { found_on: '2026-03-01', contraceptive_failure: '1' })).status).toBe(303);
    expect(await t.db('contraception_episodes').where({ woman_id: id, method: 'iud' }).first()).toMatchObject({ ended_on: '2026-03-01', end_reason: 'failure' });
  });

  it('a second living child prompts revoking the 独生子女父母光荣证', async () => {
    const id = await newCard('冯玉');
    await clerkA.post(`/women/${id}/children`, { sex: 'female', birth_date: '2012-06-01' });
    expect((await clerkA.post(`/women/${id}/certificates`, { kind: 'only_child_glory', number: 'GR-990-0001', issued_on: '2013-01-01' })).status).toBe(303);
    const second = await clerkA.post(`/women/${id}/children`, { sex: 'male', birth_date: '2017-03-01' });
    const cert = must(await t.db('certificates').where({ woman_id: id }).first(), 'certificate');
    expect(second.headers.location).toBe(`/women/${id}/certificates/${cert.id}/revoke`);
    const page = await clerkA.get(second.headers.location);
    expect($(page.text)('.flash-error').text()).toContain('请注销独生子女父母光荣证（GR-990-0001）');
    const exceptions = await clerkA.get('/rosters/exceptions');
    expect($(exceptions.text)('table.exceptions').text()).toContain('光荣证持证人有多个子女');
    expect((await clerkA.post(`/women/${id}/certificates/${cert.id}/revoke`, { revoked_on: '2017-04-01', revoke_reason: '再生育子女' })).status).toBe(303);
    expect(await t.db('data_findings').where({ woman_id: id, rule: 'glory_certificate_children' }).first()).toBeUndefined();
  });

  it('moves her to another village at once, and to another township once that township accepts', async () => {
    const id = await newCard('蒋梅');
    const inside = await clerkA.post(`/women/${id}/transfer`, { village: w.villageA2.code, moved_on: '2026-01-10', reason: '搬家' });
    expect(inside.status).toBe(303);
    expect((await t.db('women').where({ id }).first())?.region_id).toBe(w.villageA2.id);

    const out = await clerkA.post(`/women/${id}/transfer`, { village: w.villageB1.code, moved_on: '2026-02-01', reason: '因婚迁出' });
    expect(out.status).toBe(303);
    const card = await clerkA.get(`/women/${id}`);
    expect($(card.text)('.card-badges').text()).toContain('迁移中');
    expect((await t.db('women').where({ id }).first())?.region_id).toBe(w.villageA2.id);
    expect((await clerkB.get(`/women/${id}`)).status).toBe(404);

    const waiting = await clerkB.get('/transfers');
    const $wt = $(waiting.text);
    expect($wt('section[aria-labelledby=h-in] tbody tr').text()).toContain('蒋梅');
    const home = await clerkB.get('/');
    expect($(home.text)('#p-women-transfers').parent().text()).toContain('1 个迁移等待本乡镇处理');
    const transfer = must(await t.db('transfers').where({ woman_id: id, status: 'pending' }).first(), 'transfer');
    expect((await clerkA.post(`/transfers/${transfer.id}/accept`, { village: w.villageA1.code })).status).toBe(404);
    const accepted = await clerkB.post(`/transfers/${transfer.id}/accept`, { village: w.villageB1.code });
    expect(accepted.status).toBe(303);
    expect((await t.db('women').where({ id }).first())?.region_id).toBe(w.villageB1.id);
    expect((await clerkB.get(`/women/${id}`)).status).toBe(200);
    expect((await clerkA.get(`/women/${id}`)).status).toBe(404);
    const actions = (
      await t
        .db('audit_log')
        .where({ entity: 'woman', entity_id: String(id) })
        .orderBy('id')
    ).map((r) => r.action);
    expect(actions).toEqual(['card.create', 'card.transfer', 'card.transfer_send', 'card.transfer_accept']);
    const history = await clerkB.get(`/women/${id}`);
    expect($(history.text)('.timeline').text()).toContain('迁移：城关镇 西街村 → 东山镇 上河村');
  });

  it('exits her (the card stays readable, read-only) and re-activates her with a reason', async () => {
    const id = await newCard('韩雪');
    await clerkA.post(`/women/${id}/contraception`, { method: 'condom', started_on: '2025-01-01' });
    const exit = await clerkA.post(`/women/${id}/exit`, { exit_reason: 'moved_out', exit_date: '2026-03-01', exit_note: '迁往外省', version: '1' });
    expect(exit.status).toBe(303);
    expect(await t.db('women').where({ id }).first()).toMatchObject({ status: 'exited', exit_reason: 'moved_out', exit_date: '2026-03-01' });
    expect(await t.db('contraception_episodes').where({ woman_id: id }).first()).toMatchObject({ ended_on: '2026-03-01', end_reason: 'exited' });
    const card = await clerkA.get(`/women/${id}`);
    expect($(card.text)('.card-badges').text()).toContain('已出队·迁出');
    expect($(card.text)(`a[href="/women/${id}/edit"]`).length).toBe(0);
    const edit = await clerkA.get(`/women/${id}/edit`);
    expect(edit.status).toBe(303);
    expect(edit.headers.location).toBe(`/women/${id}`);
    const blocked = await clerkA.post(`/women/${id}/contraception`, { method: 'condom', started_on: '2026-03-05' });
    expect(blocked.status).toBe(422);
    expect($(await clerkA.get('/women?q=韩雪').then((r) => r.text))('.result-count').text()).toContain('共 0 人');
    expect($(await clerkA.get('/women?q=韩雪&status=exited').then((r) => r.text))('.result-count').text()).toContain('共 1 人');

    const version = String(must(await t.db('women').where({ id }).first(), 'card').version);
    const noReason = await clerkA.post(`/women/${id}/reactivate`, { reason: '', version });
    expect(noReason.status).toBe(422);
    const back = await clerkA.post(`/women/${id}/reactivate`, { reason: '误操作，未迁出', version });
    expect(back.status).toBe(303);
    expect((await t.db('women').where({ id }).first())?.status).toBe('active');
    expect(await t.db('contraception_episodes').where({ woman_id: id }).first()).toMatchObject({ ended_on: null, end_reason: null });
    const audit = must(
      await t
        .db('audit_log')
        .where({ entity_id: String(id), action: 'card.reactivate' })
        .first(),
      'audit row',
    );
    expect(audit.reason).toBe('误操作，未迁出');
  });

  it('the exception list groups problems by village with a link to fix each, prints, and feeds the home page', async () => {
    await newCard('outflow 李', w.villageA2.code, { migrant_status: 'outflow', migrant_place: '广东东莞', migrant_since: '2025-01-01' });
    const list = await clerkA.get('/rosters/exceptions?level=W');
    expect(list.status).toBe(200);
    const $l = $(list.text);
    expect(
      $l('.village-group h2')
        .map((_i, h) => $l(h).text())
        .get()
        .join(),
    ).toContain('西街村');
    const row = $l('table.exceptions tr').filter((_i, tr) => $l(tr).text().includes('流出超过6个月未核实'));
    expect(row.find('a:contains("去处理")').attr('href')).toMatch(/\/women\/\d+\/edit#f-migrant_verified_on/);
    const print = await clerkA.get('/rosters/exceptions?level=W&print=1');
    expect($(print.text)('body').hasClass('print-view')).toBe(true);
    expect($(print.text)('.print-header h1').first().text()).toBe('育龄妇女数据质量异常名单');
    expect($(print.text)('.site-nav').length).toBe(0);
    const home = await clerkA.get('/');
    const warnings = await t.db('data_findings').where({ level: 'W' }).whereIn('region_id', [w.villageA1.id, w.villageA2.id]).count({ n: '*' });
    expect($(home.text)('#p-women-quality').parent().text()).toContain(`${warnings[0].n} 条提示`);
    // Another township sees none of it.
    const other = await clerkB.get('/rosters/exceptions');
    expect($(other.text)('table.exceptions').text()).not.toContain('outflow 李');
  });
});
