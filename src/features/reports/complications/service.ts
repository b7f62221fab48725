/**
 * 并发症统计: the complications of the procedures performed in a period under a county or township, by procedure
 * kind and severity (table 1) and by row region (table 2); the procedures behind any count, each serious one with
 * the state of her county follow-up. A region outside the caller's scope is 404, like one that does not exist.
 */
import type { Knex } from 'knex';
import type { Actor } from '../../../auth/actor.ts';
import { COMPLICATION, FOLLOW_UP_STATUS, PROCEDURE_KIND, label } from '../../../domain/codes.ts';
import { followUpStatus } from '../../../domain/follow-up-schedule.ts';
import { periodWords, type Period } from '../../../domain/report-periods.ts';
import { BadRequestError } from '../../../errors.ts';
import { fetchPage, type PageInfo } from '../../../pagination.ts';
import { regionInScope } from '../../regions/service.ts';
import { reportRegion, type ReportRegion } from '../engine/service.ts';
import { regionOptions } from '../monthly/service.ts';
import * as q from './queries.ts';
import type { ComplicationFilter } from './schemas.ts';
import { complicationTables, type ComplicationTables } from './table.ts';

export const COMPLICATIONS_HEADING = '计划生育手术并发症统计表';

export interface ComplicationsReport extends ComplicationTables {
  region: ReportRegion;
  period: Period;
  periodText: string;
  rowLevel: 'township' | 'village';
  regionOptions: { code: string; label: string }[];
}

function checkPeriod(period: Period) {
  if (period.from > period.to) throw new BadRequestError('开始日期不能晚于结束日期。');
}

/** The two tables for a county or a township in the caller's scope. */
export async function complicationsReport(db: Knex, actor: Actor, input: { region?: string; period: Period }): Promise<ComplicationsReport> {
  checkPeriod(input.period);
  const region = await reportRegion(db, actor, input.region);
  const rowLevel = region.level === 'county' ? 'township' : 'village';
  const [cells, regions, options] = await Promise.all([q.complicationCells(db, actor.scope, { prefix: region.code, rowLevel }, input.period), q.childRegions(db, region.id), regionOptions(db, actor)]);
  return {
    region: { id: region.id, code: region.code, name: region.name, level: region.level, active: region.active },
    period: input.period,
    periodText: periodWords(input.period),
    rowLevel,
    regionOptions: options,
    ...complicationTables(cells, regions),
  };
}

export interface ComplicationPerson extends q.ComplicationPersonRow {
  kindLabel: string;
  complicationLabel: string;
  /** For a serious complication: where her county follow-up stands (未安排 when none was planned). */
  countyFollowUp?: { status: string; text: string };
}

export interface ComplicationPeople {
  region: ReportRegion;
  period: Period;
  periodText: string;
  filter: ComplicationFilter;
  /** What the list is, in words (人工流产 · 子宫穿孔 · 严重). */
  title: string;
  rows: ComplicationPerson[];
  total: number;
  pageInfo: PageInfo;
}

function filterTitle(f: ComplicationFilter): string {
  const parts = [f.kind ? label(PROCEDURE_KIND, f.kind) : '全部手术'];
  if (f.complication === 'any') parts.push('发生并发症');
  else if (f.complication) parts.push(label(COMPLICATION, f.complication));
  if (f.serious) parts.push('严重并发症');
  return parts.join(' · ');
}

function countyFollowUp(r: q.ComplicationPersonRow, today: string): ComplicationPerson['countyFollowUp'] {
  if (!r.serious || r.complication === 'none') return undefined;
  if (!r.county_due_on) return { status: 'none', text: '未安排县级随访' };
  const status = followUpStatus({ due_on: r.county_due_on, done_on: r.county_done_on }, today);
  const text = status === 'done' ? `已随访（${r.county_done_on}）` : `${label(FOLLOW_UP_STATUS, status)}（应于 ${r.county_due_on}）`;
  return { status, text };
}

/** The procedures behind one count, for any region (village too) inside the caller's scope, 50 a page. */
export async function complicationPeople(db: Knex, actor: Actor, input: { region?: string; period: Period; filter: ComplicationFilter; page?: number; today: string }): Promise<ComplicationPeople> {
  checkPeriod(input.period);
  const region = await regionInScope(db, actor.scope, input.region ?? actor.scope.code);
  const res = await fetchPage(input.page, (win) => q.complicationPeople(db, actor.scope, { prefix: region.code, period: input.period, filter: input.filter }, win));
  return {
    region: { id: region.id, code: region.code, name: region.name, level: region.level, active: region.active },
    period: input.period,
    periodText: periodWords(input.period),
    filter: input.filter,
    title: filterTitle(input.filter),
    rows: res.rows.map((r) => ({
      ...r,
      kindLabel: label(PROCEDURE_KIND, r.kind),
      complicationLabel: label(COMPLICATION, r.complication),
      countyFollowUp: countyFollowUp(r, input.today),
    })),
    total: res.total,
    pageInfo: res.pageInfo,
  };
}
