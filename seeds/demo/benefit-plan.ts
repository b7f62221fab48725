/**
 * Who applied for which subsidy and when (DEMO-DATA.md; domain-notes §4.2), as dated steps for benefits.ts to
 * play through the subsidies services. A beneficiary applies in the year she (or her husband) turns 60 for 奖扶,
 * or the year the mother turns 49 or the only child died for 特扶 — those eligible earlier were entered when the
 * county began keeping subsidies here, five years ago. A clerk drafts the application a week or more after the
 * birthday (the annual declaration opens in January), submits it within days, the township reviews it within
 * weeks (now and then returning it for evidence), the county approves within a month. Steps after today have not
 * happened: the newest applications wait in the supervisors' queues, a few are still drafts.
 * Payments: 奖扶 once a year (July, with a December batch for those approved since), 特扶 monthly, for last year
 * and this year.
 */
import type { SubsidyProgram } from '../../src/domain/codes.ts';
import { at, birthday, dayOf, dayOfInstant, type Day, type Instant } from './days.ts';
import { workTime } from './entry.ts';
import type { Random } from './random.ts';

export type StepKind = 'create' | 'submit' | 'township_approve' | 'township_return' | 'county_approve';

export interface Step {
  kind: StepKind;
  at: Instant;
}

/** When the beneficiary first met the age (and, for 特扶, the child) condition. */
export function eligibleFrom(program: SubsidyProgram, beneficiaryBirth: Day, motherBirth: Day, childDeath: Day | null): Day {
  if (program === 'reward_assistance') return birthday(beneficiaryBirth, 60);
  return Math.max(birthday(motherBirth, 49), childDeath ?? -Infinity);
}

/** The application year: the year eligibility began, or the first year the county kept subsidies here. */
export function applicationYear(eligible: Day, firstYear: number): number {
  return Math.max(new Date(eligible * 86_400_000).getUTCFullYear(), firstYear);
}

/** The workflow steps of one application, those up to `cap` only. */
export function applicationSteps(rnd: Random, year: number, eligible: Day, cap: Instant): Step[] {
  const opens = dayOf(`${year}-01-05`);
  const start = Math.max(opens, eligible + rnd.int(7, 60));
  const steps: Step[] = [{ kind: 'create', at: workTime(rnd, start) }];
  // Always after the step before, even on the same day.
  const after = (s: Step, lo: number, hi: number) => Math.max(workTime(rnd, dayOfInstant(s.at) + rnd.int(lo, hi)), s.at + rnd.int(20, 90));
  // A draft opened in the last month is often still waiting for a paper (村委会证明) before it is submitted.
  if (cap - steps[0].at < 30 * 1440 && rnd.chance(0.4)) return steps;
  steps.push({ kind: 'submit', at: after(steps[0], 0, 6) });
  if (rnd.chance(0.06)) {
    steps.push({ kind: 'township_return', at: after(steps[1], 3, 15) });
    steps.push({ kind: 'submit', at: after(steps[2], 3, 10) });
  }
  const review = after(steps[steps.length - 1], 3, 20);
  steps.push({ kind: 'township_approve', at: review }, { kind: 'county_approve', at: after({ kind: 'township_approve', at: review }, 5, 30) });
  return steps.filter((s) => s.at <= cap);
}

export interface BatchPlan {
  program: SubsidyProgram;
  period: string;
  generate: Instant;
  exported: Instant;
  paid: Instant;
}

/** Payment batches of last year and this year whose generation is not after `cap` (later steps may be). */
export function batchPlans(currentYear: number, cap: Instant): BatchPlan[] {
  const out: BatchPlan[] = [];
  const plan = (program: SubsidyProgram, period: string, day: Day) => out.push({ program, period, generate: at(day, 10), exported: at(day + 2, 15), paid: at(day + 15, 11) });
  for (const year of [currentYear - 1, currentYear]) {
    plan('reward_assistance', String(year), dayOf(`${year}-07-10`));
    plan('reward_assistance', String(year), dayOf(`${year}-12-10`));
    for (let m = 1; m <= 12; m++) {
      const period = `${year}-${String(m).padStart(2, '0')}`;
      for (const program of ['special_assistance_death', 'special_assistance_disability'] as const) plan(program, period, dayOf(`${period}-03`));
    }
  }
  return out.filter((b) => b.generate <= cap);
}
