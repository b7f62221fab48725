/**
 * The classification of the report sources (src/features/reports/engine/additivity.ts): for every source marked
 * additive, random histories show figure(range) == Σ figure(day) over the days of the range, every key, per
 * village. A source marked not additive is shown to break the sum on a hand-made case (so the test can fail).
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../../src/domain/dates.ts';
import { allSources, countSource, SOURCE_ADDITIVITY, type RowMapping } from '../../../src/features/reports/service.ts';
import { useTestDatabase } from '../../helpers/db.ts';
import { seedWorld, type World } from '../../helpers/fixtures.ts';
import { SEED } from '../../helpers/generative.ts';
import * as f from '../../helpers/report-fixtures.ts';

const START = '2025-01-01';
const day = fc.integer({ min: 0, max: 120 }).map((d) => addDays(START, d));

const history = fc.record({
  births: fc.array(fc.record({ on: day, sex: fc.constantFrom('male' as const, 'female' as const), order: fc.integer({ min: 1, max: 3 }), entered: fc.integer({ min: 0, max: 40 }) }), { maxLength: 3 }),
  pregnancies: fc.array(fc.record({ on: day, entered: fc.integer({ min: 0, max: 40 }) }), { maxLength: 1 }),
  services: fc.array(fc.record({ on: day, kind: fc.constantFrom('iud_insertion' as const, 'surgical_abortion' as const, 'female_sterilization' as const, 'iud_removal' as const) }), { maxLength: 3 }),
  certificates: fc.array(day, { maxLength: 1 }),
  marriage: fc.option(day),
  floating: fc.option(fc.record({ on: day, kind: fc.constantFrom('outflow' as const, 'inflow' as const) })),
  episode: fc.option(fc.record({ on: day, method: fc.constantFrom('iud' as const, 'implant' as const, 'condom' as const) })),
  followUps: fc.array(fc.record({ due: day, done: fc.option(fc.integer({ min: 0, max: 30 })) }), { maxLength: 2 }),
  transfer: fc.option(day),
});

describe('additive report sources', () => {
  const t = useTestDatabase();
  let w: World;
  const m: RowMapping = { prefix: '990100', rowLevel: 'village' };

  beforeAll(async () => {
    w = await seedWorld(t.db);
  });

  async function write(h: typeof history extends fc.Arbitrary<infer T> ? T : never) {
    const village = w.villageA1.id;
    const woman = await f.addWoman(t.db, { village, birth_date: '1992-04-01', marriage_date: h.marriage ?? undefined, created_on: '2024-06-01', registered_on: '2024-06-01' });
    for (const b of h.births) await f.addChild(t.db, { woman, village, birth_date: b.on, sex: b.sex, order: b.order, created_on: addDays(b.on, b.entered) });
    for (const p of h.pregnancies) await f.addPregnancy(t.db, { woman, village, found_on: p.on, created_on: addDays(p.on, p.entered) });
    for (const s of h.services) await f.addService(t.db, { woman, village, kind: s.kind, performed_on: s.on });
    for (const c of h.certificates) await f.addCertificate(t.db, { woman, village, issued_on: c });
    if (h.floating) await f.addFloatingEvent(t.db, { woman, kind: h.floating.kind, on: h.floating.on });
    if (h.episode) await f.addEpisode(t.db, { woman, village, method: h.episode.method, started_on: h.episode.on });
    for (const u of h.followUps) await f.addFollowUp(t.db, { woman, village, due_on: u.due, done_on: u.done === null ? undefined : addDays(u.due, u.done) });
    if (h.transfer) await f.addTransfer(t.db, { woman, from: village, to: w.villageB1.id, moved_on: h.transfer });
  }

  /** Per village and key: the figure of one source over a range. */
  async function figure(name: string, from: string, to: string): Promise<Map<string, number>> {
    const src = allSources({ from, to }).find((s) => s.name === name)!;
    const out = new Map<string, number>();
    for (const row of await countSource(t.db, src, m)) {
      const { row_id, ...keys } = row;
      for (const [k, n] of Object.entries(keys)) if (Number(n) !== 0) out.set(`${row_id}|${k}`, Number(n));
    }
    return out;
  }

  async function daySum(name: string, from: string, to: string): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    const days: string[] = [];
    for (let d = from; d <= to; d = addDays(d, 1)) days.push(d);
    for (const figures of await Promise.all(days.map((d) => figure(name, d, d)))) for (const [k, n] of figures) out.set(k, (out.get(k) ?? 0) + n);
    return out;
  }

  const additive = Object.entries(SOURCE_ADDITIVITY)
    .filter(([, a]) => a.additive)
    .map(([name]) => name);

  it('every additive source: figure(range) == Σ figure(day), every key, every village', async () => {
    let nonZero = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(history, { minLength: 1, maxLength: 3 }), day, fc.integer({ min: 0, max: 12 }), async (histories, from, length) => {
        for (const h of histories) await write(h);
        const to = addDays(from, length);
        for (const name of additive) {
          const whole = await figure(name, from, to);
          nonZero += whole.size;
          expect({ name, figures: Object.fromEntries(await daySum(name, from, to)) }).toEqual({ name, figures: Object.fromEntries(whole) });
        }
      }),
      { seed: SEED, numRuns: 10 },
    );
    console.info(`additivity: ${additive.length} sources, ${nonZero} non-zero figures compared`);
    expect(nonZero).toBeGreaterThan(20);
  }, 180_000);

  it('a source marked not additive breaks the sum: a follow-up due 31 March and done 2 April is done for the two months, not for either', async () => {
    expect(SOURCE_ADDITIVITY.follow_ups.additive).toBe(false);
    const woman = await f.addWoman(t.db, { village: w.villageA2.id, birth_date: '1990-01-01' });
    await f.addFollowUp(t.db, { woman, village: w.villageA2.id, due_on: '2026-03-31', done_on: '2026-04-02' });
    const done = async (from: string, to: string) => (await figure('follow_ups', from, to)).get(`${w.villageA2.id}|follow_ups_done`) ?? 0;
    expect(await done('2026-03-01', '2026-04-30')).toBe(1);
    expect((await done('2026-03-01', '2026-03-31')) + (await done('2026-04-01', '2026-04-30'))).toBe(0);
  });
});
