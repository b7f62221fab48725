/**
 * What a report page shows, assembled from the services: the report, its layout and title, the region
 * choices, the month's close status with the actions the user may take, snapshot differences and charts.
 * Used by the GET handlers and to re-render the page after a refused month-close action (422).
 */
import type { Knex } from 'knex';
import type { Actor } from '../../../auth/actor.ts';
import { chinaDate, monthLabel } from '../../../domain/dates.ts';
import { isCountKey, RATE_DEFS } from '../../../domain/indicators.ts';
import { can } from '../../../domain/permissions.ts';
import { lastMonth, monthPeriod, periodWords, type Period } from '../../../domain/report-periods.ts';
import { BadRequestError } from '../../../errors.ts';
import { isAboveCounty } from '../../../domain/regions.ts';
import { getRegion, regionsInScopeList, townshipOptions, type RegionRow } from '../../regions/service.ts';
import { reportCharts } from './charts.ts';
import { compareWithSnapshots, snapshotsOf, submissionBlockers, townshipMonthStatus, townshipStatuses, type MonthStatus, type SnapshotComparison } from '../close/service.ts';
import { linesOf } from './export.ts';
import { flatColumns, LAYOUTS, type LayoutKey, type ReportLayout } from './layouts.ts';
import { NOT_SPLIT, type ResidenceSplit, type TableLine } from './lines.ts';
import { periodSubmissions, type PeriodSubmissions } from '../close/period-submissions.ts';
import { chartData, computeReport, longActingRuleText, reportRegion, type Report } from '../engine/service.ts';
import { validationSummary } from '../validation/service.ts';

export interface ReportPage {
  kind: LayoutKey;
  layout: ReportLayout;
  report: Report;
  /** Screen title, naming the period in words. */
  heading: string;
  /** The form's own title for the print header and the spreadsheet (计划生育月报表, 年度人口与出生情况). */
  officialHeading: string;
  /** For each rate, the counts behind its numerator and denominator that have a people list (drill-down). */
  rateLinks: Record<string, { numerator?: string; denominator?: string }>;
  periodText: string;
  /** Query of this page (region + period), kept on links and exports. */
  query: Record<string, string>;
  regionOptions: { code: string; label: string }[];
  close?: {
    month: string;
    statuses: MonthStatus[];
    blockers: string[];
    canSubmit: boolean;
    canClose: boolean;
    comparison: SnapshotComparison[];
    /** The validation rules' findings of the month (数据校验): blocking ones and warnings still to acknowledge. */
    validation: { blocking: number; pendingWarnings: number; href: string };
  };
  charts?: { births: string; procedures: string };
  /** The long-acting rule in force at the end of the period, for the notes. */
  longActingRule?: string;
  /** 统1/统2表: the period as submitted (accepted monthly snapshots) against the live figures. */
  submissions?: PeriodSubmissions;
  /** 统1/统2表: the same report for urban and for rural records (by 户口性质). */
  split?: ResidenceSplit;
  /** The table's lines in order (rows, total, and their 城镇/农村 lines when split). */
  lines: TableLine[];
  /** The figures a 城镇/农村 line leaves blank (entered aggregates). */
  notSplit: string[];
  /** Counts link to the people behind them (not for a city or province: roll-ups only). */
  peopleLinks: boolean;
  /** Above the township: where the county's month up the chain is shown (the county, the city, the province). */
  countyMonthsHref?: string;
}

const ENTERED = new Set(['population', 'population_end', 'deaths']);
const RATE_LINKS: ReportPage['rateLinks'] = Object.fromEntries(
  Object.entries(RATE_DEFS).map(([k, d]) => [
    k,
    {
      numerator: d.numeratorKeys.length === 1 && !ENTERED.has(d.numeratorKeys[0]) ? d.numeratorKeys[0] : undefined,
      denominator: ENTERED.has(d.denominatorKey) ? undefined : d.denominatorKey,
    },
  ]),
);

/** The report pages' region choices: the county (for a county user) and the townships in scope. */
export async function regionOptions(db: Knex, actor: Actor) {
  if (isAboveCounty(actor.scope.level)) return rollUpOptions(db, actor);
  const townships = await townshipOptions(db, actor.scope);
  if (actor.scope.level !== 'county') return townships.map((t) => ({ code: t.code, label: t.label }));
  const county = await getRegion(db, actor.scope.regionId);
  return [{ code: county.code, label: `${county.name}（全县）` }, ...townships.map((t) => ({ code: t.code, label: t.label }))];
}

/** A city's or province's choices: itself, then its cities and counties (the rows of its roll-ups). */
async function rollUpOptions(db: Knex, actor: Actor) {
  const own = await getRegion(db, actor.scope.regionId);
  const below = [...(await regionsInScopeList(db, actor.scope, 'city')), ...(await regionsInScopeList(db, actor.scope, 'county'))]
    .filter((r) => r.id !== own.id)
    .sort((a, b) => a.code.localeCompare(b.code));
  const whole = own.level === 'province' ? '全省' : '全市';
  return [{ code: own.code, label: `${own.name}（${whole}）` }, ...below.map((r) => ({ code: r.code, label: r.level === 'city' ? r.name : `· ${r.name}` }))];
}

