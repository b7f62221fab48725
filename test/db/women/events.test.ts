/**
 * The state API the services feature builds on: episodes, pregnancies and births change together, under the E
 * rules, with an audit row and fresh findings, inside the caller's transaction.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../../src/auth/actor.ts';
import { ValidationError, NotFoundError } from '../../../src/errors.ts';
import { closeEpisode, closePregnancy, openEpisode, openPregnancy, recordBirth } from '../../../src/features/women/service.ts';
import { useTestDatabase } from '../../helpers/db.ts';
import { seedWorld, type World } from '../../helpers/fixtures.ts';
import { makeCard, TODAY, townshipClerks } from '../../helpers/women.ts';
import { rejection } from '../../helpers/rejection.ts';

const opts = { today: TODAY };

describe('state API', () => {
  const t = useTestDatabase();
  let w: World;
  let clerkA: Actor;
  let clerkB: Actor;

  beforeAll(async () => {
    w = await seedWorld(t.db);
    ({ clerkA, clerkB } = await townshipClerks(t.db, w));
  });

  async function audit(womanId: number) {
    return (
      await t
        .db('audit_log')
        .where({ entity: 'woman', entity_id: String(womanId) })
        .orderBy('id')
    ).map((r) => r.action);
  }

  it('a pregnancy through to birth: open, record the birth (closes it, creates twins sharing order 1)', async () => {
    const woman = await makeCard(t.db, clerkA, w.villageA1.code, { marriage_date: '2024-01-01' });
    const p = await openPregnancy(t.db, clerkA, woman.id, { found_on: '2025-06-10', lmp_date: '2025-05-01' }, opts);
    expect(p.outcome).toBe('ongoing');
    const birth = await recordBirth(
      t.db,
      clerkA,
      woman.id,
      {
        birth_date: '2026-02-01',
        children: [
          { sex: 'male', name: '李一' },
          { sex: 'female', name: '李二' },
        ],
      },
      opts,
    );
    expect(birth.children.map((c) => [c.name, c.birth_order, c.policy_status])).toEqual([
      ['李一', 1, 'compliant'],
      ['李二', 1, 'compliant'],
    ]);
    const closed = await t.db('pregnancies').where({ id: p.id }).first();
    expect(closed).toMatchObject({ outcome: 'live_birth', outcome_date: '2026-02-01' });
    expect(birth.children.every((c) => c.pregnancy_id === p.id)).toBe(true);
    expect(await audit(woman.id)).toEqual(['card.create', 'pregnancy.open', 'birth.record']);
  });

  it('a pregnancy while an IUD is in place must be marked a failure, which ends the IUD', async () => {
    const woman = await makeCard(t.db, clerkA, w.villageA1.code);
    await recordBirth(t.db, clerkA, woman.id, { birth_date: '2015-04-02', children: [{ sex: 'female' }] }, opts);
    const iud = await openEpisode(t.db, clerkA, woman.id, { method: 'iud', started_on: '2015-07-01' }, opts);
    const refused = await rejection(openPregnancy(t.db, clerkA, woman.id, { found_on: '2026-02-10' }, opts), ValidationError);
    expect(refused).toBeInstanceOf(ValidationError);
    expect(refused.fieldErrors.contraceptive_failure).toMatch(/须勾选“避孕失败”/);
    expect(await t.db('pregnancies').where({ woman_id: woman.id })).toHaveLength(0);

    const p = await openPregnancy(t.db, clerkA, woman.id, { found_on: '2026-02-10', contraceptive_failure: 'on' }, opts);
    expect(p).toMatchObject({ contraceptive_failure: true, failure_method: 'iud' });
    expect(await t.db('contraception_episodes').where({ id: iud.id }).first()).toMatchObject({ ended_on: '2026-02-10', end_reason: 'failure' });
    // A second ongoing pregnancy is refused; an abortion closes this one.
    await expect(openPregnancy(t.db, clerkA, woman.id, { found_on: '2026-03-01' }, opts)).rejects.toThrow(/已有妊娠中的孕情/);
    await expect(closePregnancy(t.db, clerkA, woman.id, { outcome: 'live_birth', outcome_date: '2026-03-01' }, opts)).rejects.toThrow(/登记出生/);
    await closePregnancy(t.db, clerkA, woman.id, { outcome: 'surgical_abortion', outcome_date: '2026-03-01' }, opts);
    expect(await t.db('pregnancies').where({ id: p.id }).first()).toMatchObject({ outcome: 'surgical_abortion' });
  });

  it('episodes: a short-acting method is switched, a long-acting one must be ended, nothing after a sterilisation', async () => {
    const woman = await makeCard(t.db, clerkA, w.villageA2.code);
    await recordBirth(t.db, clerkA, woman.id, { birth_date: '2014-05-01', children: [{ sex: 'male' }] }, opts);
    const condom = await openEpisode(t.db, clerkA, woman.id, { method: 'condom', started_on: '2015-01-01' }, opts);
    const iud = await openEpisode(t.db, clerkA, woman.id, { method: 'iud', started_on: '2016-03-01' }, opts);
    expect(await t.db('contraception_episodes').where({ id: condom.id }).first()).toMatchObject({ ended_on: '2016-03-01', end_reason: 'switched' });
    await expect(openEpisode(t.db, clerkA, woman.id, { method: 'implant', started_on: '2017-01-01' }, opts)).rejects.toThrow(/请先结束（取出）/);
    await expect(closeEpisode(t.db, clerkA, woman.id, { ended_on: '2018-01-01', end_reason: 'removed', method: 'implant' }, opts)).rejects.toThrow(/不是皮下埋植/);
    await closeEpisode(t.db, clerkA, woman.id, { ended_on: '2018-01-01', end_reason: 'removed', method: 'iud' }, opts);
    expect(await t.db('contraception_episodes').where({ id: iud.id }).first()).toMatchObject({ ended_on: '2018-01-01', end_reason: 'removed' });
    await expect(closeEpisode(t.db, clerkA, woman.id, { ended_on: '2018-02-01', end_reason: 'removed' }, opts)).rejects.toThrow(/没有在用的避孕措施/);
    await openEpisode(t.db, clerkA, woman.id, { method: 'female_sterilization', started_on: '2018-02-01' }, opts);
    const after = await rejection(openEpisode(t.db, clerkA, woman.id, { method: 'condom', started_on: '2019-01-01' }, opts), ValidationError);
    expect(after.fieldErrors.method).toMatch(/绝育后不能再登记其他措施/);
    await expect(closeEpisode(t.db, clerkA, woman.id, { ended_on: '2019-01-01', end_reason: 'removed' }, opts)).rejects.toThrow(/复通/);
    await closeEpisode(t.db, clerkA, woman.id, { ended_on: '2019-01-01', end_reason: 'reversal' }, opts);
    await openEpisode(t.db, clerkA, woman.id, { method: 'condom', started_on: '2019-02-01' }, opts);
    const findings = await t.db('data_findings').where({ woman_id: woman.id });
    expect(findings).toEqual([]);
  });

  it('rolls back with the caller’s transaction, and another township’s card is a 404', async () => {
    const woman = await makeCard(t.db, clerkA, w.villageA1.code);
    await expect(
      t.db.transaction(async (trx) => {
        await openEpisode(trx, clerkA, woman.id, { method: 'condom', started_on: '2020-01-01' }, opts);
        throw new Error('service insert failed');
      }),
    ).rejects.toThrow('service insert failed');
    expect(await t.db('contraception_episodes').where({ woman_id: woman.id })).toHaveLength(0);
    await expect(openEpisode(t.db, clerkB, woman.id, { method: 'condom', started_on: '2020-01-01' }, opts)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('a new E finding blocks the change and names the conflict; findings rows follow the card', async () => {
    const woman = await makeCard(t.db, clerkA, w.villageA1.code);
    await recordBirth(t.db, clerkA, woman.id, { birth_date: '2018-01-15', children: [{ sex: 'male' }] }, opts);
    const err = await rejection(recordBirth(t.db, clerkA, woman.id, { birth_date: '2018-06-01', children: [{ sex: 'female' }] }, opts), ValidationError);
    expect(err).toBeInstanceOf(ValidationError);
    expect(err.fieldErrors.birth_date).toMatch(/出生间隔不足 6 个月/);
    expect(await t.db('children').where({ woman_id: woman.id })).toHaveLength(1);
    // No method, married, no recent birth: a W on the 应措 list, replaced once a method is recorded.
    expect((await t.db('data_findings').where({ woman_id: woman.id })).map((f) => f.rule)).toEqual(['should_adopt']);
    await openEpisode(t.db, clerkA, woman.id, { method: 'condom', started_on: '2026-03-01' }, opts);
    expect(await t.db('data_findings').where({ woman_id: woman.id })).toEqual([]);
  });
});
