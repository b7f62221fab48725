/**
 * Births under the policy in force on each birth date (seeds/reference.ts BIRTH_POLICIES): one child before
 * 2016 — with permitted second births for rural women whose first child is a girl and for minorities, carrying a
 * permit number —, two from 2016-01-01, three from 2021-05-31; a small share non-compliant. Many couples who
 * stopped at one child under the old policy had a second after 2016, a few a third after 2021. Twins share a
 * birth order; other births are years apart. A birth due after today whose pregnancy is already known is an
 * ongoing pregnancy.
 */
import { BIRTH_POLICIES } from '../reference.ts';
import { ageAt, dayOf, yearOf, YEAR, type Day } from './days.ts';
import type { ChildSpec, GenContext, WomanLife } from './life.ts';
import { femaleGiven, maleGiven } from './names.ts';
import type { Random } from './random.ts';

const POLICIES = BIRTH_POLICIES.map((p) => ({ from: dayOf(p.effective_from), allowed: p.children_allowed })).sort((a, b) => a.from - b.from);
export const TWO_CHILD_DAY = dayOf('2016-01-01');
export const THREE_CHILD_DAY = dayOf('2021-05-31');

export function allowedOn(day: Day): number {
  let allowed = 1;
  for (const p of POLICIES) if (p.from <= day) allowed = p.allowed;
  return allowed;
}

interface Plan {
  day: Day;
  policy: 'compliant' | 'non_compliant';
  permit: string | null;
}

function firstBirth(rnd: Random, from: Day): Plan | null {
  if (rnd.chance(0.05)) return null;
  const gap = rnd.weighted([
    [[300, 420], 35],
    [[420, 720], 35],
    [[720, 1460], 22],
    [[1460, 2500], 8],
  ] as const);
  return { day: from + rnd.int(gap[0], gap[1]), policy: 'compliant', permit: null };
}

/** The next birth after `last` (order `next`), or null if she stops. */
function laterBirth(w: WomanLife, rnd: Random, last: Day, next: number, firstGirl: boolean): Plan | null {
  const interval = rnd.weighted([
    [2, 15],
    [3, 25],
    [4, 25],
    [5, 15],
    [6, 10],
    [7, 6],
    [9, 4],
  ] as const);
  let day = last + interval * YEAR + rnd.int(0, 364);
  if (next <= allowedOn(day)) {
    const p = next === 2 ? 0.4 : next === 3 ? 0.07 : 0.01;
    return rnd.chance(p) ? { day, policy: 'compliant', permit: '' } : null;
  }
  if (next === 2) {
    if (w.ethnicity !== '汉族' && rnd.chance(0.6)) return { day: Math.max(day, last + 3 * YEAR), policy: 'compliant', permit: '少数民族再生育' };
    if (w.hukou === 'agricultural' && firstGirl && rnd.chance(0.55)) {
      day = Math.max(day, last + 4 * YEAR + rnd.int(0, 700));
      return { day, policy: 'compliant', permit: day < TWO_CHILD_DAY ? '农村独女户再生育' : '' };
    }
    if (rnd.chance(0.05)) return { day, policy: 'non_compliant', permit: null };
    if (ageAt(w.birth, TWO_CHILD_DAY) <= 40 && rnd.chance(0.33)) {
      return { day: Math.max(day, TWO_CHILD_DAY + rnd.int(280, 1400)), policy: 'compliant', permit: '' };
    }
    return null;
  }
  if (next === 3) {
    if (rnd.chance(0.012)) return { day, policy: 'non_compliant', permit: null };
    if (rnd.chance(0.008)) return { day: Math.max(day, last + 4 * YEAR), policy: 'compliant', permit: '病残儿再生育' };
    if (ageAt(w.birth, THREE_CHILD_DAY) <= 38 && rnd.chance(0.07)) {
      return { day: Math.max(day, THREE_CHILD_DAY + rnd.int(280, 1200)), policy: 'compliant', permit: '' };
    }
    return null;
  }
  return rnd.chance(0.003) ? { day, policy: 'non_compliant', permit: null } : null;
}

