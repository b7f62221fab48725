/**
 * Graded follow-ups made by events (issue 16 §1): a marriage, a pregnancy or a birth entered on her card makes
 * exactly the scheduled village-level follow-ups once, in the write's transaction; the nightly 药具 job makes one
 * per short-acting user and quarter, never twice.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../../src/auth/actor.ts';
import { createQuarterFollowUps, recordService, withEventFollowUps } from '../../../src/features/services/service.ts';
import { formValuesOf, openEpisode, openPregnancy, recordBirth, updateCard, type CardInput, type WomanRow } from '../../../src/features/women/service.ts';
import { useTestDatabase } from '../../helpers/db.ts';
import { seedWorld, type World } from '../../helpers/fixtures.ts';
import { SEED } from '../../helpers/generative.ts';
import { makeCard, TODAY, townshipClerks } from '../../helpers/women.ts';

const opts = { today: TODAY };

describe('follow-ups made by events', () => {
  const t = useTestDatabase();
  let w: World;
  let clerkA: Actor;

  beforeAll(async () => {
    w = await seedWorld(t.db);
    ({ clerkA } = await townshipClerks(t.db, w));
  });

  const eventFollowUps = async (womanId: number) =>
    (await t.db('follow_ups').where({ woman_id: womanId }).whereNot('trigger', 'service').orderBy(['due_on', 'id'])).map((f) => [f.trigger, f.trigger_on, f.level, f.due_on, f.region_id]);

  it('a marriage entered by a card edit makes one 新婚 follow-up a month later (village level, her village), with an audit row', async () => {
    const card = await makeCard(t.db, clerkA, w.villageA1.code, {
      marital_status: 'unmarried',
      marriage_date: undefined,
      spouse_name: undefined,
      spouse_id_number: undefined,
      spouse_hukou_kind: undefined,
    });
    const edit = (c: WomanRow) =>
      withEventFollowUps(t.db, clerkA, c.id, TODAY, (trx) =>
        updateCard(
          trx,
          clerkA,
          c.id,
          {
            ...(formValuesOf({ ...c, village_code: w.villageA1.code }) as unknown as CardInput),
            version: c.version,
            marital_status: 'first_marriage',
            marriage_date: '2026-03-01',
            spouse_name: '李建国',
            spouse_hukou_kind: 'agricultural',
          },
          opts,
        ),
      );
    const married = await edit(card);
    expect(await eventFollowUps(card.id)).toEqual([['marriage', '2026-03-01', 'village', '2026-04-01', w.villageA1.id]]);
    const audit = await t.db('audit_log').where({ action: 'follow_up.plan', entity_id: String(card.id) });
    expect(audit).toHaveLength(1);
    // Saving the card again (nothing new married) adds nothing.
    await withEventFollowUps(t.db, clerkA, card.id, TODAY, (trx) =>
      updateCard(trx, clerkA, card.id, { ...(formValuesOf({ ...married, village_code: w.villageA1.code }) as unknown as CardInput), version: married.version, phone: '13900000000' }, opts),
    );
    expect(await eventFollowUps(card.id)).toHaveLength(1);
  });

  it('a pregnancy makes one 怀孕 follow-up 30 days on; a birth one 产后 follow-up 42 days after it', async () => {
    const card = await makeCard(t.db, clerkA, w.villageA2.code);
    await withEventFollowUps(t.db, clerkA, card.id, TODAY, (trx) => openPregnancy(trx, clerkA, card.id, { found_on: '2026-01-10' }, opts));
    expect(await eventFollowUps(card.id)).toEqual([['pregnancy', '2026-01-10', 'village', '2026-02-09', w.villageA2.id]]);
    await withEventFollowUps(t.db, clerkA, card.id, TODAY, (trx) => recordBirth(trx, clerkA, card.id, { birth_date: '2026-03-02', children: [{ sex: 'male' }, { sex: 'female' }] }, opts));
    expect(await eventFollowUps(card.id)).toEqual([
      ['pregnancy', '2026-01-10', 'village', '2026-02-09', w.villageA2.id],
      ['postpartum', '2026-03-02', 'village', '2026-04-13', w.villageA2.id],
    ]);
  });

  it('a child born long ago typed onto a card calls for no visit; an inactive entry makes none', async () => {
    const card = await makeCard(t.db, clerkA, w.villageA1.code);
    await withEventFollowUps(t.db, clerkA, card.id, TODAY, (trx) => recordBirth(trx, clerkA, card.id, { birth_date: '2015-04-02', children: [{ sex: 'female' }] }, opts));
    expect(await eventFollowUps(card.id)).toEqual([]);
    await t.db('follow_up_schedules').where({ trigger: 'pregnancy' }).update({ active: false });
    try {
      await withEventFollowUps(t.db, clerkA, card.id, TODAY, (trx) => openPregnancy(trx, clerkA, card.id, { found_on: '2026-03-01' }, opts));
      expect(await eventFollowUps(card.id)).toEqual([]);
    } finally {
      await t.db('follow_up_schedules').where({ trigger: 'pregnancy' }).update({ active: true });
    }
  });

  it('a pregnancy found by a 查环查孕 makes its 怀孕 follow-up in the service transaction; a termination makes none', async () => {
    const card = await makeCard(t.db, clerkA, w.villageA1.code);
    await recordService(t.db, clerkA, card.id, { kind: 'ring_pregnancy_check', performed_on: '2026-03-02', facility: '城关镇计生服务站', pregnancy_result: 'positive' }, opts);
    expect(await eventFollowUps(card.id)).toEqual([['pregnancy', '2026-03-02', 'village', '2026-04-01', w.villageA1.id]]);
    const other = await makeCard(t.db, clerkA, w.villageA1.code);
    await recordService(t.db, clerkA, other.id, { kind: 'medical_abortion', performed_on: '2026-03-02', facility: '城关镇计生服务站' }, opts);
    expect(await eventFollowUps(other.id)).toEqual([]);
  });

  it('the quarterly 药具 job: one follow-up per short-acting user, due at the quarter end; run again it makes nothing', async () => {
    const pills = await makeCard(t.db, clerkA, w.villageA2.code);
    await openEpisode(t.db, clerkA, pills.id, { method: 'pill_or_injection', started_on: '2026-01-05' }, opts);
    const iud = await makeCard(t.db, clerkA, w.villageA1.code);
    await openEpisode(t.db, clerkA, iud.id, { method: 'iud', started_on: '2025-01-05', due_on: '2033-01-05' }, opts);
    expect(await createQuarterFollowUps(t.db, '2026-04-01')).toBeGreaterThanOrEqual(1);
    expect(await eventFollowUps(pills.id)).toEqual([['supply_user', '2026-04-01', 'village', '2026-06-30', w.villageA2.id]]);
    expect(await eventFollowUps(iud.id)).toEqual([]);
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 90 }), async (offset) => {
        const day = new Date(Date.UTC(2026, 3, 1 + offset)).toISOString().slice(0, 10);
        const before = Number((await t.db('follow_ups').where({ trigger: 'supply_user' }).count({ n: '*' }))[0].n);
        // The quarter's first run (any day of it) made them; a later night in the same quarter makes none.
        expect(await createQuarterFollowUps(t.db, day)).toBe(0);
        expect(Number((await t.db('follow_ups').where({ trigger: 'supply_user' }).count({ n: '*' }))[0].n)).toBe(before);
      }),
      { seed: SEED, numRuns: 15 },
    );
  });
});
