/**
 * The figure store against its oracle (issue 19 §2): random histories written through the services' public
 * functions (cards, marriages, pregnancies, births, procedures, transfers, exits, certificates, 孕前 plans and checks), then for random
 * regions (the county, a township) and random periods the report read from the store equals the report computed
 * from the live source SQL, every key of every row (the stock of any day from the stored stock changes). Also: the
 * per-woman recompute reads her rows by index.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../../src/auth/actor.ts';
import { chartData, computeReport, computeReportLive, type Report } from '../../../src/features/reports/service.ts';
import { monthPeriod } from '../../../src/domain/report-periods.ts';
import { createCard, recordBirth } from '../../../src/features/women/service.ts';
import { womanRowsSql } from '../../../src/features/reports/store/queries.ts';
import { womanStockRowsSql } from '../../../src/features/reports/stock/queries.ts';
import { useTestDatabase } from '../../helpers/db.ts';
import type { World } from '../../helpers/fixtures.ts';
import { SEED } from '../../helpers/generative.ts';
import { dayFrom, historyOps, seedHistoryWorld, type HistoryWriter } from '../../helpers/histories.ts';
import { cardInput, womanId } from '../../helpers/women.ts';

const TODAY = '2026-11-18';

const date = dayFrom('2020-12-01', 6 * 365);
const PROCEDURES = ['iud_insertion', 'iud_removal', 'female_sterilization', 'implant_insertion', 'surgical_abortion', 'medical_abortion', 'induced_labour', 'ring_pregnancy_check'];

const anOp = historyOps(date);
const op = fc.oneof(
  anOp.card(fc.constantFrom('1978-03-02', '1990-05-12', '1999-07-30', '2004-01-15')),
  anOp.birth(),
  anOp.pregnancy(200),
  anOp.service(fc.constantFrom(...PROCEDURES), fc.constantFrom(undefined, 'satisfied' as const, 'dissatisfied' as const)),
  anOp.move(),
  anOp.exit(fc.constantFrom('moved_out' as const, 'deceased' as const)),
  anOp.certificate(),
  anOp.divorce(),
  anOp.plan(500),
  anOp.check(fc.constantFrom('woman' as const, 'spouse' as const)),
);

const period = fc.oneof(
  fc.record({ y: fc.integer({ min: 2021, max: 2026 }), m: fc.integer({ min: 1, max: 12 }) }).map(({ y, m }) => ({
    from: `${y}-${String(m).padStart(2, '0')}-01`,
    to: new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10),
  })),
  fc.integer({ min: 2021, max: 2026 }).map((y) => ({ from: `${y}-01-01`, to: `${y}-12-31` })),
  fc.tuple(date, date).map(([a, b]) => (a <= b ? { from: a, to: b } : { from: b, to: a })),
);

function figuresOf(r: Report) {
  return { rows: r.rows.map((row) => ({ code: row.region.code, figures: row.figures })), total: r.total };
}

describe('the figure store equals the live source SQL', () => {
  const t = useTestDatabase();
  let w: World;
  let clerks: { A: Actor; B: Actor };
  let history: HistoryWriter;

  beforeAll(async () => {
    ({ w, clerks, history } = await seedHistoryWorld(t.db, { today: TODAY }));
  });

  it('store report == live report for random histories, regions and periods', async () => {
    let landed = 0;
    let refused = 0;
    let compared = 0;
    let monthsWithTargets = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 2, maxLength: 8 }), fc.array(fc.tuple(fc.constantFrom('county', 'A', 'B'), period), { minLength: 1, maxLength: 3 }), async (ops, checks) => {
        const written = await history.applyAll(ops);
        landed += written.landed;
        refused += written.refused;
        for (const [which, p] of checks) {
          const region = which === 'county' ? w.county : which === 'A' ? w.townshipA : w.townshipB;
          const [stored, live] = await Promise.all([computeReport(t.db, region, p), computeReportLive(t.db, region, p)]);
          expect(figuresOf(stored)).toEqual(figuresOf(live));
          compared++;
          // A calendar month's 孕前 targets come from the stored month ends: count the months that had any.
          if (p.from.endsWith('-01') && p.to.slice(0, 7) === p.from.slice(0, 7) && stored.total.preconception_targets > 0) monthsWithTargets++;
        }
      }),
      { seed: SEED, numRuns: 30 },
    );
    console.info(`figure store property: ${landed} writes landed, ${refused} refused, ${compared} reports compared, ${monthsWithTargets} months with 孕前 targets`);
    expect(landed).toBeGreaterThan(30);
    const stored = await t.db('figure_counts').sum<{ n: number }[]>('n as n');
    expect(Number(stored[0]!.n)).toBeGreaterThan(0);
  }, 180_000);

  it("the charts' months are the reports' own figures of those months (stored month sums == live reports)", async () => {
    // Runs after the property above, on the histories it wrote: charts ending in months that had births or procedures.
    const busy = await t.db.raw<{ rows: { month: string }[] }>(
      `select distinct to_char(d, 'YYYY-MM') as month from (select birth_date as d from children union all select performed_on from services) x order by 1 desc limit 4`,
    );
    let nonZero = 0;
    for (const [i, { month }] of busy.rows.entries()) {
      const region = [w.county, w.townshipA, w.townshipB][i % 3]!;
      const chart = await chartData(t.db, region, month);
      const live = await Promise.all(chart.months.map((m) => computeReportLive(t.db, region, monthPeriod(m))));
      expect(chart.series).toEqual(live.map((r, i) => ({ month: chart.months[i], births_male: r.total.births_male, births_female: r.total.births_female, procedures: r.total.procedures })));
      nonZero += chart.series.filter((s) => s.births_male + s.births_female + s.procedures > 0).length;
    }
    expect(nonZero).toBeGreaterThan(3);
  }, 60_000);

  it('a rolled-back write leaves the store as it was', async () => {
    const clerk = clerks.A;
    const card = await createCard(t.db, clerk, cardInput(w.villageA1.code, { id_number: womanId('1991-01-01') }), { today: TODAY });
    const before = await t.db('figure_counts').orderBy(['village_id', 'day', 'key']).select('*');
    await expect(
      t.db.transaction(async (trx) => {
        await recordBirth(trx, clerk, card.id, { birth_date: '2026-05-05', children: [{ sex: 'male' }] }, { today: TODAY });
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await t.db('figure_counts').orderBy(['village_id', 'day', 'key']).select('*')).toEqual(before);
    await recordBirth(t.db, clerk, card.id, { birth_date: '2026-05-05', children: [{ sex: 'male' }] }, { today: TODAY });
    const births = await t.db('figure_counts').where({ village_id: w.villageA1.id, day: '2026-05-05', key: 'births' }).first('n');
    expect(births?.n).toBeGreaterThanOrEqual(1);
  });

  it.each([
    ['her flow rows', () => womanRowsSql(t.db, 1)],
    ['her stock changes', () => womanStockRowsSql(1)],
  ])("a woman's recompute (%s) reads her rows by index, never a whole register table", async (_what, sqlOf) => {
    const sql = sqlOf();
    const plan = await t.db.transaction(async (trx) => {
      await trx.raw('set local enable_seqscan = off');
      const { rows } = await trx.raw<{ rows: { 'QUERY PLAN': string }[] }>(`explain ${sql}`);
      return rows.map((r) => r['QUERY PLAN']).join('\n');
    });
    const REGISTER = [
      'children',
      'services',
      'pregnancies',
      'certificates',
      'marital_events',
      'floating_events',
      'transfers',
      'contraception_episodes',
      'follow_ups',
      'preconception_checks',
      'check_results',
      'floating_queries',
      'women',
    ];
    const scanned = REGISTER.filter((table) => new RegExp(`Seq Scan on ${table}\\b`).test(plan));
    expect(scanned).toEqual([]);
    expect(plan).toMatch(/Index (Only )?Scan/);
  });
});
