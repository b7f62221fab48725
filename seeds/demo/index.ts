/**
 * The demo county (DEMO-DATA.md): places and accounts, then people and their history, village population
 * figures, five years of month close with their snapshots, the data-quality findings, and subsidies.
 * Deterministic (same seed and same "today" → same data); refuses to run in production or on a database that
 * already has regions. One transaction: a failure leaves the database empty, so the next start can try again.
 * People are written in bulk (a few thousand rows per statement, ids assigned here), never a request per row.
 */
import type { Knex } from 'knex';
import { chinaDate, type IsoDate } from '../../src/domain/dates.ts';
import type { PasswordHasher } from '../../src/features/accounts/passwords.ts';
import { DEMO_PASSWORD, demoAccounts } from './accounts.ts';
import { recomputeFindings } from '../../src/features/women/service.ts';
import { ClosePlan } from './close-plan.ts';
import { at, dayOf, birthday, isoOf, stampOf, type Day, type Instant } from './days.ts';
import type { LateRow } from './entry.ts';
import type { GenContext, RoundRef, TownshipRef, VillageRef } from './life.ts';
import { replayMonthClose } from './month-close.ts';
import { generatePeople } from './people.ts';
import { DEMO_COUNTY, demoPlaces } from './places.ts';
import { MonthTally, writePopulation } from './population.ts';
import { TABLES } from './rows.ts';
import { summarize, summaryLines } from './summary.ts';
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

/**
 * A double-check round per township and quarter: the twenty quarters up to and including the current one. Like
 * the services feature's openRound, a round closes at the end of its quarter; the clerk opens it in the first
 * days of the quarter (never after today) and the due list is made then.
 */
