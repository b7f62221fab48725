/**
 * Property: the report's target-couple SQL (checks-sources.ts) and the pure rule (src/domain/preconception.ts) agree
 * on random couples — marriages, divorces and remarriages, plans opened and ended, sterilisations, each spouse's
 * checks — and random periods: the same couples are targets, and the same ones are checked.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../../src/auth/actor.ts';
import type { Method } from '../../../src/domain/codes.ts';
import { addDays } from '../../../src/domain/dates.ts';
import { targetStatus, type CoupleFacts } from '../../../src/domain/preconception.ts';
import { drillDown } from '../../../src/features/reports/service.ts';
import { useTestDatabase } from '../../helpers/db.ts';
import { seedWorld, type World } from '../../helpers/fixtures.ts';
import { SEED } from '../../helpers/generative.ts';
import * as f from '../../helpers/report-fixtures.ts';

const day = (from: string, span: number) => fc.integer({ min: 0, max: span }).map((n) => addDays(from, n));

const coupleArb: fc.Arbitrary<CoupleFacts> = fc.record({
  birth_date: day('1972-01-01', 365 * 38),
  marital: fc
    .array(fc.record({ kind: fc.constantFrom('first_marriage' as const, 'divorce' as const, 'remarriage' as const, 'widowed' as const), effective_on: day('2021-01-01', 365 * 5) }), { maxLength: 3 })
    .map((events) => [...events].sort((a, b) => (a.effective_on < b.effective_on ? -1 : a.effective_on > b.effective_on ? 1 : 0))),
  plans: fc.array(
    fc
      .record({ planned_on: day('2022-01-01', 365 * 4), length: fc.option(fc.integer({ min: 0, max: 400 }), { nil: null }) })
      .map((p) => ({ planned_on: p.planned_on, ended_on: p.length === null ? null : addDays(p.planned_on, p.length) })),
    { maxLength: 2 },
  ),
  episodes: fc.array(
    fc
      .record({ method: fc.constantFrom('female_sterilization' as const, 'male_sterilization' as const, 'iud' as const), started_on: day('2021-01-01', 365 * 5), ended: fc.boolean() })
      .map((e) => ({ method: e.method, started_on: e.started_on, ended_on: e.ended ? addDays(e.started_on, 200) : null })),
    { maxLength: 1 },
  ),
  checks: fc
    .tuple(
      fc.array(fc.record({ whose: fc.constantFrom('woman' as const, 'spouse' as const), checked_on: day('2021-06-01', 365 * 5) }), { maxLength: 3 }),
      // Often both spouses on one day (a couple that came together), so checked couples occur.
      fc.option(day('2021-06-01', 365 * 5), { nil: null }),
    )
    .map(([some, both]) => (both ? [...some, { whose: 'woman' as const, checked_on: both }, { whose: 'spouse' as const, checked_on: both }] : some)),
});

describe('孕前优生 target couples: the SQL and the pure rule agree (property)', () => {
  const t = useTestDatabase();
  let w: World;
  beforeAll(async () => {
    w = await seedWorld(t.db);
  });

  it('gives the same targets and checked couples for random couples and periods', async () => {
    // The property says something only if targets and checked couples occur: counted over the runs.
    const seen = { targets: 0, checked: 0 };
    await fc.assert(
      fc.asyncProperty(fc.array(coupleArb, { minLength: 1, maxLength: 6 }), day('2022-01-01', 365 * 4), fc.constantFrom(0, 30, 90, 364), async (couples, to, length) => {
        const period = { from: addDays(to, -length), to };
        const ids: number[] = [];
        for (const c of couples) {
          const id = await f.addWoman(t.db, { village: w.villageA1.id, birth_date: c.birth_date, registered_on: '2020-01-01' });
          ids.push(id);
          for (const m of c.marital) await f.addMaritalEvent(t.db, { woman: id, kind: m.kind, on: m.effective_on });
          for (const p of c.plans) await t.db('pregnancy_plans').insert({ woman_id: id, planned_on: p.planned_on, ended_on: p.ended_on });
          for (const e of c.episodes) await f.addEpisode(t.db, { woman: id, village: w.villageA1.id, method: e.method as Method, started_on: e.started_on, ended_on: e.ended_on ?? undefined });
          for (const k of c.checks) await t.db('preconception_checks').insert({ woman_id: id, region_id: w.villageA1.id, whose: k.whose, checked_on: k.checked_on, result: 'general' });
        }
        const listed = async (figure: string) =>
          (await drillDown(t.db, systemActor(w.county), { figure, period, page: { limit: 10_000, offset: 0 } })).rows
            .map((r) => r.woman_id)
            .filter((id) => ids.includes(id))
            .sort((a, b) => a - b);
        const expected = couples.map((c, i) => ({ id: ids[i], status: targetStatus(c, period) }));
        seen.targets += expected.filter((e) => e.status !== 'not_target').length;
        seen.checked += expected.filter((e) => e.status === 'checked').length;
        expect(await listed('preconception_targets')).toEqual(expected.filter((e) => e.status !== 'not_target').map((e) => e.id));
        expect(await listed('preconception_checked')).toEqual(expected.filter((e) => e.status === 'checked').map((e) => e.id));
      }),
      { seed: SEED, numRuns: 40 },
    );
    expect(seen.targets).toBeGreaterThan(5);
    expect(seen.checked).toBeGreaterThan(0);
  }, 120_000);
});
