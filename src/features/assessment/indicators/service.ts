/**
 * The indicator catalogue (考核指标) and the live value of each indicator for a region and period: report
 * indicators from the report engine's total (its exact rates; an indicator that is not an engine rate is the
 * sum of its numerator keys over its denominator keys, through the same `rate()`),
 * and the ones whose records the portal does not hold yet as 数据待建 — never a made-up value. Each value comes
 * with the links to the people behind its numerator and denominator, its target for the region and the period's
 * statistical year, the judgement and the score.
 */
import type { Knex } from 'knex';
import type { Actor } from '../../../auth/actor.ts';
import { judge, score, type Judgement } from '../../../domain/assessment.ts';
import { FIGURE_LABEL } from '../../../domain/figure-labels.ts';
import { isCountKey, isRateKey, rate, type CountKey, type Counts, type Figures, type Rate } from '../../../domain/indicators.ts';
import { isAboveCounty } from '../../../domain/regions.ts';
import { statisticalYearOf, type Period } from '../../../domain/report-periods.ts';
import { computeReport, peopleUrl, reportRegion } from '../../reports/service.ts';
import { targetsForRegion, targetsForRegions, type ResolvedTarget } from '../targets/service.ts';
import * as q from './queries.ts';

export type { IndicatorRow } from './queries.ts';

export async function listIndicators(db: Knex, activeOnly = false): Promise<q.IndicatorRow[]> {
  return q.listIndicators(db, activeOnly);
}

export interface FigureLink {
  key: CountKey;
  label: string;
  /** The drill-down list, when the count has one (an entered figure such as the average population has none). */
  href?: string;
}

export interface IndicatorValue {
  indicator: q.IndicatorRow;
  /** The portal does not hold this indicator's records yet (数据待建). */
  pending: boolean;
  numerator: number | null;
  denominator: number | null;
  /** null: no data (pending, or a zero denominator). */
  value: number | null;
  numeratorLinks: FigureLink[];
  denominatorLinks: FigureLink[];
  target: ResolvedTarget | null;
  judgement: Judgement;
  score: number;
}

export interface IndicatorValues {
  region: { id: number; code: string; name: string; level: string };
  period: Period;
  /** The statistical year whose targets apply (that of the period's last day). */
  year: number;
  values: IndicatorValue[];
}

const sum = (c: Counts, keys: readonly string[]) => keys.reduce((s, k) => s + (isCountKey(k) ? c[k] : 0), 0);

/** An indicator's rate from the report's summed counts; undefined when its keys are not the engine's. */
function reportRate(i: q.IndicatorRow, total: Counts & Record<string, unknown>): Rate | undefined {
  if (isRateKey(i.code)) return total[i.code] as Rate;
  const keys = [...(i.numerator_keys ?? []), i.denominator_key ?? '', ...i.denominator_extra_keys];
  if (!keys.every(isCountKey)) return undefined;
  return rate(sum(total, i.numerator_keys ?? []), sum(total, [i.denominator_key!, ...i.denominator_extra_keys]), i.unit);
}

/** An indicator's value from a month's stored figures (its snapshot); null when that month did not hold its keys. */
export function storedValue(i: q.IndicatorRow, figures: Record<string, unknown>): number | null {
  if (i.source !== 'report') return null;
  if (isRateKey(i.code)) {
    const r = figures[i.code] as Rate | undefined;
    return r && typeof r === 'object' ? r.value : null;
  }
  const keys = [...(i.numerator_keys ?? []), i.denominator_key ?? '', ...i.denominator_extra_keys];
  if (!keys.every((k) => isCountKey(k) && typeof figures[k] === 'number')) return null;
  return reportRate(i, figures as unknown as Figures)?.value ?? null;
}

/**
 * Each active indicator's value from a region's figures, with its target, judgement, score and links — the links to
 * the people behind a count only for a reader who may open them (a city or province sees no person).
 */
function valuesOf(indicators: q.IndicatorRow[], figures: Figures, targets: Map<string, ResolvedTarget>, regionCode: string, period: Period, people: boolean): IndicatorValue[] {
  const links = (keys: readonly string[]): FigureLink[] => keys.filter(isCountKey).map((key) => ({ key, label: FIGURE_LABEL[key], ...(people ? { href: peopleUrl(key, regionCode, period) } : {}) }));
  return indicators.map((indicator): IndicatorValue => {
    // Every figure is the report engine's (双查 included, since its rounds became report keys); pending ones have none.
    const r = indicator.source === 'report' ? reportRate(indicator, figures) : undefined;
    const target = targets.get(indicator.code) ?? null;
    const value = r?.value ?? null;
    const band = indicator.band_low !== null && indicator.band_high !== null ? { low: indicator.band_low, high: indicator.band_high } : null;
    return {
      indicator,
      pending: indicator.source === 'records_pending',
      numerator: r ? r.numerator : null,
      denominator: r ? r.denominator : null,
      value,
      numeratorLinks: indicator.source === 'report' ? links(indicator.numerator_keys ?? []) : [],
      denominatorLinks: indicator.source === 'report' ? links([indicator.denominator_key ?? '', ...indicator.denominator_extra_keys]) : [],
      target,
      judgement: target ? judge(value, target.target, target.near, indicator.direction, band) : '无数据',
      score: target ? score(value, target.target, target.weight, target.score_rule, indicator.direction, band) : 0,
    };
  });
}

const seesPeople = (actor: Actor) => !isAboveCounty(actor.scope.level);

const regionFields = (r: { id: number; code: string; name: string; level: string }) => ({ id: r.id, code: r.code, name: r.name, level: r.level });

/** The live value of every active indicator for a county or township (in the caller's scope) and period. */
export async function indicatorValues(db: Knex, actor: Actor, regionCode: string | undefined, period: Period): Promise<IndicatorValues> {
  const region = await reportRegion(db, actor, regionCode);
  const year = statisticalYearOf(period.to);
  const [indicators, report, targets] = [await q.listIndicators(db, true), await computeReport(db, region, period), await targetsForRegion(db, year, region)];
  return { region: regionFields(region), period, year, values: valuesOf(indicators, report.total, targets, region.code, period, seesPeople(actor)) };
}

/**
 * The values of the caller's county and of each of its active townships from ONE county report (its rows are the
 * townships): the board's cost is one report, not one per township. A township caller gets its own row only.
 */
export async function townshipIndicatorValues(db: Knex, actor: Actor, period: Period): Promise<{ county: IndicatorValues | null; townships: IndicatorValues[] }> {
  // A city's or province's board: its counties (or cities) as the rows, each against its own targets, read-only.
  if (actor.scope.level !== 'county' && !isAboveCounty(actor.scope.level)) return { county: null, townships: [await indicatorValues(db, actor, actor.scope.code, period)] };
  const county = await reportRegion(db, actor, actor.scope.code);
  const year = statisticalYearOf(period.to);
  const [indicators, report] = [await q.listIndicators(db, true), await computeReport(db, county, period)];
  const rows = report.rows.filter((r) => r.region.active);
  const targets = await targetsForRegions(db, year, [county, ...rows.map((r) => r.region)]);
  const townships = rows.map((row) => ({
    region: regionFields(row.region),
    period,
    year,
    values: valuesOf(indicators, row.figures, targets.get(row.region.id)!, row.region.code, period, seesPeople(actor)),
  }));
  return { county: { region: regionFields(county), period, year, values: valuesOf(indicators, report.total, targets.get(county.id)!, county.code, period, seesPeople(actor)) }, townships };
}