interface PageInput {
  kind: LayoutKey;
  region?: string;
  period: Period;
  query: Record<string, string>;
  heading?: string;
  officialHeading?: string;
  chartMonth?: string;
}

export async function reportPage(db: Knex, actor: Actor, input: PageInput): Promise<ReportPage> {
  checkPeriod(input.period);
  return pageOf(db, actor, await reportRegion(db, actor, input.region), input);
}

function checkPeriod(period: Period) {
  if (period.from > period.to) throw new BadRequestError('开始日期不能晚于结束日期。');
}

/** The page of a region already checked against the actor's scope (reportRegion). */
async function pageOf(db: Knex, actor: Actor, region: RegionRow, input: Omit<PageInput, 'region'>): Promise<ReportPage> {
  // The figures, the charts and the region choices are independent: fetch them side by side.
  const [rep, charts, options, longActingRule] = await Promise.all([
    computeReport(db, region, input.period),
    input.chartMonth ? chartData(db, region, input.chartMonth).then(reportCharts) : undefined,
    regionOptions(db, actor),
    longActingRuleText(db, input.period.to),
  ]);
  const layout = LAYOUTS[input.kind];
  const page: ReportPage = {
    kind: input.kind,
    layout,
    report: rep,
    heading: input.heading ?? `${layout.heading}（${periodWords(input.period)}）`,
    officialHeading: input.officialHeading ?? layout.heading,
    rateLinks: RATE_LINKS,
    periodText: periodWords(input.period),
    query: { ...input.query, region: rep.region.code },
    regionOptions: options,
    charts,
    longActingRule,
    lines: linesOf(rep),
    notSplit: [...NOT_SPLIT],
    peopleLinks: !isAboveCounty(actor.scope.level),
  };
  return page;
}

/** The monthly report page: the report plus month close (status, actions, blockers, snapshot vs live). */
export async function monthlyPage(db: Knex, actor: Actor, input: { region?: string; month: string; now: Date; /** false for CSV/XLSX/JSON: figures only. */ extras?: boolean }): Promise<ReportPage> {
  const period = monthPeriod(input.month);
  const extras = input.extras ?? true;
  const region = await reportRegion(db, actor, input.region);
  // The month-close part (statuses, validation, blockers) does not read the figures: it runs beside the report (at
  // city scale the validation alone took 230–340 ms after it).
  const [page, close] = await Promise.all([
    pageOf(db, actor, region, {
      kind: 'monthly',
      period,
      query: { month: input.month },
      heading: `计划生育月报表（${monthLabel(input.month)}）`,
      chartMonth: extras ? input.month : undefined,
    }),
    // A city's or province's report: the counties' months are on their own page; township months are the county's.
    extras && !isAboveCounty(region.level) ? monthClose(db, actor, region, input.month, input.now) : undefined,
  ]);
  if (!extras) return page;
  if (region.level !== 'township') page.countyMonthsHref = `/reports/county-months?month=${input.month}`;
  if (close) page.close = { ...close, comparison: compareWithSnapshots(page.report, snapshotsOf(close.statuses)) };
  return page;
}

async function monthClose(db: Knex, actor: Actor, region: RegionRow, month: string, now: Date) {
  const statuses = region.level === 'township' ? [await townshipMonthStatus(db, region, month, now)] : await townshipStatuses(db, region, month, now);
  const canSubmit = can(actor, 'reports.submit') && region.level === 'township';
  const open = statuses[0] && (statuses[0].status === 'open' || statuses[0].status === 'returned');
  const validation = await validationSummary(db, actor, region, month);
  return {
    month,
    statuses,
    blockers: canSubmit && open ? await submissionBlockers(db, region, month) : [],
    canSubmit,
    canClose: can(actor, 'reports.close'),
    validation: { ...validation, href: `/reports/validation?region=${region.code}&month=${month}` },
  };
}

export async function officialTablePage(db: Knex, actor: Actor, input: PageInput & { extras: boolean }): Promise<ReportPage> {
  checkPeriod(input.period);
  const region = await reportRegion(db, actor, input.region);
  const [page, urban, rural] = await Promise.all([pageOf(db, actor, region, input), computeReport(db, region, input.period, 'urban'), computeReport(db, region, input.period, 'rural')]);
  page.split = { urban, rural };
  page.lines = linesOf(page.report, page.split);
  if (!input.extras) return page;
  const columns = page.layout.parts.flatMap((p) => flatColumns(p).map((c) => c.key)).filter(isCountKey);
  page.submissions = await periodSubmissions(db, page.report, input.period, columns);
  return page;
}

/** The default month of the monthly report: last month, in China time. */
export function defaultMonth(now: Date): string {
  return lastMonth(chinaDate(now));
}
