/**
 * The report engine (DESIGN §6): for a region (the county with its townships as rows, or a township with its
 * villages as rows) and any date range, every figure computed from the records, with a total whose rates are
 * recomputed from the summed counts; the 12-month series of the charts. Scope: a region outside the caller's
 * scope is 404, like a region that does not exist.
 */
import type { Knex } from 'knex';
import type { Actor } from '../../../auth/actor.ts';
import { addMonthsToMonth, monthEnd, monthStart } from '../../../domain/dates.ts';
import { emptyCounts, isCountKey, sumCounts, withRates, type CountKey, type Counts, type Figures } from '../../../domain/indicators.ts';
import type { Period } from '../../../domain/report-periods.ts';
import { BadRequestError } from '../../../errors.ts';
import { regionInScope, type RegionRow } from '../../regions/service.ts';
import * as q from './queries.ts';
import type { Residence } from './residence.ts';

export interface ReportRegion {
  id: number;
  code: string;
  name: string;
  level: string;
  active: boolean;
}

export interface ReportRow {
  region: ReportRegion;
  figures: Figures;
}

export interface Report {
  region: ReportRegion;
  period: Period;
  /** Set on the 城镇/农村 parts of an official table: only those records, entered figures absent. */
  residence?: Residence;
  rowLevel: q.RowLevel;
  rows: ReportRow[];
  total: Figures;
}

export function regionOf(r: RegionRow | q.RowRegion): ReportRegion {
  return { id: r.id, code: r.code, name: r.name, level: r.level, active: r.active };
}

function counts(partial: Partial<Record<CountKey, number>> | undefined): Counts {
  const c = emptyCounts();
  if (partial) for (const k of Object.keys(partial)) if (isCountKey(k)) c[k] = Number(partial[k]) || 0;
  return c;
}

/** A report region the caller may read: any region above the village inside the caller's scope (a city's counties too). */
export async function reportRegion(db: Knex, actor: Actor, code: string | undefined): Promise<RegionRow> {
  const region = await regionInScope(db, actor.scope, code ?? actor.scope.code);
  if (region.level === 'village') throw new BadRequestError('统计报表按省、市、县或乡镇生成：请选择上级区划。');
  return region;
}

/** Compute a report without a scope check (the caller checked it; month close snapshots reuse this). */
export async function computeReport(db: Knex, region: RegionRow, period: Period, residence?: Residence): Promise<Report> {
  // Inside a transaction (month close) the two must not share the one connection at the same time.
  const regions = await q.rowRegions(db, region.id);
  // A province without cities has its counties as rows: the rows' level is what the children are.
  const rowLevel = (regions[0]?.level as q.RowLevel | undefined) ?? rowLevelOf(region);
  const byRow = await q.allCounts(db, period, { prefix: region.code, rowLevel, residence });
  const report = assembleReport(regionOf(region), regions.map(regionOf), byRow, period, rowLevel);
  return residence ? { ...report, residence } : report;
}

/** The same report with every figure from its source SQL (the figure store's oracle). */
export async function computeReportLive(db: Knex, region: RegionRow, period: Period): Promise<Report> {
  const regions = await q.rowRegions(db, region.id);
  const rowLevel = (regions[0]?.level as q.RowLevel | undefined) ?? rowLevelOf(region);
  const byRow = await q.allCountsLive(db, period, { prefix: region.code, rowLevel });
  return assembleReport(regionOf(region), regions.map(regionOf), byRow, period, rowLevel);
}

/** The rows of a province report are its cities, of a city report its counties, of a county report its townships; of a township report, its villages. */
function rowLevelOf(region: { level: string }): Report['rowLevel'] {
  return region.level === 'province' ? 'city' : region.level === 'city' ? 'county' : region.level === 'county' ? 'township' : 'village';
}

/**
 * The report from the counts per row region: every row region with its figures, the total's rates recomputed
 * from the summed counts. The one assembly step, used by computeReport and by the demo seed (which counts a
 * whole county once and assembles each township's report from the village rows).
 */
export function assembleReport(region: ReportRegion, rowRegions: ReportRegion[], byRow: q.RowCounts, period: Period, rowLevel = rowLevelOf(region)): Report {
  const rows = rowRegions
    .map((r) => ({ region: r, counts: counts(byRow.get(r.id)) }))
    // An inactive village or township stays in the report while it still has figures for the period.
    .filter((r) => r.region.active || Object.values(r.counts).some((v) => v !== 0));
  return {
    region,
    period,
    rowLevel,
    rows: rows.map((r) => ({ region: r.region, figures: withRates(r.counts) })),
    total: withRates(sumCounts(rows.map((r) => r.counts))),
  };
}

export interface ChartData {
  months: string[];
  series: q.MonthlySeries[];
}

/** The 12 months ending with `month`: births by sex and procedures, for the charts. */
export async function chartData(db: Knex, region: RegionRow, month: string): Promise<ChartData> {
  const first = addMonthsToMonth(month, -11);
  const series = await q.monthlySeries(db, region.code, { from: monthStart(first), to: monthEnd(month) });
  const byMonth = new Map(series.map((s) => [s.month, s]));
  const months = Array.from({ length: 12 }, (_v, i) => addMonthsToMonth(first, i));
  return { months, series: months.map((m) => byMonth.get(m) ?? { month: m, births_male: 0, births_female: 0, procedures: 0 }) };
}

/** The long-acting rule in force at the end of a period, in words for the report notes. */
export async function longActingRuleText(db: Knex, date: string): Promise<string | undefined> {
  const rule = await q.longActingRuleOn(db, date);
  return rule ? `${rule.effective_from} 起：${rule.note}` : undefined;
}
