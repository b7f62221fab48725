/**
 * Village population figures (期末总人口, 死亡人数, the reports feature's `population_figures`) for every month of
 * the five years. A village's population scales with the women on its register (women 15–49 are about a quarter of a rural
 * population), and runs month by month on the recorded births, deaths at ~6.5‰ a year (never fewer than the
 * deaths the register itself records) and a small net outflow — so birth and natural-growth rates come out
 * plausible and add up.
 */
import type { Knex } from 'knex';
import { at, isoOf, monthIndex, monthIndexStart, stampOf, type Day } from './days.ts';
import { workTime } from './entry.ts';
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
    const ends: number[] = new Array<number>(months.length);
    for (let i = months.length - 1; i >= 0; i--) {
      ends[i] = end;
      end = end - months[i].births + months[i].deaths + months[i].out;
    }
    months.forEach((mo, i) => {
      // Entered after the month ends and before the township submits its report (submission needs them).
      const after = monthIndexStart(mo.m + 1);
      const submitted = ctx.close.cutoff(v.township, mo.m);
      const entered = Math.min(submitted === null ? workTime(rnd, after + rnd.int(0, 3)) : Math.max(at(after, 8), submitted - rnd.int(20, 600)), ctx.cap);
      rows.push({
        region_id: v.id,
        month: isoOf(monthIndexStart(mo.m)),
        population_end: Math.max(ends[i], 1),
        deaths: mo.deaths,
        created_by: clerk,
        created_at: stampOf(entered),
        updated_at: stampOf(entered),
      });
    });
  });
  return rows;
}

/**
 * Write the figures for the sixty full months before the current one (a month's figures are entered after it
 * ends, before the township submits that month's report).
 */
export async function writePopulation(db: Knex, ctx: GenContext, tally: MonthTally, activeWomen: number[]): Promise<number> {
  const current = monthIndex(ctx.today);
  const rows = populationRows(ctx, tally, activeWomen, current - 60, current - 1);
  await insertRows(db, 'population_figures', rows);
  return rows.length;
}
