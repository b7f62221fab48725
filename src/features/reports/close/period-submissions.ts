/**
 * A statistical year (or half-year) as submitted: 国人口统1表/2表 rebuilt from the townships' accepted monthly
 * snapshots (flows summed, stock from the last month) beside the live figures, with the differences — what the
 * monthly report does for one month. A township whose months are not all accepted shows which are missing, and
 * no figures: a partial sum is not what was submitted.
 */
import type { Knex } from 'knex';
import { FIGURE_LABEL } from '../../../domain/figure-labels.ts';
import { countsFromMonths, countsOf, differences, storedCounts, type CountKey, type FigureDifference } from '../../../domain/indicators.ts';
import { monthsBetween, type Period } from '../../../domain/report-periods.ts';
import type { Report } from '../engine/service.ts';
import type { ReportJson } from '../engine/json.ts';
import * as qp from './queries.ts';

export interface TownshipSubmission {
  township: { code: string; name: string };
  /** Months of the period not accepted yet (YYYY-MM). */
  missing: string[];
  /** Differences between the accepted snapshots and the live figures, for the table's columns. */
  differences: (FigureDifference & { label: string })[];
}

export interface PeriodSubmissions {
  months: number;
  townships: TownshipSubmission[];
}

function snapshotTotal(snapshot: unknown): Record<string, unknown> {
  const s = snapshot as ReportJson | null;
  return (s?.total?.figures as Record<string, unknown> | undefined) ?? {};
}

/** Submitted vs live for the townships of a report (its rows for a county, itself for a township). */
export async function periodSubmissions(db: Knex, live: Report, period: Period, columns: readonly CountKey[]): Promise<PeriodSubmissions> {
  const months = monthsBetween(period.from, period.to);
  const rows = await qp.monthSnapshots(db, live.region.code, months[0], months[months.length - 1]);
  const liveByCode = new Map(live.rowLevel === 'township' ? live.rows.map((r) => [r.region.code, r.figures]) : [[live.region.code, live.total]]);
  const byTownship = new Map<string, qp.MonthSnapshotRow[]>();
  for (const r of rows) byTownship.set(r.code, [...(byTownship.get(r.code) ?? []), r]);
  const townships: TownshipSubmission[] = [];
  for (const [code, list] of byTownship) {
    const liveFigures = liveByCode.get(code);
    if (!liveFigures) continue;
    const accepted = new Map(list.filter((r) => r.status === 'accepted' && r.month).map((r) => [r.month, r.snapshot]));
    const missing = months.filter((m) => !accepted.has(m));
    const township = { code, name: list[0].name };
    if (missing.length) {
      townships.push({ township, missing, differences: [] });
      continue;
    }
    const submitted = countsFromMonths(months.map((m) => storedCounts(snapshotTotal(accepted.get(m)))));
    const wanted: Partial<Record<CountKey, number>> = {};
    for (const k of columns) if (typeof submitted[k] === 'number') wanted[k] = submitted[k];
    townships.push({ township, missing, differences: differences(wanted, countsOf(liveFigures)).map((d) => ({ ...d, label: FIGURE_LABEL[d.key] })) });
  }
  return { months: months.length, townships };
}
