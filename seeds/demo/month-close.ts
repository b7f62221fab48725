/**
 * Replays month close (close-plan.ts) over the loaded county: submissions in time order, and before each one
 * the late rows (entry.ts) its township had entered by then. Each submitted township-month gets its
 * report_periods row with the snapshot of every figure — computed by the report engine's own queries on the
 * records as they stood at that submission, so snapshot vs live differs exactly by what was entered later.
 *
 * The engine runs once per month for the whole county with villages as rows (its own count queries, allCounts),
 * and each township's report is assembled from its village rows by the engine's own assembly step
 * (assembleReport, the one computeReport uses): 60 county-wide computations instead of 600 township ones, each
 * about as costly. demo/history.test.ts checks the stored snapshots against computeReport.
 */
import type { Knex } from 'knex';
import { monthPeriod } from '../../src/domain/report-periods.ts';
import { allCounts, assembleReport, reportJson, type ReportRegion } from '../../src/features/reports/service.ts';
import type { MonthClose } from './close-plan.ts';
import { isoOf, monthIndexStart, stampOf } from './days.ts';
import type { LateRow } from './entry.ts';
import type { GenContext } from './life.ts';
import { emptyBatch, TABLES, type Row } from './rows.ts';
import { insertRows } from './writer.ts';

const monthText = (m: number) => isoOf(monthIndexStart(m)).slice(0, 7);

/** Write held-back rows (and first what they point to), table by table in foreign-key order. */
async function writeLate(trx: Knex, rows: LateRow[]): Promise<number> {
  const batch = emptyBatch();
  const take = (r: LateRow) => {
    if (r.written) return;
    for (const d of r.deps) take(d);
    r.written = true;
    batch[r.table].push(r.row);
  };
  rows.forEach(take);
  let n = 0;
  for (const t of TABLES) {
    n += batch[t].length;
    await insertRows(trx, t, batch[t]);
  }
  return n;
}

function periodRow(ctx: GenContext, c: MonthClose, countySupId: number, snapshot: unknown): Row {
  const t = ctx.townships[c.township];
  const last = c.steps[c.steps.length - 1].at;
  const returned = [...c.steps].reverse().find((s) => s.kind === 'return');
  return {
    township_id: t.id,
    month: `${monthText(c.month)}-01`,
    status: c.status,
    snapshot,
    submitted_by: t.supId,
    submitted_at: stampOf(c.submitted!),
    first_submitted_at: stampOf(c.firstSubmitted!),
    accepted_by: c.everAccepted ? countySupId : null,
    accepted_at: c.accepted === null ? null : stampOf(c.accepted),
    returned_by: returned ? countySupId : null,
    returned_at: returned ? stampOf(returned.at) : null,
    comment: c.comment,
    unlocked_by: c.unlocked ? countySupId : null,
    unlocked_at: c.unlocked ? stampOf(c.unlocked.at) : null,
    unlock_reason: c.unlocked?.text ?? null,
    version: 1 + c.steps.length,
    created_at: stampOf(c.steps[0].at),
    updated_at: stampOf(last),
  };
}

export interface CloseSummary {
  periods: number;
  lateRows: number;
}

export async function replayMonthClose(trx: Knex, ctx: GenContext, late: LateRow[], countySupId: number): Promise<CloseSummary> {
  const regions: (ReportRegion & { parent_id: number | null })[] = await trx('regions').orderBy('code').select('id', 'code', 'name', 'level', 'active', 'parent_id');
  const county = regions.find((r) => r.level === 'county')!;
  const region = (r: ReportRegion & { parent_id: number | null }): ReportRegion => ({ id: r.id, code: r.code, name: r.name, level: r.level, active: r.active });
  const villagesOf = ctx.townships.map((t) => regions.filter((r) => r.parent_id === t.id).map(region));
  const townshipRegion = ctx.townships.map((t) => region(regions.find((r) => r.id === t.id)!));

  const queues = ctx.townships.map(() => [] as LateRow[]);
  for (const r of late) queues[r.township].push(r);
  for (const q of queues) q.sort((a, b) => a.at - b.at);
  const heads = queues.map(() => 0);

  // Submissions in time order; consecutive ones of the same month share one engine query.
  const events = ctx.close
    .all()
    .filter((c) => c.submitted !== null)
    .sort((a, b) => a.submitted! - b.submitted!);
  let periods = 0;
  for (let i = 0; i < events.length;) {
    let j = i;
    while (j < events.length && events[j].month === events[i].month) j++;
    const group = events.slice(i, j);
    const due: LateRow[] = [];
    for (const c of group) {
      const q = queues[c.township];
      while (heads[c.township] < q.length && q[heads[c.township]].at <= c.submitted!) due.push(q[heads[c.township]++]);
    }
    await writeLate(trx, due);
    const period = monthPeriod(monthText(group[0].month));
    // Inside this transaction allCounts runs its queries one after another (one connection).
    const counts = await allCounts(trx, period, { prefix: county.code, rowLevel: 'village' });
    const rows = group.map((c) => periodRow(ctx, c, countySupId, reportJson(assembleReport(townshipRegion[c.township], villagesOf[c.township], counts, period))));
    // A plain multi-row insert: the snapshots are large JSON documents, parsed once as jsonb this way.
    await trx('report_periods').insert(rows.map((r) => ({ ...r, snapshot: JSON.stringify(r.snapshot) })));
    periods += rows.length;
    i = j;
  }
  // What was entered after the last submission of its township (or in a month not submitted yet).
  await writeLate(
    trx,
    [...late].sort((a, b) => a.at - b.at),
  );
  return { periods, lateRows: late.length };
}
