/**
 * The people of the demo county: N cards spread over the villages in proportion to village population, each
 * woman simulated from her own random stream (so the same seed gives the same county, chunk by chunk), then
 * written in batches. About 88% of cards are active women aged 15–49; most others left the register during the
 * five years (over age at 50, moved out of the county, deceased, other), and 3% are older women exited over age
 * long ago whose families draw subsidies (elders.ts).
 */
import { planAbortions } from './abortions.ts';
import { planBirths } from './births.ts';
import { planChecks } from './checks.ts';
import { ELDER_SHARE, makeElder } from './elders.ts';
import { makeIdentity } from './identity.ts';
import type { GenContext, VillageRef, WomanLife } from './life.ts';
import { planMethods } from './methods.ts';
import { streamFor } from './random.ts';
import type { LateRow } from './entry.ts';
import { emitWoman, emptyBatch, type Batch, type Table, type Tally } from './rows.ts';

/** Largest-remainder apportionment: exactly n women, each village's share proportional to its population. */
export function villageQuotas(villages: readonly Pick<VillageRef, 'population'>[], n: number): number[] {
  const total = villages.reduce((s, v) => s + v.population, 0);
  const exact = villages.map((v) => (n * v.population) / total);
  const quotas = exact.map(Math.floor);
  let left = n - quotas.reduce((s, q) => s + q, 0);
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of order) {
    if (left-- <= 0) break;
    quotas[i] += 1;
  }
  return quotas;
}

/** One woman's whole story, before rows. */
export function simulateWoman(ctx: GenContext, index: number, village: number): WomanLife {
  const rnd = streamFor(ctx.seed, index);
  if (rnd.chance(ELDER_SHARE)) return makeElder(ctx, rnd, index, village);
  const w = makeIdentity(ctx, rnd, index, village);
  planBirths(ctx, w, rnd);
  planAbortions(ctx, w, rnd);
  planMethods(ctx, w, rnd);
  planChecks(ctx, w, rnd);
  return w;
}

export interface Generated {
  batch: Batch;
  lives: WomanLife[];
  /** Rows entered after their month's report was submitted: written by the month close, in time order. */
  late: LateRow[];
}

/**
 * Generate the women in chunks of `chunk`: each chunk is a set of rows ready to insert. Rows are built from a
 * second stream per woman so that details (providers, follow-up results) never shift her life's dates.
 */
export function* generatePeople(ctx: GenContext, n: number, ids: Record<Table, number>, tally: Tally, chunk = 2000): Generator<Generated> {
  const quotas = villageQuotas(ctx.villages, n);
  let index = 0;
  let batch = emptyBatch();
  let lives: WomanLife[] = [];
  let late: LateRow[] = [];
  for (const [village, quota] of quotas.entries()) {
    for (let k = 0; k < quota; k++) {
      const w = simulateWoman(ctx, index, village);
      emitWoman(ctx, w, streamFor(ctx.seed, index, 1), ids, batch, late, tally);
      lives.push(w);
      index += 1;
      if (lives.length >= chunk) {
        yield { batch, lives, late };
        batch = emptyBatch();
        lives = [];
        late = [];
      }
    }
  }
  if (lives.length) yield { batch, lives, late };
}
