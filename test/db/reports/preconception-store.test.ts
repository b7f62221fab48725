/**
 * The stored 孕前 target couples (issue 19: a county's month at city scale) against the live source SQL: random
 * couples written through the services (cards married or not, 孕前 plans opened and ended, checks of either spouse or both,
 * divorces, sterilisations, moves to the other township, exits; women turning 20 or 50 inside the window), then for
 * every calendar month of the window the report's figures (read from the stored month ends) equal the live SQL's,
 * per township; so do longer periods ending on a month end (the stored month plus the couples whose plans ended
 * before it) and one ending mid-month (live).
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../../src/auth/actor.ts';
import { addMonthsToMonth, monthEnd, monthStart } from '../../../src/domain/dates.ts';
import { preconceptionSource } from '../../../src/features/reports/engine/checks-sources.ts';
import { allCounts, countSource, type RowMapping } from '../../../src/features/reports/engine/queries.ts';
import { endPlan, preconceptionOf, recordCheck, registerPlan } from '../../../src/features/services/preconception/service.ts';
import { createCard } from '../../../src/features/women/service.ts';
import { useTestDatabase } from '../../helpers/db.ts';
import type { World } from '../../helpers/fixtures.ts';
import { SEED } from '../../helpers/generative.ts';
import { dayFrom, historyOps, seedHistoryWorld, type HistoryWriter } from '../../helpers/histories.ts';
import { cardInput, womanId } from '../../helpers/women.ts';

const TODAY = '2026-11-18';
const FIRST_MONTH = '2024-06';
const MONTHS = 30;

/** A day from 2024-03-01 to 2026-11-17: inside the window, and a little before it (a plan or marriage already running). */
const date = dayFrom('2024-03-01', 991);
/** Birth dates whose 20th birthday falls inside the window (one on 29 February), whose 50th falls in its last month, and two in between. */
const birth = fc.constantFrom('2004-02-29', '2005-09-10', '1976-11-25', '1990-05-12', '1995-12-31');

const anOp = historyOps(date);
const op = fc.oneof(
  { weight: 3, arbitrary: anOp.card(birth, fc.option(date, { freq: 4 })) },
  { weight: 3, arbitrary: anOp.plan(400) },
  { weight: 3, arbitrary: anOp.check(fc.constantFrom('woman' as const, 'spouse' as const, 'both' as const)) },
  { weight: 1, arbitrary: anOp.divorce() },
  { weight: 1, arbitrary: anOp.service(fc.constant('female_sterilization')) },
  { weight: 1, arbitrary: anOp.move() },
  { weight: 1, arbitrary: anOp.exit() },
);

/**
 * Periods other than a calendar month: ending on a month end (the stored month there, corrected for the plans ended
 * before it) — statistical years and half-year, a quarter, a calendar year, one starting mid-month, one starting
 * inside its last month — and one ending mid-month (live).
 */
const LONGER_PERIODS: [string, string][] = [
  ['2024-10-01', '2025-09-30'],
  ['2025-10-01', '2026-09-30'],
  ['2025-10-01', '2026-03-31'],
  ['2025-07-01', '2025-09-30'],
  ['2025-01-01', '2025-12-31'],
  ['2025-03-17', '2026-02-28'],
  ['2026-04-10', '2026-04-30'],
  ['2025-06-01', '2025-11-15'],
];

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
  let history: HistoryWriter;
  const county: RowMapping = { prefix: '990100', rowLevel: 'township' };

  beforeAll(async () => {
    // An exited woman takes no more operations.
    ({ w, clerks, history } = await seedHistoryWorld(t.db, { today: TODAY, skipExited: true }));
  });

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
    // A statistical year whose last month (September 2026) has no target: the plan was open in the year.
    const [year, live] = await storedAndLive('2025-10-01', '2026-09-30');
    expect(year.get(w.townshipA.id)).toEqual({ preconception_targets: 1, preconception_checked: 1 });
    expect(Object.fromEntries(year)).toEqual(Object.fromEntries(live));
    // Its first half-year ends in March, while the plan is open: the month counts her too, nothing to add.
    expect((await storedAndLive('2025-10-01', '2026-03-31'))[0].get(w.townshipA.id)).toEqual({ preconception_targets: 1, preconception_checked: 1 });
    // A period starting after the plan ended: not a target at the end of April 2026 (the month counts her).
    expect((await storedAndLive('2026-04-07', '2026-04-30'))[0].get(w.townshipA.id)).toBeUndefined();
  });

  it('every calendar month and longer periods of the window, per township, for random couples', async () => {
    let landed = 0;
    let monthsWithTargets = 0;
    let checkedMonths = 0;
    let beyondLastMonth = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 3, maxLength: 10 }), async (ops) => {
        landed += (await history.applyAll(ops)).landed;
        for (let i = 0; i < MONTHS; i++) {
          const month = addMonthsToMonth(FIRST_MONTH, i);
          const [stored, live] = await storedAndLive(monthStart(month), monthEnd(month));
          expect({ month, rows: Object.fromEntries(stored) }).toEqual({ month, rows: Object.fromEntries(live) });
          if (live.size > 0) monthsWithTargets++;
          if ([...live.values()].some((p) => p.preconception_checked > 0)) checkedMonths++;
        }
        for (const [from, to] of LONGER_PERIODS) {
          const [stored, live] = await storedAndLive(from, to);
          expect({ from, to, rows: Object.fromEntries(stored) }).toEqual({ from, to, rows: Object.fromEntries(live) });
          // The periods whose figures differ from their last month's: a plan ended between the two starts.
          const [last] = await storedAndLive(monthStart(to.slice(0, 7)), to);
          if (JSON.stringify(Object.fromEntries(last)) !== JSON.stringify(Object.fromEntries(stored))) beyondLastMonth++;
        }
      }),
      { seed: SEED, numRuns: 20 },
    );
    console.info(
      `stored 孕前 targets: ${landed} writes landed, ${monthsWithTargets} months with targets, ${checkedMonths} with checked couples, ${beyondLastMonth} longer periods unlike their last month`,
    );
    expect(monthsWithTargets).toBeGreaterThan(MONTHS);
    expect(checkedMonths).toBeGreaterThan(3);
    expect(beyondLastMonth).toBeGreaterThan(5);
  }, 240_000);
});