/** A child; a death is only known if it happened while the mother's card was on the register (until `end`). */
function child(rnd: Random, surname: string, born: Day, order: number, end: Day): ChildSpec {
  const sex = rnd.chance(order === 1 ? 0.518 : 0.55) ? 'male' : 'female';
  const year = yearOf(born);
  const name = surname + (sex === 'male' ? maleGiven(rnd, year) : femaleGiven(rnd, year));
  // Children born before 2000 have had longer to die or become disabled: enough of them that the demo has a few
  // 特扶 families (an only child deceased or disabled) even at the default size.
  const r = rnd.next();
  const [dead, disabled] = year < 2000 ? [0.015, 0.012] : [0.004, 0.003];
  if (r < dead) {
    const death = born + rnd.int(1, Math.max(1, Math.min(15 * YEAR, end - born)));
    if (death <= end) return { name, sex, vital: 'deceased', grade: null, death };
  }
  if (r > 1 - disabled) return { name, sex, vital: 'disabled', grade: rnd.int(1, 4), death: null };
  return { name, sex, vital: 'living', grade: null, death: null };
}

function permitNumber(ctx: GenContext, w: WomanLife, day: Day): string {
  ctx.counters.permit += 1;
  const township = ctx.townships[ctx.villages[w.village].township];
  return `${township.code}-${yearOf(day)}-${String(ctx.counters.permit % 10000).padStart(4, '0')}`;
}

/** Live births and, when one is under way today, the ongoing pregnancy. */
export function planBirths(ctx: GenContext, w: WomanLife, rnd: Random): void {
  let order = 0;
  let last: Day | null = null;
  let firstGirl = false;
  for (const [si, span] of w.spans.entries()) {
    let cursor = span.start;
    for (let guard = 0; guard < 6; guard++) {
      let plan: Plan | null;
      if (order === 0) plan = firstBirth(rnd, cursor);
      else if (si > 0 && cursor === span.start) {
        // A remarried couple often has a child together; before 2016 that needed approval (再婚夫妇再生育).
        const day = span.start + rnd.int(300, 900);
        plan = rnd.chance(0.45)
          ? order + 1 <= allowedOn(day)
            ? { day, policy: 'compliant', permit: '' }
            : rnd.chance(0.8)
              ? { day, policy: 'compliant', permit: '再婚夫妇再生育' }
              : { day, policy: 'non_compliant', permit: null }
          : null;
      } else plan = laterBirth(w, rnd, last!, order + 1, firstGirl);
      if (!plan) break;
      const lmp = plan.day - rnd.int(266, 290);
      if (lmp < cursor || lmp >= span.end || ageAt(w.birth, plan.day) > 43) break;
      if (lmp > w.end) break;
      if (plan.day > w.end || plan.day >= span.end) {
        // Under way on the last day of her story: only an active card keeps an ongoing pregnancy, once found.
        const found = lmp + rnd.int(42, 84);
        if (w.status === 'active' && span.end > w.end && found <= ctx.today) {
          w.pregnancies.push({
            lmp,
            found,
            outcome: 'ongoing',
            end: null,
            failure: null,
            failureEpisode: null,
            order: null,
            policy: null,
            permitNo: null,
            reason: null,
            children: [],
            foundByCheck: false,
          });
        }
        break;
      }
      order += 1;
      const twins = rnd.chance(0.011);
      const kids = [child(rnd, span.husbandSurname, plan.day, order, w.end)];
      if (twins) kids.push(child(rnd, span.husbandSurname, plan.day, order, w.end));
      if (order === 1) firstGirl = kids.every((k) => k.sex === 'female');
      w.pregnancies.push({
        lmp,
        found: lmp + rnd.int(42, 84),
        outcome: 'live_birth',
        end: plan.day,
        failure: null,
        failureEpisode: null,
        order,
        policy: plan.policy,
        permitNo: plan.permit ? permitNumber(ctx, w, plan.day) : null,
        reason: plan.permit || null,
        children: kids,
        foundByCheck: false,
      });
      last = plan.day;
      cursor = plan.day + 1;
    }
  }
}
