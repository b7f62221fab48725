/**
 * The home page's kept figures (issue 19 §4) are exactly those computed live: after each kind of write (a card, a
 * birth, a service, a follow-up result, a transfer) and a day change, the panels as the page shows them equal the
 * panel functions called directly; reads keep the entry; and a property over random write sequences, for a clerk
 * of each township and the county supervisor.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../../src/auth/actor.ts';
import type { AppContext } from '../../../src/context.ts';
import { addDays, chinaDate } from '../../../src/domain/dates.ts';
import { cachedPanelData, homeDataVersion } from '../../../src/features/home/service.ts';
import { completeFollowUp, recordService } from '../../../src/features/services/service.ts';
import { serviceTasksData, servicesHomePanels } from '../../../src/features/services/work-orders/panels.ts';
import { dataQualityData, findingsPanels } from '../../../src/features/women/findings/panels.ts';
import { moveCard, recordBirth } from '../../../src/features/women/service.ts';
import { useTestDatabase } from '../../helpers/db.ts';
import { makeUser, seedWorld, type World } from '../../helpers/fixtures.ts';
import { SEED } from '../../helpers/generative.ts';
import { actorFor, makeCard, townshipClerks } from '../../helpers/women.ts';

const at = (day: string) => new Date(`${day}T10:00:00+08:00`);
const json = (v: unknown) => JSON.parse(JSON.stringify(v)) as unknown;

describe('home panel cache', () => {
  const t = useTestDatabase();
  let w: World;
  let clerkA: Actor;
  let clerkB: Actor;
  let countySup: Actor;

  beforeAll(async () => {
    w = await seedWorld(t.db);
    ({ clerkA, clerkB } = await townshipClerks(t.db, w));
    countySup = actorFor(await makeUser(t.db, { role: 'supervisor', regionId: w.county.id }), w.county);
  });

  const ctxAt = (now: Date) => ({ db: t.db, now: () => now }) as unknown as AppContext;

  /** What the page shows (through the cache) and what the panel functions compute now. */
  async function shownAndLive(actor: Actor, now: Date) {
    const ctx = ctxAt(now);
    const shown = { tasks: (await servicesHomePanels[0](ctx, actor))?.data, quality: (await findingsPanels[0](ctx, actor))?.data };
    const live = { tasks: json(await serviceTasksData(ctx, actor, chinaDate(now))), quality: json(await dataQualityData(ctx, actor)) };
    return { shown, live };
  }
  async function expectLive(now: Date) {
    for (const actor of [clerkA, clerkB, countySup]) {
      const { shown, live } = await shownAndLive(actor, now);
      expect(shown, `${actor.username} sees the live figures`).toEqual(live);
    }
    return (await shownAndLive(clerkA, now)).shown;
  }

  async function mother(day: string, village = w.villageA1.code) {
    const woman = await makeCard(t.db, clerkA, village);
    await recordBirth(t.db, clerkA, woman.id, { birth_date: '2015-04-02', children: [{ sex: 'female' }] }, { today: day });
    return woman;
  }

  it('keeps the figures while nothing is written, and shows the live ones after each kind of write and a new day', async () => {
    const day = '2026-03-15';
    const before = await expectLive(at(day));
    const kept = await t.db('home_panel_cache').orderBy('cache_key').select('cache_key', 'version', 'computed_at');
    expect(kept.length).toBeGreaterThanOrEqual(6);
    await expectLive(at(day));
    expect(await t.db('home_panel_cache').orderBy('cache_key').select('cache_key', 'version', 'computed_at'), 'a read keeps the entries').toEqual(kept);

    // A card (a mother of one without a method: the 应落实 roster grows).
    let version = await homeDataVersion(t.db);
    const woman = await mother(day);
    expect(await homeDataVersion(t.db)).toBeGreaterThan(version);
    const afterCard = await expectLive(at(day));
    expect(afterCard).not.toEqual(before);

    // A service (an IUD two months ago: its first follow-up is overdue).
    version = await homeDataVersion(t.db);
    const r = await recordService(t.db, clerkA, woman.id, { kind: 'iud_insertion', performed_on: '2026-01-10', facility: '城关镇计生服务站', provider: '李医生' }, { today: day });
    expect(await homeDataVersion(t.db)).toBeGreaterThan(version);
    const afterService = await expectLive(at(day));
    expect(afterService).not.toEqual(afterCard);

    // A follow-up result.
    const [first] = await t.db('follow_ups').where({ service_id: r.service.id }).orderBy('due_on');
    await completeFollowUp(t.db, clerkA, first.id, { done_on: '2026-03-14', result: '无不适，环位正常' }, { today: day });
    const afterVisit = await expectLive(at(day));
    expect(afterVisit).not.toEqual(afterService);

    // A transfer to the other township: her figures leave township A.
    const other = await mother(day);
    const withOther = await expectLive(at(day));
    await moveCard(t.db, clerkA, other.id, { village: w.villageB1.code, moved_on: '2026-03-15' }, { today: day });
    const incoming = await t.db('transfers').where({ woman_id: other.id }).first();
    expect(incoming).toBeTruthy();
    const afterTransfer = await expectLive(at(day));
    expect(afterTransfer).toBeDefined();
    expect(withOther).toBeDefined();

    // A day change, nothing written: the next follow-up falls due and the entry of yesterday is not served.
    const later = addDays(day, 120);
    const nextDay = await expectLive(at(later));
    expect(nextDay).not.toEqual(afterTransfer);
  });

  it('a kept timestamp comes back a Date; a changed day or version recomputes', async () => {
    const at1 = new Date('2026-03-15T02:03:04.000Z');
    let computed = 0;
    const compute = async () => {
      computed += 1;
      return { at: at1, n: computed, day: '2026-03-15', list: [{ at: at1 }] };
    };
    const first = await cachedPanelData(t.db, 'test|dates', '2026-03-15', compute);
    const again = await cachedPanelData(t.db, 'test|dates', '2026-03-15', compute);
    expect(again).toEqual(first);
    expect(again.at).toBeInstanceOf(Date);
    expect(again.list[0].at).toBeInstanceOf(Date);
    expect(computed).toBe(1);
    expect((await cachedPanelData(t.db, 'test|dates', '2026-03-16', compute)).n).toBe(2);
    await makeCard(t.db, clerkA, w.villageA2.code);
    expect((await cachedPanelData(t.db, 'test|dates', '2026-03-16', compute)).n).toBe(3);
  });

  it('random sequences of writes and days: the page always shows the live figures', async () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant('card' as const), village: fc.constantFrom('A1', 'A2', 'B1') }),
      fc.record({ kind: fc.constant('service' as const), daysAgo: fc.integer({ min: 0, max: 200 }) }),
      fc.record({ kind: fc.constant('visit' as const) }),
      fc.record({ kind: fc.constant('transfer' as const) }),
      fc.record({ kind: fc.constant('day' as const), days: fc.integer({ min: 1, max: 60 }) }),
    );
    let day = '2026-04-01';
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 5 }), async (ops) => {
        for (const o of ops) {
          const actor = clerkA;
          if (o.kind === 'card') {
            const village = o.village === 'A1' ? w.villageA1 : o.village === 'A2' ? w.villageA2 : w.villageB1;
            await mother(day, village.code).catch(() => undefined);
          } else if (o.kind === 'service') {
            const woman = await t.db('women').where({ status: 'active' }).whereIn('region_id', [w.villageA1.id, w.villageA2.id]).orderBy('id', 'desc').first('id');
            if (woman) {
              await recordService(t.db, actor, woman.id, { kind: 'gyn_exam', performed_on: addDays(day, -o.daysAgo), facility: '城关镇计生服务站', provider: '李医生' }, { today: day }).catch(
                () => undefined,
              );
            }
          } else if (o.kind === 'visit') {
            const fu = await t
              .db('follow_ups as f')
              .join('women as wm', 'wm.id', 'f.woman_id')
              .whereNull('f.done_on')
              .where('wm.status', 'active')
              .whereIn('wm.region_id', [w.villageA1.id, w.villageA2.id])
              .orderBy('f.id')
              .first<{ id: number; performed_on: string } | undefined>('f.id');
            if (fu) await completeFollowUp(t.db, actor, fu.id, { done_on: day, result: '无不适' }, { today: day }).catch(() => undefined);
          } else if (o.kind === 'transfer') {
            const woman = await t.db('women').where({ status: 'active', region_id: w.villageA1.id }).orderBy('id').first('id');
            if (woman) await moveCard(t.db, actor, woman.id, { village: w.villageA2.code, moved_on: day }, { today: day }).catch(() => undefined);
          } else {
            day = addDays(day, o.days);
          }
          await expectLive(at(day));
        }
      }),
      { numRuns: 8, seed: SEED },
    );
  });

  it('an API call, its client and the figure store do not move the data version; a register write does', async () => {
    const [client] = await t
      .db('api_clients')
      .insert({ name: '市级平台', purpose: '取数', region_id: w.county.id, access: 'read', token_prefix: 'abcdefgh', token_hash: 'b'.repeat(64) })
      .returning('id');
    const before = await homeDataVersion(t.db);
    await t.db('api_calls').insert({ client_id: (client as { id: number }).id, at: new Date(), method: 'GET', path: '/api/v1/figures', status: 200 });
    await t.db('api_clients').update({ last_used_at: new Date() });
    await t.db('figure_check_runs').insert({ keys_compared: 0, differences: 0, details: JSON.stringify([]) });
    expect(await homeDataVersion(t.db)).toBe(before);
    await t.db('regions').where({ id: w.villageA1.id }).update({ name: w.villageA1.name });
    expect(await homeDataVersion(t.db)).toBeGreaterThan(before);
  });
});
