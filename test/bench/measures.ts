/**
 * The benchmark's measurements, each against its floor measured in the same run (DESIGN §10): a warm-up, then
 * several rounds, the median reported.
 */
import express from 'express';
import type { Server } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { Knex } from 'knex';
import pg from 'pg';
import type { Scope } from '../../src/auth/actor.ts';
import { freePort } from '../../src/db/embedded.ts';
import { addMonthsToMonth, monthOf } from '../../src/domain/dates.ts';
import { statisticalPeriod, statisticalYearOf } from '../../src/domain/report-periods.ts';
import { makeIdNumber } from '../../src/domain/id-number.ts';
import { allSources } from '../../src/features/reports/service.ts';
import { countSource, populationCounts } from '../../src/features/reports/service.ts';
import { computeReport } from '../../src/features/reports/service.ts';
import { getCounty } from '../../src/features/regions/service.ts';
import { listWomen } from '../../src/features/women/service.ts';
import type { WomenFilterValues } from '../../src/features/women/service.ts';
import { BenchClient } from './http-client.ts';

export interface Timing {
  median: number;
  min: number;
  max: number;
  runs: number;
}

function stats(ms: number[]): Timing {
  const sorted = [...ms].sort((a, b) => a - b);
  return { median: sorted[Math.floor(sorted.length / 2)], min: sorted[0], max: sorted[sorted.length - 1], runs: sorted.length };
}

/** `runs` timed calls after `warmup` untimed ones (JIT, caches, connections); milliseconds. */
export async function timed(fn: (round: number) => Promise<unknown>, runs: number, warmup = 1): Promise<Timing> {
  for (let i = 0; i < warmup; i++) await fn(-1 - i);
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn(i);
    ms.push(performance.now() - t0);
  }
  return stats(ms);
}

/**
 * A measurement and its floor, alternating round by round, so both see the same machine (other work on a
 * shared machine comes and goes; measuring one after the other would blame it on whichever ran second). Every other
 * pair runs b first: whatever the first call of a pair leaves behind (a collection, the other database's pages in
 * the cache) falls on each side alike.
 *
 * The third value is the median of the pairs' ratios (b / a, each pair measured back to back): the machine's speed
 * drifts between pairs, not within one, so it is steadier than the ratio of the two medians.
 */
export async function timedPair(a: () => Promise<unknown>, b: () => Promise<unknown>, runs: number, warmup = 5): Promise<[Timing, Timing, number]> {
  for (let i = 0; i < warmup; i++) {
    await a();
    await b();
  }
  const ta: number[] = [];
  const tb: number[] = [];
  const time = async (fn: () => Promise<unknown>, into: number[]) => {
    const t0 = performance.now();
    await fn();
    into.push(performance.now() - t0);
  };
  for (let i = 0; i < runs; i++) {
    if (i % 2 === 0) {
      await time(a, ta);
      await time(b, tb);
    } else {
      await time(b, tb);
      await time(a, ta);
    }
  }
  return [stats(ta), stats(tb), stats(tb.map((t, i) => t / ta[i])).median];
}

export interface Pair {
  name: string;
  subject: string;
  floor: string;
  measured: Timing;
  floorTiming: Timing;
  target?: number;
  note?: string;
}

const ok = (status: number, what: string) => {
  if (status !== 200 && status !== 303) throw new Error(`${what}: HTTP ${status}`);
};

/** County monthly report page (HTML, signed in) vs the bare SQL of its figures, side by side on the pool. */
export async function reportVsSql(db: Knex, client: BenchClient, today: string, rounds: number): Promise<Pair & { engine: Timing }> {
  const county = (await getCounty(db))!;
  const month = addMonthsToMonth(monthOf(today), -1);
  const period = { from: `${month}-01`, to: (await db.raw<{ rows: { d: string }[] }>(`select (date_trunc('month', ?::date) + interval '1 month - 1 day')::date as d`, [`${month}-01`])).rows[0].d };
  const m = { prefix: county.code, rowLevel: 'township' as const };
  const [measured, floorTiming] = await timedPair(
    async () => ok((await client.get(`/reports/monthly?region=${county.code}&month=${month}`)).status, 'report'),
    () => Promise.all([...allSources(period).map((s) => countSource(db, s, m)), populationCounts(db, period, m)]),
    rounds,
    2,
  );
  const engine = await timed(() => computeReport(db, county, period), rounds);
  return { name: `县月报 ${month}（HTML）`, subject: 'GET /reports/monthly (county_sup)', floor: '同样的统计 SQL 直接并行执行', measured, floorTiming, engine, target: 2 };
}

/**
 * The 考核看板 for the county (statistical year to date, every township × every indicator, HTTP) vs the same
 * statistical SQL of that period run directly (issue 15: under 1 s at 100,000 cards).
 */
