/**
 * Issue 12 item 12: a birth with a permit (生育证号) is 符合政策 unless the clerk says otherwise with a reason.
 * Over HTTP, on the suite's fixed day: a second child born in 2015 (one-child policy, proposed 不符合政策) with a
 * permit and no status chosen is saved 符合政策; 不符合政策 chosen beside a permit without a reason is refused
 * at the 政策属性说明 field with the values kept and no row written; with a reason it saves. A legacy row with a
 * permit beside 不符合政策 and no reason becomes a finding on the 数据质量 list. (And item 10: a child dated
 * before her mother's own birth is refused saying so, not "the mother was under 14".)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recomputeFindings } from '../../../src/features/women/service.ts';
import { buildTestApp, type TestApp } from '../../helpers/app.ts';
import { TEST_TODAY } from '../../helpers/clock.ts';
import { useTestDatabase } from '../../helpers/db.ts';
import { makeUser, seedWorld, type World } from '../../helpers/fixtures.ts';
import { $, Client } from '../../helpers/http.ts';
import { cardFields } from '../../helpers/women.ts';
import { must } from '../../helpers/must.ts';

describe('a birth with a permit (生育证号)', () => {
  const t = useTestDatabase();
  let app: TestApp;
  let w: World;
  let clerk: Client;

  beforeAll(async () => {
    w = await seedWorld(t.db);
    app = buildTestApp(t.db, t.url);
    const a = await makeUser(t.db, { role: 'clerk', regionId: w.townshipA.id });
    clerk = new Client(app.app);
    await clerk.login(a.username, a.password);
  });
  afterAll(() => app.close());

  /** A card with a first child in 2012: a second child in 2015 is over the one-child policy's count. */
  async function mother(name: string) {
    const res = await clerk.post('/women', cardFields(w.villageA1.code, { name }));
    expect(res.status, res.text).toBe(303);
    const id = Number(/\/women\/(\d+)/.exec(res.headers.location)![1]);
    expect((await clerk.post(`/women/${id}/children`, { sex: 'male', birth_date: '2012-01-01' })).status).toBe(303);
    return id;
  }
  const second = (id: number) => t.db('children').where({ woman_id: id, birth_order: 2 }).first();

  it('a permit with no status chosen saves the birth as 符合政策 (the proposal stays on record)', async () => {
    const id = await mother('持证甲');
    const res = await clerk.post(`/women/${id}/children`, { sex: 'female', birth_date: '2015-05-01', permit_no: '再生育证2014-07', vital_status: 'living' });
    expect(res.status).toBe(303);
    expect(await second(id)).toMatchObject({ policy_status: 'compliant', policy_proposed: 'non_compliant', permit_no: '再生育证2014-07', policy_reason: null });
    const card = $((await clerk.get(`/women/${id}`)).text);
    expect(card('#children tbody tr').last().text()).toContain('符合政策');
    expect(card('#findings').text()).not.toContain('生育证');
  });

  it('without a permit the proposal stands (不符合政策)', async () => {
    const id = await mother('无证乙');
    expect((await clerk.post(`/women/${id}/children`, { sex: 'female', birth_date: '2015-05-01', vital_status: 'living' })).status).toBe(303);
    expect(await second(id)).toMatchObject({ policy_status: 'non_compliant', permit_no: null });
  });

  it('不符合政策 chosen beside a permit without a reason is refused at the field, values kept, nothing written; with a reason it saves', async () => {
    const id = await mother('持证丙');
    const fields = { sex: 'female', birth_date: '2015-05-01', name: '丙二', policy_status: 'non_compliant', permit_no: '再生育证2014-09', vital_status: 'living' };
    const refused = await clerk.post(`/women/${id}/children`, fields);
    expect(refused.status).toBe(422);
    const page = $(refused.text);
    expect(page('#f-policy_reason-err').text()).toBe('已填写生育证号，持证生育应为“符合政策”；如仍判定为“不符合政策”，请说明理由');
    expect(page('#f-permit_no').val()).toBe('再生育证2014-09');
    expect(page('#f-name').val()).toBe('丙二');
    expect(await second(id)).toBeUndefined();

    const ok = await clerk.post(`/women/${id}/children`, { ...fields, policy_reason: '生育证已被注销，仍按政策外生育处理' });
    expect(ok.status).toBe(303);
    expect(await second(id)).toMatchObject({ policy_status: 'non_compliant', permit_no: '再生育证2014-09', policy_reason: '生育证已被注销，仍按政策外生育处理' });
  });

  it('a stored child with a permit beside 不符合政策 and no reason is listed on the 数据质量 roster', async () => {
    const id = await mother('旧数据丁');
    // As the old code saved it: the permit was entered, the proposal (不符合政策) was kept.
    await t.db('children').insert({
      woman_id: id,
      region_id: w.villageA1.id,
      sex: 'female',
      birth_date: '2015-05-01',
      birth_order: 2,
      policy_status: 'non_compliant',
      policy_proposed: 'non_compliant',
      permit_no: '再生育证2014-11',
      vital_status: 'living',
    });
    await recomputeFindings(t.db, TEST_TODAY);
    const finding = await t.db('data_findings').where({ woman_id: id, rule: 'policy_permit_unexplained' }).first();
    expect(finding).toMatchObject({ level: 'E', field: 'policy_reason' });
    const list = $((await clerk.get(`/rosters/exceptions?village=${w.villageA1.code}`)).text);
    const row = list('tr').filter((_i, tr) => list(tr).text().includes('旧数据丁'));
    console.log('exception row:', row.text().replace(/\s+/g, ' ').trim());
    expect(row.text()).toContain('登记了生育证号 再生育证2014-11，政策属性却为“不符合政策”');
  });
  it('a child dated before her mother\'s own birth is refused saying so (not "母亲未满 14 周岁")', async () => {
    const res = await clerk.post('/women', cardFields(w.villageA1.code, { name: '日期倒置' }));
    const id = Number(/\/women\/(\d+)/.exec(res.headers.location)![1]);
    const born = must(await t.db('women').where({ id }).first(), 'card').birth_date;
    const refused = await clerk.post(`/women/${id}/children`, { sex: 'female', birth_date: '1980-03-01', name: '倒置', vital_status: 'living' });
    expect(refused.status).toBe(422);
    const message = $(refused.text)('#f-birth_date-err').text();
    expect(message).toContain(`早于母亲本人的出生日期 ${born}`);
    expect(message).not.toContain('未满');
    expect(await t.db('children').where({ woman_id: id })).toHaveLength(0);
  });
});