async function insertRounds(trx: Knex.Transaction, townships: TownshipRef[], today: Day, cap: Instant): Promise<RoundRef[][]> {
  const now = new Date(today * 86_400_000);
  const current = now.getUTCFullYear() * 4 + Math.floor(now.getUTCMonth() / 3);
  const rows = townships.flatMap((t, ti) =>
    Array.from({ length: 20 }, (_, slot) => {
      const q = current - 19 + slot;
      const start = Math.round(Date.UTC(Math.floor(q / 4), (q % 4) * 3, 1) / 86_400_000);
      const opened = Math.min(start + 2 + (ti % 7), today);
      const closes = Math.round(Date.UTC(Math.floor(q / 4), (q % 4) * 3 + 3, 0) / 86_400_000);
      const entered = stampOf(Math.min(at(opened, 9), cap));
      return {
        township_id: t.id, year: Math.floor(q / 4), quarter: (q % 4) + 1, opened_on: isoOf(opened), closes_on: isoOf(closes),
        status: closes < today ? 'closed' : 'open', created_by: t.clerkId, created_at: entered, updated_at: entered,
      };
    }),
  );
  const inserted: { id: number; township_id: number; year: number; quarter: number; opened_on: string; closes_on: string }[] =
    await trx('check_rounds').insert(rows).returning(['id', 'township_id', 'year', 'quarter', 'opened_on', 'closes_on']);
  const byTownship = townships.map(() => [] as RoundRef[]);
  for (const r of inserted) {
    const ti = townships.findIndex((t) => t.id === r.township_id);
    const slot = r.year * 4 + r.quarter - 1 - (current - 19);
    byTownship[ti][slot] = { id: r.id, township: ti, slot, opened: dayOf(r.opened_on), closes: dayOf(r.closes_on) };
  }
  return byTownship;
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
  await db.transaction(async (trx) => {
    const [county] = await trx('regions').insert({ code: DEMO_COUNTY.code, name: DEMO_COUNTY.name, level: 'county' }).returning('id');
    const villages: VillageRef[] = [];
    const townships: TownshipRef[] = [];
    for (const [ti, t] of places.entries()) {
      const [row] = await trx('regions').insert({ code: t.code, name: t.name, level: 'township', parent_id: county.id }).returning('id');
      const vrows: { id: number; code: string }[] = await trx('regions')
        .insert(t.villages.map((v) => ({ code: v.code, name: v.name, level: 'village', parent_id: row.id })))
        .returning(['id', 'code']);
      const kind = t.name.endsWith('街道') ? 'jiedao' : t.name.endsWith('乡') ? 'xiang' : 'zhen';
      townships.push({ id: row.id, code: t.code, name: t.name, clerkId: 0, supId: 0, villages: [] });
      for (const v of t.villages) {
        townships[ti].villages.push(villages.length);
        villages.push({ id: vrows.find((r) => r.code === v.code)!.id, code: v.code, name: v.name, township: ti, kind, population: v.population });
      }
    }
    const passwordHash = await hasher.hash(DEMO_PASSWORD);
    const users: { id: number; username: string }[] = await trx('users')
      .insert(
        demoAccounts().map((a) => ({
          username: a.username,
          display_name: a.display_name,
          role: a.role,
          region_id: a.region === 'county' ? county.id : townships[a.region].id,
          password_hash: passwordHash,
          must_change_password: false,
        })),
      )
      .returning(['id', 'username']);
    townships.forEach((t, i) => {
      const n = String(i + 1).padStart(2, '0');
      t.clerkId = users.find((u) => u.username === `clerk${n}`)!.id;
      t.supId = users.find((u) => u.username === `sup${n}`)!.id;
    });
    log(`演示县已建立：${places.length} 个乡镇，${villages.length} 个村(社区)。`);

    const ctx: GenContext = {
      seed, today, windowStart: birthday(today, -5), villages, townships, rounds: await insertRounds(trx, townships, today, cap),
      countyName: DEMO_COUNTY.name, close: new ClosePlan(seed, townships.length, today, cap), cap,
      counters: { womenSeq: new Map(), menSeq: new Map(), permit: 0, certificate: 0 },
    };
    const countySup = users.find((u) => u.username === 'county_sup')!.id;
    const ids = await nextIds(trx, TABLES);
    const tally = new MonthTally();
    const activeWomen = villages.map(() => 0);
    const late: LateRow[] = [];
    let done = 0;
    let lastLog = Date.now();
    for (const { batch, lives, late: held } of generatePeople(ctx, options.women, ids, tally)) {
      for (const t of TABLES) await insertRows(trx, t, batch[t]);
      late.push(...held);
      for (const w of lives) if (w.status === 'active') activeWomen[w.village] += 1;
      done += lives.length;
      if (Date.now() - lastLog > 5000 && done < options.women) {
        log(`  已生成 ${done} / ${options.women} 名育龄妇女（${Math.round((Date.now() - started) / 1000)} 秒）…`);
        lastLog = Date.now();
      }
    }
    const figures = options.women > 0 ? await writePopulation(trx, ctx, tally, activeWomen) : 0;
    // Fresh statistics: the report engine's plans depend on them, and autovacuum has not seen these rows yet.
    await trx.raw(`analyze regions, ${[...TABLES, 'population_figures'].join(', ')}`);
    const closed = options.women > 0 ? await replayMonthClose(trx, ctx, late, countySup) : { periods: 0, lateRows: 0 };
    await syncSequences(trx, TABLES);
    const findings = await recomputeFindings(trx, isoOf(today));
    await trx('audit_log').insert({
      username: 'system', action: 'demo.seed', entity: 'region', entity_id: String(county.id), region_id: county.id,
      after: JSON.stringify({
        townships: places.length, villages: villages.length, women: options.women, seed, today: isoOf(today), population_figures: figures,
        report_periods: closed.periods, findings: findings.findings,
      }),
    });
  });
  if (options.women > 0) for (const line of summaryLines(await summarize(db, isoOf(today)))) log(line);
  log(`演示数据装入完成，用时 ${((Date.now() - started) / 1000).toFixed(1)} 秒。`);
}
