/**
 * The drill-down: the records behind any count (the same source SQL as the count, so the list has exactly as
 * many rows as the number says), for any region (village too) inside the caller's scope.
 */
import type { Knex } from 'knex';
import type { Actor } from '../../../auth/actor.ts';
import { FIGURE_LABEL } from '../../../domain/figure-labels.ts';
import { isCountKey, type CountKey } from '../../../domain/indicators.ts';
import type { Period } from '../../../domain/report-periods.ts';
import { isAboveCounty } from '../../../domain/regions.ts';
import { ForbiddenError, NotFoundError } from '../../../errors.ts';
import { regionInScope } from '../../regions/service.ts';
import { regionOf, type ReportRegion } from '../engine/service.ts';
import * as q from '../engine/queries.ts';
import { withResidence, type Residence } from '../engine/residence.ts';
import { sourceOf, type SourceName } from '../engine/sources.ts';

export interface DrillDown {
  source: SourceName;
  region: ReportRegion;
  key: CountKey;
  label: string;
  period: Period;
  residence?: Residence;
  rows: q.PersonRow[];
  total: number;
}

/** The records behind a count, for any region (village too) inside the caller's scope. */
export async function drillDown(
  db: Knex,
  actor: Actor,
  input: { figure: string; region?: string; period: Period; residence?: Residence; page: { limit: number; offset: number } },
): Promise<DrillDown> {
  if (isAboveCounty(actor.scope.level)) throw new ForbiddenError('市级、省级账户只查看汇总报表，不查看人员名单。');
  if (!isCountKey(input.figure)) throw new NotFoundError('没有这个统计项。');
  if (!sourceOf(input.figure, input.period)) throw new NotFoundError(`${FIGURE_LABEL[input.figure]}是填报的汇总数，没有人员名单：请到人口数据页面查看。`);
  const region = await regionInScope(db, actor.scope, input.region ?? actor.scope.code);
  // The list of one region: the sources that find their records across the deployment keep the region's first.
  const whole = sourceOf(input.figure, { ...input.period, within: region.code })!;
  const source = input.residence ? withResidence(whole, input.residence) : whole;
  if (!source?.flags[input.figure]) throw new NotFoundError(`${FIGURE_LABEL[input.figure]}不分城镇、农村统计。`);
  const { rows, total } = await q.drillDown(db, source, input.figure, region.code, input.page);
  return { source: source.name, region: regionOf(region), key: input.figure, label: FIGURE_LABEL[input.figure], period: input.period, residence: input.residence, rows, total };
}

/**
 * The drill-down URL of a count for a region and period, or undefined when the count has no list of people (an
 * entered figure such as the average population). Other pages (考核) link their numerators and denominators here.
 */
export function peopleUrl(key: CountKey, region: string, period: Period): string | undefined {
  if (!sourceOf(key, period)) return undefined;
  return `/reports/people?${new URLSearchParams({ figure: key, region, from: period.from, to: period.to }).toString()}`;
}
