/**
 * When each record was entered (created_at, updated_at), and which rows must wait to be written.
 *
 * A clerk enters an event a few days after it happened and — knowing the report is due — before her township
 * submits that month's report (close-plan.ts); a few births, pregnancies, procedures and certificates are entered
 * weeks late, after the month was locked: the report engine counts them as 补报 in the month they were entered.
 * Nothing is entered before the card existed (an inflow woman's earlier children are entered with her card),
 * and nothing after "today" (ctx.cap).
 *
 * A row entered after its month was submitted was not there when the snapshot of that month was taken. Such rows
 * (and the rows that point to them) are held back as LateRows; the month close (month-close.ts) writes them in
 * time order between the snapshots, so every stored snapshot is computed from what had been entered by then.
 */
import { at, dayOfInstant, monthIndex, type Day, type Instant } from './days.ts';
import type { GenContext } from './life.ts';
import type { Random } from './random.ts';
import type { Batch, Row, Table } from './rows.ts';

/** Share of reportable events (births, pregnancies, procedures, 光荣证) entered after their month was locked. */
export const LATE_SHARE = 0.03;

const LAG_DAYS: readonly (readonly [readonly [number, number], number])[] = [
  [[0, 0], 35],
  [[1, 1], 25],
  [[2, 2], 15],
  [[3, 3], 10],
  [[4, 7], 12],
  [[8, 15], 3],
];

export function workTime(rnd: Random, day: Day): Instant {
  return at(day, rnd.int(8, 17), rnd.int(0, 59));
}

/** One woman's clock: entries never before her card was created (`card`), never after today. */
export class EntryClock {
  constructor(
    private readonly ctx: GenContext,
    private readonly rnd: Random,
    readonly card: Instant,
  ) {}

  /** When an event of `day` in township `township` was entered; `lateable` events are sometimes 补报. */
  event(day: Day, township: number, lateable = false): Instant {
    const { rnd, ctx } = this;
    const [lo, hi] = rnd.weighted(LAG_DAYS);
    let i = workTime(rnd, day + rnd.int(lo, hi));
    const month = monthIndex(day);
    const submitted = ctx.close.cutoff(township, month);
    if (submitted !== null) {
      if (lateable && rnd.chance(LATE_SHARE)) {
        const locked = ctx.close.lockedAt(township, month) ?? submitted;
        i = Math.max(i, workTime(rnd, dayOfInstant(locked) + rnd.int(1, 40)));
      } else if (i >= submitted) {
        i = Math.max(at(day, 8), submitted - rnd.int(30, 600));
      }
    }
    return this.clamp(i);
  }

  /** A change recorded on `day` (an episode ended, a visit done): like an event, never late, not before `after`. */
  change(day: Day, township: number, after: Instant): Instant {
    return Math.max(this.event(day, township), after);
  }

  clamp(i: Instant): Instant {
    return Math.min(Math.max(i, this.card), this.ctx.cap);
  }
}

/** A row written after the snapshots taken before `at`, in its township's turn. */
export interface LateRow {
  table: Table;
  row: Row;
  at: Instant;
  township: number;
  /** Held-back rows it points to: written first. */
  deps: LateRow[];
  written: boolean;
}

/** Where one woman's rows go: the bulk batch, or the held-back list when entered after their month's snapshot. */
export class RowSink {
  private readonly held = new Map<string, LateRow>();

  constructor(
    private readonly ctx: GenContext,
    private readonly out: Batch,
    private readonly late: LateRow[],
  ) {}

  /**
   * `day` is the date that puts the row in a month's figures (null: none of its own), `township` where it
   * counts, `refs` the rows it points to (a held-back target holds it back too).
   */
  add(table: Table, row: Row, o: { created: Instant; day: Day | null; township: number; refs?: [Table, unknown][] }): void {
    const deps: LateRow[] = [];
    for (const [t, id] of o.refs ?? []) {
      const d = id == null ? undefined : this.held.get(`${t}:${id}`);
      if (d) deps.push(d);
    }
    const cutoff = o.day === null ? null : this.ctx.close.cutoff(o.township, monthIndex(o.day));
    if (deps.length === 0 && (cutoff === null || o.created <= cutoff)) {
      this.out[table].push(row);
      return;
    }
    const entry: LateRow = { table, row, at: Math.max(o.created, ...deps.map((d) => d.at)), township: o.township, deps, written: false };
    this.held.set(`${table}:${row.id}`, entry);
    this.late.push(entry);
  }
}
