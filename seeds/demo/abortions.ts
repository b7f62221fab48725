/**
 * Pregnancies that do not end in a birth, inside the five years of service history: induced abortions
 * (surgical, medical, rarely induced labour) at about a fifth of the birth rate, and some miscarriages. They sit
 * in the gaps between other pregnancies, never within two months of one, and only while she is married.
 */
import type { PregnancyOutcome } from '../../src/domain/codes.ts';
import { YEAR } from './days.ts';
import type { GenContext, PregnancySpec, WomanLife } from './life.ts';
import { poisson, type Random } from './random.ts';

/** Per married woman-year in the window. */
const RATE = 0.011;

const KINDS: readonly (readonly [PregnancyOutcome, number])[] = [
  ['surgical_abortion', 52],
  ['medical_abortion', 38],
  ['induced_labour', 4],
  ['miscarriage', 16],
];

function fits(w: WomanLife, lmp: number, end: number): boolean {
  for (const p of w.pregnancies) {
    const pEnd = p.end ?? w.end + YEAR;
    // Two months clear on both sides; after a birth, at least four.
    const after = p.outcome === 'live_birth' ? 120 : 60;
    if (lmp < pEnd + after && end + 60 > p.lmp) return false;
  }
  return true;
}

export function planAbortions(ctx: GenContext, w: WomanLife, rnd: Random): void {
  for (const span of w.spans) {
    const from = Math.max(span.start, ctx.windowStart);
    const to = Math.min(span.end, w.end) - 30;
    if (to <= from) continue;
    const n = poisson(rnd, (RATE * (to - from)) / YEAR);
    for (let i = 0; i < n; i++) {
      const kind = rnd.weighted(KINDS);
      const lmp = from + rnd.int(0, to - from);
      let found: number;
      let end: number;
      if (kind === 'induced_labour') {
        found = lmp + rnd.int(50, 90);
        end = lmp + rnd.int(100, 170);
      } else if (kind === 'miscarriage') {
        end = lmp + rnd.int(50, 90);
        found = lmp + rnd.int(40, end - lmp);
      } else {
        found = lmp + rnd.int(35, 60);
        end = found + rnd.int(0, 10);
      }
      if (end > w.end || end >= span.end || !fits(w, lmp, end)) continue;
      const p: PregnancySpec = {
        lmp,
        found,
        outcome: kind,
        end,
        failure: null,
        failureEpisode: null,
        order: null,
        policy: null,
        permitNo: null,
        reason: null,
        children: [],
        foundByCheck: false,
      };
      w.pregnancies.push(p);
    }
  }
  w.pregnancies.sort((a, b) => a.lmp - b.lmp);
}
