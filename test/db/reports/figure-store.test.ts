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
import { ValidationError } from '../../../src/errors.ts';
import { chartData, computeReport, computeReportLive, type Report } from '../../../src/features/reports/service.ts';
import { monthPeriod } from '../../../src/domain/report-periods.ts';
import { recordService } from '../../../src/features/services/service.ts';
import { endPlan, preconceptionOf, recordCheck, registerPlan } from '../../../src/features/services/preconception/service.ts';
import {
  closePregnancy,
  createCard,
  exitCard,
  getCard,
  issueCertificate,
  moveCard,
  acceptTransfer,
  openPregnancy,
  recordBirth,
  updateCard,
  formValuesOf,
  type CardInput,
} from '../../../src/features/women/service.ts';
import { womanRowsSql } from '../../../src/features/reports/store/queries.ts';
import { womanStockRowsSql } from '../../../src/features/reports/stock/queries.ts';
import { useTestDatabase } from '../../helpers/db.ts';
import { seedWorld, type World } from '../../helpers/fixtures.ts';
import { SEED } from '../../helpers/generative.ts';
import { cardInput, townshipClerks, womanId } from '../../helpers/women.ts';

const TODAY = '2026-11-18';

const date = fc.integer({ min: 0, max: 6 * 365 }).map((d) => new Date(Date.UTC(2020, 11, 1) + d * 86_400_000).toISOString().slice(0, 10));
const village = fc.constantFrom('990100001001', '990100001002', '990100002001');
const PROCEDURES = ['iud_insertion', 'iud_removal', 'female_sterilization', 'implant_insertion', 'surgical_abortion', 'medical_abortion', 'induced_labour', 'ring_pregnancy_check'];

const op = fc.oneof(
  fc.record({ k: fc.constant('card' as const), village, registered: date, married: fc.option(date), birth: fc.constantFrom('1978-03-02', '1990-05-12', '1999-07-30', '2004-01-15') }),
  fc.record({ k: fc.constant('birth' as const), who: fc.nat(), on: date, twins: fc.boolean(), sex: fc.constantFrom('male', 'female') }),
  fc.record({ k: fc.constant('pregnancy' as const), who: fc.nat(), on: date, end: fc.option(fc.integer({ min: 10, max: 200 })) }),
  fc.record({ k: fc.constant('service' as const), who: fc.nat(), on: date, kind: fc.constantFrom(...PROCEDURES), satisfaction: fc.constantFrom(undefined, 'satisfied', 'dissatisfied') }),
  fc.record({ k: fc.constant('move' as const), who: fc.nat(), on: date, village }),
  fc.record({ k: fc.constant('exit' as const), who: fc.nat(), on: date, reason: fc.constantFrom('moved_out', 'deceased') }),
  fc.record({ k: fc.constant('certificate' as const), who: fc.nat(), on: date }),
  fc.record({ k: fc.constant('divorce' as const), who: fc.nat(), on: date }),
  fc.record({ k: fc.constant('plan' as const), who: fc.nat(), on: date, end: fc.option(fc.integer({ min: 0, max: 500 })) }),
  fc.record({ k: fc.constant('check' as const), who: fc.nat(), on: date, whose: fc.constantFrom('woman', 'spouse') }),
);
type Op = typeof op extends fc.Arbitrary<infer T> ? T : never;

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
  /** The women written so far and the township each is in now (its clerk writes her records). */
  const women: { id: number; at: 'A' | 'B' }[] = [];
  const townshipOf = (villageCode: string) => (villageCode.startsWith('990100001') ? 'A' : 'B');

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
    if (women.length === 0) return;
    const woman = women[o.who % women.length]!;
    const { id } = woman;
    const clerk = clerks[woman.at];
    switch (o.k) {
      case 'birth':
        await recordBirth(t.db, clerk, id, { birth_date: o.on, children: o.twins ? [{ sex: o.sex }, { sex: 'female' }] : [{ sex: o.sex }] }, opts);
        return;
      case 'pregnancy': {
        const p = await openPregnancy(t.db, clerk, id, { found_on: o.on }, opts);
        if (o.end !== null) {
          const end = new Date(Date.parse(`${o.on}T00:00:00Z`) + o.end * 86_400_000).toISOString().slice(0, 10);
          if (end <= TODAY) await closePregnancy(t.db, clerk, id, { outcome: 'miscarriage', outcome_date: end }, opts);
        }
        return void p;
      }
      case 'service':
        await recordService(t.db, clerk, id, { kind: o.kind, performed_on: o.on, facility: '县妇幼保健院', ...(o.satisfaction ? { satisfaction: o.satisfaction } : {}) }, opts);
        return;
      case 'move': {
        const { transfer, moved } = await moveCard(t.db, clerk, id, { village: o.village, moved_on: o.on }, opts);
        const to = townshipOf(o.village);
        // Another township: the receiving clerk accepts it (the transfer becomes the history villageOn reads).
        if (!moved) await acceptTransfer(t.db, clerks[to], transfer.id, {}, opts);
        woman.at = to;
        return;
      }
      case 'exit': {
        const card = await getCard(t.db, clerk.scope, id);
        await exitCard(t.db, clerk, id, { exit_reason: o.reason, exit_date: o.on, version: card.version }, opts);
        return;
      }
      case 'certificate':
        await issueCertificate(t.db, clerk, id, { kind: 'only_child_glory', number: `G-${id}-${o.on}`, issued_on: o.on }, opts);
        return;
      case 'plan': {
        // A 孕前 plan, ended after `end` days when that is not after today (the stored 孕前 targets read plans).
        await registerPlan(t.db, clerk, id, { planned_on: o.on }, opts);
        if (o.end === null) return;
        const end = new Date(Date.parse(`${o.on}T00:00:00Z`) + o.end * 86_400_000).toISOString().slice(0, 10);
        const plan = (await preconceptionOf(t.db, id)).openPlan!;
        if (end <= TODAY) await endPlan(t.db, clerk, id, plan.id, { ended_on: end }, opts);
        return;
      }
      case 'check':
        await recordCheck(t.db, clerk, id, { whose: o.whose, checked_on: o.on, result: 'general', referred: false }, opts);
        return;
      case 'divorce': {
        const card = await getCard(t.db, clerk.scope, id);
        const values = formValuesOf({ ...card, village_code: card.village_code }) as unknown as CardInput;
        await updateCard(t.db, clerk, id, { ...values, version: card.version, marital_status: 'divorced', marital_changed_on: o.on } as Parameters<typeof updateCard>[3], opts);
        return;
      }
    }
  }

  it('store report == live report for random histories, regions and periods', async () => {
    let landed = 0;
    let refused = 0;
    let compared = 0;
    let monthsWithTargets = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 2, maxLength: 8 }), fc.array(fc.tuple(fc.constantFrom('county', 'A', 'B'), period), { minLength: 1, maxLength: 3 }), async (ops, checks) => {
        for (const o of ops) {
          try {
            await apply(o);
            landed++;
          } catch (err) {
            if (!(err instanceof ValidationError)) throw err;
            refused++;
          }
        }
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
