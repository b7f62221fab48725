/**
 * The stored 孕前 target couples (issue 19: a county's month at city scale) against the live source SQL: random
 * couples written through the services (cards married or not, 孕前 plans opened and ended, checks of either spouse or both,
 * divorces, sterilisations, moves to the other township, exits; women turning 20 or 50 inside the window), then for
 * every calendar month of the window the report's figures (read from the stored month ends) equal the live SQL's,
 * per township; a quarter is still computed live.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../../src/auth/actor.ts';
import { addMonthsToMonth, monthEnd, monthStart } from '../../../src/domain/dates.ts';
import { ValidationError } from '../../../src/errors.ts';
import { preconceptionSource } from '../../../src/features/reports/engine/checks-sources.ts';
import { allCounts, countSource, type RowMapping } from '../../../src/features/reports/engine/queries.ts';
import { endPlan, preconceptionOf, recordCheck, registerPlan } from '../../../src/features/services/preconception/service.ts';
import { recordService } from '../../../src/features/services/service.ts';
import { acceptTransfer, createCard, exitCard, formValuesOf, getCard, moveCard, updateCard, type CardInput } from '../../../src/features/women/service.ts';
import { useTestDatabase } from '../../helpers/db.ts';
import { seedWorld, type World } from '../../helpers/fixtures.ts';
import { SEED } from '../../helpers/generative.ts';
import { cardInput, townshipClerks, womanId } from '../../helpers/women.ts';

const TODAY = '2026-11-18';
const FIRST_MONTH = '2024-06';
const MONTHS = 30;

/** A day from 2024-03-01 to 2026-11-17: inside the window, and a little before it (a plan or marriage already running). */
const date = fc.integer({ min: 0, max: 991 }).map((d) => new Date(Date.UTC(2024, 2, 1) + d * 86_400_000).toISOString().slice(0, 10));
const village = fc.constantFrom('990100001001', '990100001002', '990100002001');
/** Birth dates whose 20th birthday falls inside the window (one on 29 February), whose 50th falls in its last month, and two in between. */
const birth = fc.constantFrom('2004-02-29', '2005-09-10', '1976-11-25', '1990-05-12', '1995-12-31');

const op = fc.oneof(
  { weight: 3, arbitrary: fc.record({ k: fc.constant('card' as const), village, registered: date, married: fc.option(date, { freq: 4 }), birth }) },
  { weight: 3, arbitrary: fc.record({ k: fc.constant('plan' as const), who: fc.nat(), on: date, end: fc.option(fc.integer({ min: 0, max: 400 })) }) },
  { weight: 3, arbitrary: fc.record({ k: fc.constant('check' as const), who: fc.nat(), on: date, whose: fc.constantFrom('woman', 'spouse', 'both') }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('divorce' as const), who: fc.nat(), on: date }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('sterilisation' as const), who: fc.nat(), on: date }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('move' as const), who: fc.nat(), on: date, village }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('exit' as const), who: fc.nat(), on: date }) },
);
type Op = typeof op extends fc.Arbitrary<infer T> ? T : never;

interface Pair {
  preconception_targets: number;
  preconception_checked: number;
}

/** row id → the two figures, zeros left out (a row without targets is absent from one side and zero on the other). */
function byRow(rows: Iterable<[number, Partial<Record<string, number>>]>): Map<number, Pair> {
  const out = new Map<number, Pair>();
  for (const [id, f] of rows) {
    const pair = { preconception_targets: f.preconception_targets ?? 0, preconception_checked: f.preconception_checked ?? 0 };
    if (pair.preconception_targets + pair.preconception_checked > 0) out.set(id, pair);
  }
  return out;
}

