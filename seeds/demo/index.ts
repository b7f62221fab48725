/**
 * The demo county (DEMO-DATA.md): places and accounts, then people and their history, village population
 * figures, five years of month close with their snapshots, the data-quality findings, and subsidies.
 * Deterministic (same seed and same "today" → same data); refuses to run in production or on a database that
 * already has regions. One transaction: a failure leaves the database empty, so the next start can try again.
 * People are written in bulk (a few thousand rows per statement, ids assigned here), never a request per row.
 */
import type { Knex } from 'knex';
import { chinaDate, type IsoDate } from '../../src/domain/dates.ts';
import type { PasswordHasher } from '../../src/features/accounts/service.ts';
import { recomputeFindings } from '../../src/features/women/service.ts';
import { pauseFigureStore, rebuildFigureStore, resumeFigureStore } from '../../src/features/reports/service.ts';
import { seedApplications } from './applications.ts';
import { seedBenefits } from './benefits.ts';
import { ClosePlan } from './close-plan.ts';
import { at, birthday, dayOf, isoOf, stampOf } from './days.ts';
import type { LateRow } from './entry.ts';
import type { GenContext } from './life.ts';
import { replayMonthClose } from './month-close.ts';
import { generatePeople } from './people.ts';
import { seedOutsideBirths } from './outside-births.ts';
import { seedGradedFollowUps } from './graded-follow-ups.ts';
import { seedNetwork } from './network.ts';
import { seedPreconception } from './preconception.ts';
import { seedSpecialFamilies } from './special-families.ts';
import { DEMO_COUNTY, demoPlaces } from './places.ts';
import { MonthTally, writePopulation } from './population.ts';
import { TABLES } from './rows.ts';
import { createCounty, insertRounds } from './setup.ts';
import { summarize, summaryLines } from './summary.ts';
import { seedSuppliesAndSatisfaction } from './supplies.ts';
import { seedFloating } from './floating.ts';
import { insertRows, nextIds, syncSequences } from './writer.ts';

export const DEFAULT_SEED = 20261123;

export interface DemoOptions {
  women: number;
  seed?: number;
  env: string;
  /** 'YYYY-MM-DD'; default: today's date in China. History runs for five years up to it. */
  today?: IsoDate;
  log?: (line: string) => void;
}

export async function isDatabaseEmpty(db: Knex): Promise<boolean> {
  const row = await db('regions').first('id');
  return !row;
}

/** Write the people in batches as they are generated; return the rows held back for the month close. */
async function loadPeople(trx: Knex, ctx: GenContext, women: number, tally: MonthTally, log: (l: string) => void, started: number) {
  const ids = await nextIds(trx, TABLES);
  const activeWomen = ctx.villages.map(() => 0);
  const late: LateRow[] = [];
  let done = 0;
  let lastLog = Date.now();
  for (const { batch, lives, late: held } of generatePeople(ctx, women, ids, tally)) {
    for (const t of TABLES) await insertRows(trx, t, batch[t]);
    late.push(...held);
    for (const w of lives) if (w.status === 'active') activeWomen[w.village] += 1;
    done += lives.length;
    if (Date.now() - lastLog > 5000 && done < women) {
      log(`  已生成 ${done} / ${women} 名育龄妇女（${Math.round((Date.now() - started) / 1000)} 秒）…`);
      lastLog = Date.now();
    }
  }
  return { late, activeWomen };
}

