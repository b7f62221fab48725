/**
 * Month close as it happened in the demo county (DESIGN §6): for every township and each of the sixty months
 * before the current one, when the township supervisor submitted the report, whether the county returned it
 * and when it was accepted (locked). Decided before any person is generated, because it shapes when records
 * were entered: clerks enter a month's events before their township submits it, except a few late entries
 * (补报) made after the lock. Most townships submit by the 5th; two are often late; one month was unlocked and
 * corrected. In the last month two townships still wait for the county and one has not submitted yet.
 * Steps after "today" (the cap) have not happened. Pure and deterministic: same seed and day, same plan.
 */
import type { ReportStatus } from '../../src/domain/codes.ts';
import { at, dayOfInstant, monthIndex, monthIndexStart, type Day, type Instant } from './days.ts';
import { Random, streamFor } from './random.ts';

export type CloseStepKind = 'submit' | 'return' | 'accept' | 'unlock';

export interface CloseStep {
  kind: CloseStepKind;
  at: Instant;
  /** The county's comment on a return, the reason of an unlock. */
  text?: string;
}

/** One township-month: the steps that happened, in order, and the state they leave (a report_periods row). */
export interface MonthClose {
  township: number;
  month: number;
  steps: CloseStep[];
  status: ReportStatus;
  firstSubmitted: Instant | null;
  /** The last submission: the snapshot is taken then. */
  submitted: Instant | null;
  accepted: Instant | null;
  everAccepted: boolean;
  returned: Instant | null;
  unlocked: CloseStep | null;
  comment: string | null;
}

const RETURN_COMMENTS = ['出生人数与乡镇快报不一致，请核实后重新上报', '部分村期末总人口与上月相比变化过大，请核实', '随访完成情况未及时录入，请补录后重新上报'];
const UNLOCK_REASON = '发现漏报出生一例，需补录更正';

function workTime(rnd: Random, day: Day): Instant {
  return at(day, rnd.int(9, 16), rnd.int(0, 59));
}

function later(rnd: Random, from: Instant, minDays: number, maxDays: number): Instant {
  return workTime(rnd, dayOfInstant(from) + rnd.int(minDays, maxDays));
}

/** Replay the steps (those up to the cap) into the row's state, as the month-close service would leave it. */
export function stateOf(township: number, month: number, planned: CloseStep[], cap: Instant): MonthClose {
  const steps = planned.filter((s) => s.at <= cap);
  const out: MonthClose = {
    township,
    month,
    steps,
    status: 'open',
    firstSubmitted: null,
    submitted: null,
    accepted: null,
    everAccepted: false,
    returned: null,
    unlocked: null,
    comment: null,
  };
  for (const s of steps) {
    if (s.kind === 'submit') Object.assign(out, { status: 'submitted', submitted: s.at, firstSubmitted: out.firstSubmitted ?? s.at, comment: null });
    if (s.kind === 'return') Object.assign(out, { status: 'returned', returned: s.at, comment: s.text });
    if (s.kind === 'accept') Object.assign(out, { status: 'accepted', accepted: s.at, everAccepted: true });
    if (s.kind === 'unlock') Object.assign(out, { status: 'returned', accepted: null, unlocked: s, comment: `已解锁：${s.text}` });
  }
  return out;
}

export class ClosePlan {
  /** Month indexes (months since 1970-01) covered: the sixty before the current one. */
  readonly first: number;
  readonly last: number;
  readonly lateTownships: number[];
  private readonly rows: MonthClose[][];

  constructor(seed: number, townships: number, today: Day, cap: Instant) {
    this.last = monthIndex(today) - 1;
    this.first = this.last - 59;
    const rnd = new Random(seed ^ 0x5eed);
    const order = Array.from({ length: townships }, (_, i) => i);
    for (let i = order.length - 1; i > 0; i--) {
      const j = rnd.int(0, i);
      [order[i], order[j]] = [order[j], order[i]];
    }
    this.lateTownships = order.slice(0, Math.min(2, townships));
    const waiting = new Set(order.slice(2, 4));
    const unlock = { township: order[townships - 1] ?? 0, month: this.last - 17 };
    this.rows = Array.from({ length: townships }, (_, t) =>
      Array.from({ length: 60 }, (_, k) => {
        const m = this.first + k;
        const steps = this.steps(seed, t, m, unlock.township === t && unlock.month === m);
        if (m === this.last && t === this.lateTownships[0]) steps.length = 0;
        if (m === this.last && waiting.has(t)) steps.splice(steps.findIndex((s) => s.kind === 'accept'));
        return stateOf(t, m, steps, cap);
      }),
    );
  }

  private steps(seed: number, t: number, m: number, unlock: boolean): CloseStep[] {
    const rnd = streamFor(seed, t * 1000 + (m - this.first), 11);
    const late = rnd.chance(this.lateTownships.includes(t) ? 0.35 : 0.03);
    const day = late
      ? rnd.int(6, 18)
      : rnd.weighted([
          [1, 5],
          [2, 20],
          [3, 30],
          [4, 30],
          [5, 15],
        ] as const);
    const steps: CloseStep[] = [{ kind: 'submit', at: workTime(rnd, monthIndexStart(m + 1) + day - 1) }];
    if (rnd.chance(0.06)) {
      const back = later(rnd, steps[0].at, 1, 2);
      steps.push({ kind: 'return', at: back, text: rnd.pick(RETURN_COMMENTS) }, { kind: 'submit', at: later(rnd, back, 1, 3) });
    }
    steps.push({ kind: 'accept', at: later(rnd, steps[steps.length - 1].at, 1, 4) });
    if (unlock) {
      const open = later(rnd, steps[steps.length - 1].at, 20, 60);
      const again = later(rnd, open, 2, 5);
      steps.push({ kind: 'unlock', at: open, text: UNLOCK_REASON }, { kind: 'submit', at: again }, { kind: 'accept', at: later(rnd, again, 1, 3) });
    }
    return steps;
  }

  get(township: number, month: number): MonthClose | undefined {
    return month < this.first || month > this.last ? undefined : this.rows[township][month - this.first];
  }

  /** The last submission of a township-month (its snapshot instant), or null if never submitted by the cap. */
  cutoff(township: number, month: number): Instant | null {
    return this.get(township, month)?.submitted ?? null;
  }

  /** When the month was (last) locked, or null. */
  lockedAt(township: number, month: number): Instant | null {
    return this.get(township, month)?.accepted ?? null;
  }

  all(): MonthClose[] {
    return this.rows.flat();
  }
}