export async function boardVsSql(db: Knex, client: BenchClient, today: string, rounds: number): Promise<Pair> {
  const county = (await getCounty(db))!;
  const period = { from: statisticalPeriod(statisticalYearOf(today), false).from, to: today };
  const m = { prefix: county.code, rowLevel: 'township' as const };
  const [measured, floorTiming] = await timedPair(
    async () => ok((await client.get('/targets')).status, 'board'),
    () => Promise.all([...allSources(period).map((s) => countSource(db, s, m)), populationCounts(db, period, m)]),
    rounds,
    2,
  );
  return { name: `考核看板 ${statisticalYearOf(today)} 年度（HTML）`, subject: 'GET /targets (county_sup)', floor: '同期统计 SQL 直接并行执行', measured, floorTiming, target: 2 };
}

/** The SQL a list issues (captured from knex), replayed on a plain pg client: the query's own cost, no app. */
async function capturedSql(db: Knex, work: () => Promise<unknown>): Promise<{ sql: string; bindings: unknown[] }[]> {
  const queries: { sql: string; bindings: unknown[] }[] = [];
  const listener = (q: { sql: string; bindings: unknown[] }) => queries.push({ sql: q.sql, bindings: q.bindings });
  db.on('query', listener);
  try {
    await work();
  } finally {
    db.removeListener('query', listener);
  }
  return queries;
}

/** A list page vs the same SQL (count and page), run side by side as the app runs them, on plain pg clients. */
export async function searchVsSql(db: Knex, url: string, client: BenchClient, c: { label: string; path: string; scope: Scope; filters: WomenFilterValues }, rounds: number): Promise<Pair> {
  const queries = await capturedSql(db, () => listWomen(db, c.scope, c.filters, 1));
  const pool = new pg.Pool({ connectionString: url, max: queries.length });
  try {
    const [measured, floorTiming] = await timedPair(
      async () => ok((await client.get(c.path)).status, c.path),
      () => Promise.all(queries.map((q) => pool.query(q.sql, q.bindings as unknown[]))),
      rounds,
    );
    return { name: c.label, subject: `GET ${c.path}`, floor: `同样的 ${queries.length} 条 SQL（计数 + 一页，并行）`, measured, floorTiming, target: 2 };
  } finally {
    await pool.end();
  }
}

/**
 * What every signed-in page costs before its own work: session read, user reload, CSRF token, layout — the
 * simplest signed-in page against /healthz (one SELECT, no session). Explains the ratios of the fastest lists.
 */
export async function signedInOverhead(client: BenchClient, rounds: number): Promise<Pair> {
  const anonymous = new BenchClient(client.base);
  const [measured, floorTiming] = await timedPair(
    async () => ok((await client.get('/account/password')).status, 'password page'),
    async () => ok((await anonymous.get('/healthz')).status, 'healthz'),
    rounds,
  );
  return { name: '已登录最简页面（固定开销）', subject: 'GET /account/password', floor: 'GET /healthz（一条 SQL，无会话）', measured, floorTiming };
}

/** A minimal Express app: parse the same form body, answer 303. The HTTP floor of a save. */
async function minimalApp(): Promise<{ base: string; close: () => Promise<void> }> {
  const app = express();
  app.use(express.urlencoded({ extended: false }));
  app.post('/women', (req, res) => {
    // urlencoded with extended: false: every field is a string.
    const body = req.body as Record<string, string> | undefined;
    if (!body?.id_number) return res.status(422).end();
    res.redirect(303, '/women/1');
  });
  const port = await freePort();
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(port, '127.0.0.1', () => resolve(s));
  });
  return { base: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(() => r())) };
}

let saveSeq = 0;
/** An ID area code of this run only (98xxxx: not the demo county's), so saved cards never repeat across runs. */
const RUN_AREA = `98${String(Date.now() % 10_000).padStart(4, '0')}`;
/** A new woman for POST /women (valid, unique: an area code of this run). */
export function newCardFields(village: string): Record<string, string> {
  saveSeq += 1;
  const birth = `198${saveSeq % 9}-0${1 + (saveSeq % 9)}-1${saveSeq % 9}`;
  return {
    id_number: makeIdNumber(RUN_AREA, birth, (2 * saveSeq) % 1000),
    name: `测试${saveSeq}`,
    village,
    ethnicity: '汉族',
    hukou_kind: 'agricultural',
    marital_status: 'first_marriage',
    marriage_date: '2016-10-01',
    spouse_name: '李建国',
    phone: '13800000000',
    address: '测试地址',
    migrant_status: 'none',
  };
}

/** Saving a new card over HTTP (session, CSRF, rules, audit, findings) vs a minimal Express route. */
export async function saveVsMinimal(client: BenchClient, village: string, rounds: number): Promise<Pair> {
  await client.get('/women/new');
  const floor = await minimalApp();
  const bare = new BenchClient(floor.base);
  const [measured, floorTiming] = await timedPair(
    async () => {
      const a = await client.post('/women', newCardFields(village));
      if (a.status !== 303) throw new Error(`save: HTTP ${a.status} ${/field-error[^>]*>([^<]*)/.exec(a.text)?.[1] ?? ''}`);
    },
    async () => ok((await bare.post('/women', newCardFields(village))).status, 'minimal'),
    rounds,
  );
  await floor.close();
  return { name: '保存信息卡（HTTP）', subject: 'POST /women（会话 + CSRF）', floor: '最小 Express 路由（解析同样的表单，303）', measured, floorTiming };
}