export async function seedDemo(db: Knex, hasher: PasswordHasher, options: DemoOptions): Promise<void> {
  if (options.env === 'production') throw new Error('演示数据不能装入生产环境 (NODE_ENV=production)。');
  const log = options.log ?? (() => undefined);
  if (!(await isDatabaseEmpty(db))) throw new Error('数据库中已有区划数据，演示数据只能装入空数据库。');
  const seed = options.seed ?? DEFAULT_SEED;
  const today = dayOf(options.today ?? chinaDate(new Date()));
  // Nothing generated is entered after the start of today (China time): never in the future.
  const cap = at(today, 0);
  const places = demoPlaces(seed);
  const started = Date.now();
  const phases: string[] = [];
  let lap = started;
  const phase = (name: string) => {
    phases.push(`${name} ${((Date.now() - lap) / 1000).toFixed(1)}`);
    lap = Date.now();
  };
  await db.transaction(async (trx) => {
    // The figure store is built in bulk: before the month close (its snapshots read it) and at the end.
    await pauseFigureStore(trx);
    const { county, villages, townships, users } = await createCounty(trx, places, hasher);
    log(`演示县已建立：${places.length} 个乡镇，${villages.length} 个村(社区)。`);
    // The demo county decides births with the example province's rules (双独、单独、一孩半 …), so the child form
    // and /admin/birth-policy show them at work. Stored children keep the status the generator gave them.
    await trx('county_settings').insert({ key: 'policy_rule_set', value: 'example_province', updated_at: new Date(stampOf(cap)) });
    const ctx: GenContext = {
      seed,
      today,
      windowStart: birthday(today, -5),
      villages,
      townships,
      rounds: await insertRounds(trx, townships, today, cap),
      countyName: DEMO_COUNTY.name,
      close: new ClosePlan(seed, townships.length, today, cap),
      cap,
      counters: { womenSeq: new Map(), menSeq: new Map(), permit: 0, certificate: 0, elders: 0 },
    };
    const tally = new MonthTally();
    const { late, activeWomen } = await loadPeople(trx, ctx, options.women, tally, log, started);
    const figures = options.women > 0 ? await writePopulation(trx, ctx, tally, activeWomen) : 0;
    const supplied = await seedSuppliesAndSatisfaction(trx, seed, today, cap);
    await seedFloating(trx, seed, today, cap);
    // Before the month close: the closed months' snapshots hold these figures as the live report does.
    const preconception = options.women > 0 ? await seedPreconception(trx, ctx) : undefined;
    const specialFamilies = options.women > 0 ? await seedSpecialFamilies(trx, ctx, county) : undefined;
    if (options.women > 0) await seedOutsideBirths(trx, today, county.id, new Date(stampOf(cap)));
    phase('人员与历史');
    // Fresh statistics: the report engine's plans depend on them, and autovacuum has not seen these rows yet.
    await trx.raw(`analyze regions, ${[...TABLES, 'population_figures', 'free_supplies', 'pregnancy_plans', 'preconception_checks'].join(', ')}`);
    const countySup = users.find((u) => u.username === 'county_sup')!.id;
    await rebuildFigureStore(trx);
    await resumeFigureStore(trx);
    const closed = options.women > 0 ? await replayMonthClose(trx, ctx, late, countySup) : { periods: 0, lateRows: 0 };
    await pauseFigureStore(trx);
    await syncSequences(trx, TABLES);
    phase('月报上报');
    // Through the card's rules (each issued certificate settles its card), so before the findings are computed.
    const certificateApplications = options.women > 0 ? await seedApplications(trx, ctx, users) : 0;
    phase('证件申请');
    const findings = await recomputeFindings(trx, isoOf(today));
    phase('数据质量');
    const benefits = options.women > 0 ? await seedBenefits(trx, ctx, county, users) : undefined;
    phase('补助');
    const graded = options.women > 0 ? await seedGradedFollowUps(trx, isoOf(today)) : undefined;
    await seedNetwork(trx, hasher, townships, villages, isoOf(today), new Date(stampOf(cap)));
    await rebuildFigureStore(trx);
    phase('指标库');
    await trx('audit_log').insert({
      username: 'system',
      action: 'demo.seed',
      entity: 'region',
      entity_id: String(county.id),
      region_id: county.id,
      after: JSON.stringify({
        townships: places.length,
        villages: villages.length,
        women: options.women,
        seed,
        today: isoOf(today),
        population_figures: figures,
        free_supplies: supplied.supplies,
        satisfaction_answers: supplied.answers,
        report_periods: closed.periods,
        entered_after_submission: closed.lateRows,
        findings: findings.findings,
        subsidy_applications: benefits?.applications ?? 0,
        certificate_applications: certificateApplications,
        pregnancy_plans: preconception?.plans ?? 0,
        preconception_checks: preconception?.checks ?? 0,
        special_family_files: specialFamilies?.files ?? 0,
        special_family_care: specialFamilies?.care ?? 0,
        graded_follow_ups: graded ? graded.events + graded.quarter : 0,
      }),
    });
  });
  if (options.women > 0) for (const line of summaryLines(await summarize(db, isoOf(today)))) log(line);
  log(`演示数据装入完成，用时 ${((Date.now() - started) / 1000).toFixed(1)} 秒（${phases.join('，')}）。`);
}