describe('the stored 孕前 target couples equal the live source SQL', () => {
  const t = useTestDatabase();
  let w: World;
  let clerks: { A: Actor; B: Actor };
  /** The women written so far, the township each is in now (its clerk writes her records), and whether she left. */
  const women: { id: number; at: 'A' | 'B'; exited?: boolean }[] = [];
  const townshipOf = (villageCode: string) => (villageCode.startsWith('990100001') ? 'A' : 'B');
  const county: RowMapping = { prefix: '990100', rowLevel: 'township' };

  beforeAll(async () => {
    w = await seedWorld(t.db);
    clerks = await townshipClerks(t.db, w).then(({ clerkA, clerkB }) => ({ A: clerkA, B: clerkB }));
  });

  async function apply(o: Op): Promise<void> {
    const opts = { today: TODAY };
    if (o.k === 'card') {
      const input: CardInput = cardInput(o.village, {
        id_number: womanId(o.birth),
        registered_on: o.registered,
        ...(o.married
          ? { marital_status: 'first_marriage', marriage_date: o.married }
          : { marital_status: 'unmarried', marriage_date: undefined, spouse_name: undefined, spouse_id_number: undefined }),
      });
      const at = townshipOf(o.village);
      women.push({ id: (await createCard(t.db, clerks[at], input, opts)).id, at });
      return;
    }
    const active = women.filter((x) => !x.exited);
    if (active.length === 0) return;
    const woman = active[o.who % active.length]!;
    const { id } = woman;
    const clerk = clerks[woman.at];
    switch (o.k) {
      case 'plan': {
        await registerPlan(t.db, clerk, id, { planned_on: o.on }, opts);
        if (o.end === null) return;
        const end = new Date(Date.parse(`${o.on}T00:00:00Z`) + o.end * 86_400_000).toISOString().slice(0, 10);
        if (end <= TODAY) await endPlan(t.db, clerk, id, (await preconceptionOf(t.db, id)).openPlan!.id, { ended_on: end }, opts);
        return;
      }
      case 'check':
        for (const whose of o.whose === 'both' ? (['woman', 'spouse'] as const) : [o.whose]) await recordCheck(t.db, clerk, id, { whose, checked_on: o.on, result: 'general', referred: false }, opts);
        return;
      case 'divorce': {
        const card = await getCard(t.db, clerk.scope, id);
        const values = formValuesOf({ ...card, village_code: card.village_code }) as unknown as CardInput;
        await updateCard(t.db, clerk, id, { ...values, version: card.version, marital_status: 'divorced', marital_changed_on: o.on } as Parameters<typeof updateCard>[3], opts);
        return;
      }
      case 'sterilisation':
        await recordService(t.db, clerk, id, { kind: 'female_sterilization', performed_on: o.on, facility: '县妇幼保健院' }, opts);
        return;
      case 'move': {
        const { transfer, moved } = await moveCard(t.db, clerk, id, { village: o.village, moved_on: o.on }, opts);
        const to = townshipOf(o.village);
        if (!moved) await acceptTransfer(t.db, clerks[to], transfer.id, {}, opts);
        woman.at = to;
        return;
      }
      case 'exit': {
        const card = await getCard(t.db, clerk.scope, id);
        await exitCard(t.db, clerk, id, { exit_reason: 'moved_out', exit_date: o.on, version: card.version }, opts);
        woman.exited = true;
        return;
      }
    }
  }

  async function storedAndLive(from: string, to: string): Promise<[Map<number, Pair>, Map<number, Pair>]> {
    const stored = await allCounts(t.db, { from, to }, county);
    const live = await countSource(t.db, preconceptionSource({ from, to }), county);
    return [byRow(stored), byRow(live.map(({ row_id, ...f }) => [row_id!, f]))];
  }

  it('a plan ended in April counts in April, not in May; a check of both spouses counts from its month', async () => {
    const clerk = clerks.A;
    const opts = { today: TODAY };
    const id = (await createCard(t.db, clerk, cardInput('990100001002', { id_number: womanId('1992-04-02'), registered_on: '2016-01-05', marriage_date: '2015-10-01' }), opts)).id;
    await registerPlan(t.db, clerk, id, { planned_on: '2025-06-04' }, opts);
    await endPlan(t.db, clerk, id, (await preconceptionOf(t.db, id)).openPlan!.id, { ended_on: '2026-04-06' }, opts);
    for (const whose of ['woman', 'spouse'] as const) await recordCheck(t.db, clerk, id, { whose, checked_on: '2025-09-20', result: 'general', referred: false }, opts);
    const figures = async (month: string) => {
      const [stored, live] = await storedAndLive(monthStart(month), monthEnd(month));
      expect(Object.fromEntries(stored)).toEqual(Object.fromEntries(live));
      return stored.get(w.townshipA.id) ?? { preconception_targets: 0, preconception_checked: 0 };
    };
    expect(await figures('2025-05')).toEqual({ preconception_targets: 0, preconception_checked: 0 });
    expect(await figures('2025-08')).toEqual({ preconception_targets: 1, preconception_checked: 0 });
    expect(await figures('2025-09')).toEqual({ preconception_targets: 1, preconception_checked: 1 });
    expect(await figures('2026-04')).toEqual({ preconception_targets: 1, preconception_checked: 1 });
    expect(await figures('2026-05')).toEqual({ preconception_targets: 0, preconception_checked: 0 });
  });

  it('every calendar month of the window, per township, for random couples; a quarter stays live', async () => {
    let landed = 0;
    let monthsWithTargets = 0;
    let checkedMonths = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 3, maxLength: 10 }), async (ops) => {
        for (const o of ops) {
          try {
            await apply(o);
            landed++;
          } catch (err) {
            if (!(err instanceof ValidationError)) throw err;
          }
        }
        for (let i = 0; i < MONTHS; i++) {
          const month = addMonthsToMonth(FIRST_MONTH, i);
          const [stored, live] = await storedAndLive(monthStart(month), monthEnd(month));
          expect({ month, rows: Object.fromEntries(stored) }).toEqual({ month, rows: Object.fromEntries(live) });
          if (live.size > 0) monthsWithTargets++;
          if ([...live.values()].some((p) => p.preconception_checked > 0)) checkedMonths++;
        }
        const [stored, live] = await storedAndLive('2025-07-01', '2025-09-30');
        expect(Object.fromEntries(stored)).toEqual(Object.fromEntries(live));
      }),
      { seed: SEED, numRuns: 20 },
    );
    console.info(`stored 孕前 targets: ${landed} writes landed, ${monthsWithTargets} months with targets, ${checkedMonths} with checked couples`);
    expect(monthsWithTargets).toBeGreaterThan(MONTHS);
    expect(checkedMonths).toBeGreaterThan(3);
  }, 240_000);
});
