/**
 * Village population figures (期末总人口, 死亡人数) for every month of the five years, when the reports feature's
 * `population_figures` table exists (checked at run time: the demo must load before that feature lands too).
 * A village's population scales with the women on its register (women 15–49 are about a quarter of a rural
 * population), and runs month by month on the recorded births, deaths at ~6.5‰ a year (never fewer than the
 * deaths the register itself records) and a small net outflow — so birth and natural-growth rates come out
 * plausible and add up.
 */
import type { Knex } from 'knex';
import { isoOf, monthIndex, monthIndexStart, stamp, type Day } from './days.ts';
import type { GenContext } from './life.ts';
import { poisson, streamFor } from './random.ts';
import type { Row, Tally } from './rows.ts';
import { insertRows } from './writer.ts';

const PEOPLE_PER_WOMAN = 4.6;
const DEATH_RATE = 0.0065;

export class MonthTally implements Tally {
  readonly births = new Map<string, number>();
  readonly deaths = new Map<string, number>();
  event(village: number, day: Day, kind: 'birth' | 'death'): void {
    const key = `${village}:${monthIndex(day)}`;
    const map = kind === 'birth' ? this.births : this.deaths;
    map.set(key, (map.get(key) ?? 0) + 1);
  }
}

/** The rows, oldest month first, for months [first, last] (month indexes). */
export function populationRows(ctx: GenContext, tally: MonthTally, activeWomen: number[], first: number, last: number): Row[] {
  const rows: Row[] = [];
  ctx.villages.forEach((v, vi) => {
    const rnd = streamFor(ctx.seed, vi, 7);
    const target = Math.max(Math.round(activeWomen[vi] * PEOPLE_PER_WOMAN * (0.92 + 0.16 * rnd.next())), activeWomen[vi] + 1);
    const clerk = ctx.townships[v.township].clerkId;
    // Walk back from today's size: end(m-1) = end(m) - births(m) + deaths(m) + net outflow(m).
    const months: { m: number; births: number; deaths: number; out: number }[] = [];
    for (let m = first; m <= last; m++) {
      const recorded = tally.deaths.get(`${vi}:${m}`) ?? 0;
      const deaths = Math.max(poisson(rnd, (target * DEATH_RATE) / 12), recorded);
      const out = poisson(rnd, (target * 0.004) / 12) - poisson(rnd, (target * 0.002) / 12);
      months.push({ m, births: tally.births.get(`${vi}:${m}`) ?? 0, deaths, out });
    }
    let end = target;
    const ends: number[] = new Array(months.length);
    for (let i = months.length - 1; i >= 0; i--) {
      ends[i] = end;
      end = end - months[i].births + months[i].deaths + months[i].out;
    }
    months.forEach((mo, i) => {
      const monthDay = monthIndexStart(mo.m);
      rows.push({
        region_id: v.id, month: isoOf(monthDay), population_end: Math.max(ends[i], 1), deaths: mo.deaths, created_by: clerk,
        created_at: stamp(Math.min(monthIndexStart(mo.m + 1) + 3, ctx.today), 9),
      });
    });
  });
  return rows;
}

/**
 * Write the figures if the table is there and takes the columns we know; otherwise say why and skip. Months:
 * the sixty full months before the current one (a month's figures are entered after it ends).
 */
export async function writePopulation(db: Knex, ctx: GenContext, tally: MonthTally, activeWomen: number[], log: (l: string) => void): Promise<number> {
  const cols = (await db.raw(
    `select column_name, is_nullable, column_default from information_schema.columns where table_schema = current_schema() and table_name = 'population_figures'`,
  )).rows as { column_name: string; is_nullable: string; column_default: string | null }[];
  if (!cols.length) {
    log('未找到人口数据表 population_figures（统计报表功能尚未装入），跳过村人口数据。');
    return 0;
  }
  const known = ['region_id', 'month', 'population_end', 'deaths', 'created_by', 'created_at'];
  const have = new Set(cols.map((c) => c.column_name));
  const missing = cols.filter((c) => c.is_nullable === 'NO' && c.column_default === null && !known.includes(c.column_name) && c.column_name !== 'id');
  if (!['region_id', 'month', 'population_end', 'deaths'].every((c) => have.has(c)) || missing.length) {
    log(`人口数据表 population_figures 的结构与预期不同（${missing.map((c) => c.column_name).join('、') || '缺少列'}），跳过村人口数据。`);
    return 0;
  }
  const current = monthIndex(ctx.today);
  const rows = populationRows(ctx, tally, activeWomen, current - 60, current - 1);
  await insertRows(db, 'population_figures', rows, known.filter((c) => have.has(c)));
  return rows.length;
}
