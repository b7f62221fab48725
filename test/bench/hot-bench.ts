/**
 * Issue 19 §4, the pages whose cost is the page, not the register: the clerk's home page and the county name search
 * under load (autocannon, N connections) beside /healthz in the same run, and the fixed cost of a signed-in page
 * (the simplest signed-in page against /healthz). Each figure is printed with its target (达标 / 未达标).
 */
import type { Knex } from 'knex';
import type { BenchClient } from './http-client.ts';
import { load, type LoadResult } from './load.ts';
import { signedInOverhead, type Pair } from './measures.ts';
import type { ServerProc } from './server-proc.ts';

export const HOT_TARGETS = { homeRps: 100, searchRps: 60, fixedCostRatio: 1.5 };

export interface HotMeasures {
  healthz: LoadResult;
  home: LoadResult;
  search: LoadResult;
  signedIn: LoadResult;
  overhead: Pair;
  /** How often a write moved the home page's data version while the home page was under load (0: every view a hit). */
  versionMoves: number;
}

const dataVersion = async (db: Knex) => Number((await db('home_data_version').where({ id: 1 }).first<{ version: number } | undefined>('version'))?.version ?? 0);

/** Waits until the startup's nightly jobs have stopped writing (the data version holds still for 5 s). */
async function versionSettled(db: Knex) {
  const t0 = Date.now();
  let v = await dataVersion(db);
  let since = Date.now();
  while (Date.now() - since < 5000 && Date.now() - t0 < 180_000) {
    await new Promise((r) => setTimeout(r, 500));
    const now = await dataVersion(db);
    if (now !== v) [v, since] = [now, Date.now()];
  }
}

export async function hotMeasures(
  db: Knex,
  server: ServerProc,
  clients: { clerk: BenchClient; countySup: BenchClient; anonymous: BenchClient },
  o: { connections: number; seconds: number; rounds: number },
): Promise<HotMeasures> {
  const { clerk, countySup, anonymous } = clients;
  const healthz = await load(server, anonymous, '/healthz（无会话，一条 SQL）', '/healthz', o.connections, o.seconds);
  const signedIn = await load(server, clerk, '已登录最简页面', '/account/password', o.connections, o.seconds);
  await versionSettled(db);
  const v0 = await dataVersion(db);
  const home = await load(server, clerk, '首页（录入员）', '/', o.connections, o.seconds);
  const versionMoves = (await dataVersion(db)) - v0;
  const search = await load(server, countySup, '全县姓名查询页', '/women?q=%E7%A7%80%E8%8B%B1', o.connections, o.seconds);
  const overhead = await signedInOverhead(clerk, o.rounds);
  return { healthz, home, search, signedIn, overhead, versionMoves };
}

const verdict = (ok: boolean) => (ok ? '达标' : '未达标');

export function printHot(m: HotMeasures, log: (line: string) => void) {
  const rps = (l: LoadResult) => `${l.requestsPerSecond.toFixed(0)} 请求/秒，p50 ${l.latencyP50} ms，p99 ${l.latencyP99} ms，错误 ${l.errors + l.non2xx + l.timeouts}`;
  const ratio = m.overhead.measured.median / m.overhead.floorTiming.median;
  const loadRatio = m.healthz.requestsPerSecond / m.signedIn.requestsPerSecond;
  log('');
  log(`热点页面（${m.home.connections} 并发 × ${m.home.seconds} 秒）：`);
  log(`  /healthz（下限）        ${rps(m.healthz)}`);
  log(`  首页（录入员）          ${rps(m.home)}  目标 ≥ ${HOT_TARGETS.homeRps} 请求/秒  ${verdict(m.home.requestsPerSecond >= HOT_TARGETS.homeRps)}`);
  log(`    （首页负载期间数据版本变动 ${m.versionMoves} 次：每次变动后首次访问重新计算）`);
  log(`  全县姓名查询“秀英”     ${rps(m.search)}  目标 ≥ ${HOT_TARGETS.searchRps} 请求/秒  ${verdict(m.search.requestsPerSecond >= HOT_TARGETS.searchRps)}`);
  log(`  已登录最简页面          ${rps(m.signedIn)}（/healthz 的 ${loadRatio.toFixed(2)} 倍耗时）`);
  log(
    `  已登录固定开销（单请求中位）${m.overhead.measured.median.toFixed(2)} ms vs /healthz ${m.overhead.floorTiming.median.toFixed(2)} ms = ${ratio.toFixed(2)}×  目标 ≤ ${HOT_TARGETS.fixedCostRatio}×  ${verdict(ratio <= HOT_TARGETS.fixedCostRatio)}`,
  );
}

export function hotJson(m: HotMeasures) {
  const l = (x: LoadResult) => ({ rps: Math.round(x.requestsPerSecond), p50_ms: x.latencyP50, p99_ms: x.latencyP99, errors: x.errors + x.non2xx + x.timeouts });
  return {
    healthz: l(m.healthz),
    home: { ...l(m.home), target_rps: HOT_TARGETS.homeRps },
    search: { ...l(m.search), target_rps: HOT_TARGETS.searchRps },
    signed_in: l(m.signedIn),
    fixed_cost_ratio: +(m.overhead.measured.median / m.overhead.floorTiming.median).toFixed(2),
    fixed_cost_target: HOT_TARGETS.fixedCostRatio,
  };
}
