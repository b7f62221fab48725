/**
 * The 协查 queue inside the county and 流动人口婚育信息反馈率: a query sent from township A to a village of township B is
 * due sent + the kind's due days (data), in B's inbox and A's sent box and nobody else's (township C: not found);
 * pending, overdue and answered by the day given; answered once, by the receiver only; and the report's
 * migrant_queries_due / migrant_queries_answered_on_time per receiving township and month, with the drill-down
 * listing exactly those women, and the 考核 catalogue reading them.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../../src/auth/actor.ts';
import { systemActor } from '../../../src/auth/actor.ts';
import { answerQuery, getQuery, queryList, sendQuery } from '../../../src/features/floating/queries/service.ts';
import { createRegion, type RegionRow } from '../../../src/features/regions/service.ts';
import { computeReport, drillDown } from '../../../src/features/reports/service.ts';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../../src/errors.ts';
import { useTestDatabase } from '../../helpers/db.ts';
import { makeUser, seedWorld, type World } from '../../helpers/fixtures.ts';
import * as f from '../../helpers/report-fixtures.ts';
import { actorFor } from '../../helpers/women.ts';

const MARCH = { from: '2026-03-01', to: '2026-03-31' };
const page = { limit: 50, offset: 0 };

describe('协查 queue and 反馈率', () => {
  const t = useTestDatabase();
  let w: World;
  let townshipC: RegionRow;
  let A: Actor;
  let B: Actor;
  let C: Actor;
  const women: Record<string, { id: number; id_number: string }> = {};

  async function woman(name: string, village: number) {
    const id = await f.addWoman(t.db, { village, birth_date: '1990-01-01', marriage_date: '2012-01-01', name, migrant_status: 'outflow', migrant_since: '2025-06-01' });
    const row = await t.db('women').where({ id }).first('id_number');
    women[name] = { id, id_number: row!.id_number };
  }

  const send = (actor: Actor, who: string, to: string, today: string, kind: 'pregnancy' | 'birth' = 'pregnancy') =>
    sendQuery(t.db, actor, { id_number: women[who]!.id_number, kind, to_region: to, body: `关于${who}的协查` }, today);

  beforeAll(async () => {
    w = await seedWorld(t.db);
    townshipC = await createRegion(t.db, null, { code: '990100003', name: '西山镇' });
    await createRegion(t.db, null, { code: '990100003001', name: '下河村' });
    A = actorFor(await makeUser(t.db, { role: 'clerk', regionId: w.townshipA.id }), w.townshipA);
    B = actorFor(await makeUser(t.db, { role: 'clerk', regionId: w.townshipB.id }), w.townshipB);
    C = actorFor(await makeUser(t.db, { role: 'clerk', regionId: townshipC.id }), townshipC);
    await t.db('floating_query_kinds').where({ kind: 'birth' }).update({ due_days: 10 });
    for (const n of ['甲', '乙', '丁']) await woman(n, w.villageA1.id);
    await woman('丙', w.villageB1.id);
    await woman('戊', (await t.db('regions').where({ code: '990100003001' }).first('id'))!.id);
  });

  it('sends a query due sent + the kind’s days, seen by the receiver and the sender only', async () => {
    const q = await send(A, '甲', w.villageB1.code, '2026-02-02');
    expect([q.sent_on, q.due_on, q.from_township_id, q.to_region_id, q.woman_id]).toEqual(['2026-02-02', '2026-02-17', w.townshipA.id, w.villageB1.id, women.甲!.id]);
    const birth = await send(A, '甲', w.villageB1.code, '2026-02-02', 'birth');
    expect(birth.due_on).toBe('2026-02-12');
    expect(
      await t
        .db('audit_log')
        .where({ action: 'floating.query_send', entity_id: String(women.甲!.id) })
        .count<{ count: number }[]>('* as count'),
    ).toEqual([{ count: 2 }]);

    const inboxB = await queryList(t.db, B.scope, { box: 'inbox', state: 'all', today: '2026-02-03' }, page);
    expect(inboxB.rows.map((r) => r.id)).toEqual(expect.arrayContaining([q.id, birth.id]));
    const sentA = await queryList(t.db, A.scope, { box: 'sent', state: 'all', today: '2026-02-03' }, page);
    expect(sentA.rows.map((r) => r.id)).toEqual(expect.arrayContaining([q.id, birth.id]));
    expect((await queryList(t.db, A.scope, { box: 'inbox', state: 'all', today: '2026-02-03' }, page)).rows.map((r) => r.id)).not.toContain(q.id);
    expect((await queryList(t.db, C.scope, { box: 'inbox', state: 'all', today: '2026-02-03' }, page)).total).toBe(0);
    await expect(getQuery(t.db, C.scope, q.id, '2026-02-03')).rejects.toBeInstanceOf(NotFoundError);
    expect((await getQuery(t.db, B.scope, q.id, '2026-02-03')).inbox).toBe(true);
    expect((await getQuery(t.db, A.scope, q.id, '2026-02-03')).inbox).toBe(false);
  });

  it('refuses a woman not on the sender’s register and a village of the sender’s own township', async () => {
    await expect(sendQuery(t.db, A, { id_number: women.丙!.id_number, kind: 'pregnancy', to_region: w.villageB1.code, body: 'x' }, '2026-02-02')).rejects.toMatchObject({
      fieldErrors: { id_number: '本乡镇在册的育龄妇女中没有这个身份证号' },
    });
    await expect(send(A, '甲', w.villageA2.code, '2026-02-02')).rejects.toBeInstanceOf(ValidationError);
  });

  it('is pending up to its due day, overdue after it, by the day given (never the wall clock)', async () => {
    const q = await send(C, '戊', w.villageA2.code, '2026-01-05');
    const state = async (today: string) => (await getQuery(t.db, A.scope, q.id, today)).state;
    expect(await state('2026-01-20')).toBe('pending');
    expect(await state('2026-01-21')).toBe('overdue');
    const overdue = await queryList(t.db, A.scope, { box: 'inbox', state: 'overdue', today: '2026-01-21' }, page);
    expect(overdue.rows.map((r) => r.id)).toContain(q.id);
    expect((await queryList(t.db, A.scope, { box: 'inbox', state: 'overdue', today: '2026-01-20' }, page)).rows.map((r) => r.id)).not.toContain(q.id);
  });

  it('is answered once, by the receiving township only', async () => {
    const q = await send(A, '乙', w.villageB1.code, '2026-01-10');
    await expect(answerQuery(t.db, A, q.id, { answer: '自己答', result_code: undefined }, '2026-01-12')).rejects.toBeInstanceOf(ForbiddenError);
    await expect(answerQuery(t.db, C, q.id, { answer: '不归我', result_code: undefined }, '2026-01-12')).rejects.toBeInstanceOf(NotFoundError);
    const done = await answerQuery(t.db, B, q.id, { answer: '已核实，在本村居住', result_code: 'confirmed' }, '2026-01-12');
    expect([done.answered_on, done.result_code]).toEqual(['2026-01-12', 'confirmed']);
    expect((await getQuery(t.db, A.scope, q.id, '2026-01-30')).state).toBe('answered_on_time');
    await expect(answerQuery(t.db, B, q.id, { answer: '再答', result_code: undefined }, '2026-01-13')).rejects.toBeInstanceOf(ConflictError);
  });

  it('counts 反馈率 per receiving township in the month the query fell due, with the drill-down and the 考核 catalogue', async () => {
    // March: two due at B (one on time, one late), one due at A (unanswered), one sent in March due in April.
    const onTime = await send(A, '丁', w.villageB1.code, '2026-03-02');
    await answerQuery(t.db, B, onTime.id, { answer: '按期', result_code: undefined }, '2026-03-17');
    const late = await send(A, '甲', w.villageB1.code, '2026-03-05');
    await answerQuery(t.db, B, late.id, { answer: '晚了', result_code: undefined }, '2026-03-21');
    await send(B, '丙', w.villageA2.code, '2026-03-10');
    await send(A, '乙', w.villageB1.code, '2026-03-20');

    const county = await computeReport(t.db, w.county, MARCH);
    const row = (code: string) => county.rows.find((r) => r.region.code === code)!.figures;
    expect([row(w.townshipB.code).migrant_queries_due, row(w.townshipB.code).migrant_queries_answered_on_time]).toEqual([2, 1]);
    expect([row(w.townshipA.code).migrant_queries_due, row(w.townshipA.code).migrant_queries_answered_on_time]).toEqual([1, 0]);
    expect([county.total.migrant_queries_due, county.total.migrant_queries_answered_on_time]).toEqual([3, 1]);

    const names = async (figure: string, region: string) => (await drillDown(t.db, systemActor(w.county), { figure, region, period: MARCH, page })).rows.map((r) => r.woman_name).sort();
    expect(await names('migrant_queries_due', w.townshipB.code)).toEqual(['丁', '甲'].sort());
    expect(await names('migrant_queries_answered_on_time', w.townshipB.code)).toEqual(['丁']);
    expect(await names('migrant_queries_due', w.townshipA.code)).toEqual(['丙']);

    const indicator = await t.db('assessment_indicators').where({ code: 'migrant_feedback_rate' }).first();
    expect([indicator!.source, indicator!.numerator_keys, indicator!.denominator_key]).toEqual(['report', ['migrant_queries_answered_on_time'], 'migrant_queries_due']);
  });
});
