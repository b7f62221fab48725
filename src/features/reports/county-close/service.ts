/**
 * The county's month up the chain (issue 19 §1): once the county supervisor has accepted every township's month,
 * she submits the county's month (with a snapshot of its figures) to the region above — the city, or the province
 * where there is no city — whose supervisor accepts it or returns it with a reason. A county at the root of the
 * deployment has no step above. Each step is one transaction with its audit row; the rules are
 * src/domain/county-month-workflow.ts.
 */
import type { Knex } from 'knex';
import type { Actor } from '../../../auth/actor.ts';
import { COUNTY_PERIOD_STATUS, type CountyPeriodStatus } from '../../../domain/codes.ts';
import { countyMonthTransition, countySubmitProblems, type CountyMonthAction } from '../../../domain/county-month-workflow.ts';
import { chinaDate, monthLabel } from '../../../domain/dates.ts';
import { can } from '../../../domain/permissions.ts';
import { monthIsOver, monthPeriod } from '../../../domain/report-periods.ts';
import { NotFoundError, ValidationError } from '../../../errors.ts';
import { pageInfo, type PageInfo } from '../../../pagination.ts';
import { recordAudit } from '../../audit/service.ts';
import { getRegion, regionInScope, type RegionRow } from '../../regions/service.ts';
import { townshipStatuses } from '../close/service.ts';
import { reportJson } from '../engine/json.ts';
import { computeReport } from '../engine/service.ts';
import * as q from './queries.ts';

const AUDIT_ACTION: Record<CountyMonthAction, string> = { submit: 'county_period.submit', accept: 'county_period.accept', return: 'county_period.return' };

export interface CountyMonthLine {
  county: { id: number; code: string; name: string };
  parentName: string | null;
  status: CountyPeriodStatus;
  label: string;
  submittedAt: Date | null;
  submittedBy: string | null;
  acceptedAt: Date | null;
  acceptedBy: string | null;
  returnedAt: Date | null;
  returnedBy: string | null;
  comment: string | null;
  townships: number;
  townshipsAccepted: number;
  /** The actor may submit it (her own county, with a region above) / accept or return it (she is the region above). */
  maySubmit: boolean;
  mayDecide: boolean;
}

export interface CountyMonthsPage {
  month: string;
  region: { code: string; name: string; level: string };
  /** This page's counties (50 a page) and the window over all of them. */
  lines: CountyMonthLine[];
  pageInfo: PageInfo;
  /** Every county's count by status (the whole list, not the page). */
  counts: Record<CountyPeriodStatus, number>;
  /** For a county: what stops its submission (empty when it may submit). */
  blockers: string[];
}

function lineOf(actor: Actor, r: q.CountyStatusRow): CountyMonthLine {
  const status = (r.status ?? 'not_submitted') as CountyPeriodStatus;
  return {
    county: { id: r.county_id, code: r.code, name: r.name },
    parentName: r.parent_name,
    status,
    label: COUNTY_PERIOD_STATUS[status],
    submittedAt: r.submitted_at,
    submittedBy: r.submitted_name,
    acceptedAt: r.accepted_at,
    acceptedBy: r.accepted_name,
    returnedAt: r.returned_at,
    returnedBy: r.returned_name,
    comment: r.comment,
    townships: r.townships,
    townshipsAccepted: r.townships_accepted,
    maySubmit: can(actor, 'reports.submit_county') && r.county_id === actor.scope.regionId && r.parent_id !== null,
    mayDecide: can(actor, 'reports.accept_county') && r.parent_id === actor.scope.regionId,
  };
}

/** The status page: the actor's own county, or every county of her city or province, for a month. */
export async function countyMonthsPage(db: Knex, actor: Actor, month: string, now: Date, page = 1): Promise<CountyMonthsPage> {
  const region = await getRegion(db, actor.scope.regionId);
  const all = (await q.countyStatuses(db, region.code, month)).map((r) => lineOf(actor, r));
  const window = pageInfo(all.length, page);
  const counts: Record<CountyPeriodStatus, number> = { not_submitted: 0, submitted: 0, accepted: 0, returned: 0 };
  for (const l of all) counts[l.status] += 1;
  const blockers = region.level === 'county' && can(actor, 'reports.submit_county') ? await submitProblems(db, region, month, now) : [];
  return { month, region: { code: region.code, name: region.name, level: region.level }, lines: all.slice(window.offset, window.offset + window.limit), pageInfo: window, counts, blockers };
}

async function submitProblems(db: Knex, county: RegionRow, month: string, now: Date): Promise<string[]> {
  if (!monthIsOver(month, chinaDate(now))) return [`${monthLabel(month)}尚未结束，月末之后才能上报。`];
  const townships = await townshipStatuses(db, county, month, now);
  return countySubmitProblems({ hasParent: county.parent_id !== null, townships: townships.filter((t) => t.township.code.length === 9).map((t) => ({ name: t.township.name, status: t.status })) });
}

async function countyOf(db: Knex, actor: Actor, code: string): Promise<RegionRow> {
  const county = await regionInScope(db, actor.scope, code);
  if (county.level !== 'county') throw new NotFoundError('未找到该县，或不在您的管辖范围内。');
  return county;
}

async function transition(db: Knex, actor: Actor, county: RegionRow, month: string, action: CountyMonthAction, patch: (trx: Knex.Transaction) => Promise<Record<string, unknown>>, reason?: string) {
  return db.transaction(async (trx) => {
    await q.ensureCountyPeriod(trx, county.id, month);
    const before = (await q.findCountyPeriod(trx, county.id, month, true))!;
    const t = countyMonthTransition(before.status, action);
    if ('error' in t) throw ValidationError.form(t.error);
    const after = await q.updateCountyPeriod(trx, before.id, { status: t.to, ...(await patch(trx)) });
    await recordAudit(trx, actor, {
      action: AUDIT_ACTION[action],
      entity: 'county_period',
      entityId: after.id,
      regionId: county.id,
      before: { county: county.code, month, status: before.status },
      after: { county: county.code, month, status: after.status, comment: after.comment ?? undefined },
      reason: reason ?? null,
    });
    return after;
  });
}

/** The county supervisor submits her county's month to the region above (refused with the reasons in Chinese). */
export async function submitCountyMonth(db: Knex, actor: Actor, code: string, month: string, now: Date): Promise<q.CountyPeriodRow> {
  const county = await countyOf(db, actor, code);
  if (county.id !== actor.scope.regionId) throw new NotFoundError('未找到该县，或不在您的管辖范围内。');
  const problems = await submitProblems(db, county, month, now);
  if (problems.length) throw new ValidationError({}, [`${county.name}${monthLabel(month)}月报不能上报：`, ...problems]);
  return transition(db, actor, county, month, 'submit', async (trx) => ({
    snapshot: JSON.stringify(reportJson(await computeReport(trx, county, monthPeriod(month)))),
    submitted_by: actor.userId || null,
    submitted_at: now,
    first_submitted_at: q.firstSubmittedAt(trx, now),
    comment: null,
  }));
}

/** The county's parent region, and the actor must be at it (a province cannot accept a county that has a city). */
async function countyBelowActor(db: Knex, actor: Actor, code: string): Promise<RegionRow> {
  const county = await countyOf(db, actor, code);
  if (county.parent_id !== actor.scope.regionId) {
    const parent = county.parent_id ? await getRegion(db, county.parent_id) : undefined;
    throw ValidationError.form(`${county.name}的月报由${parent ? parent.name : '其上级'}接收或退回。`);
  }
  return county;
}

export async function acceptCountyMonth(db: Knex, actor: Actor, code: string, month: string, now: Date): Promise<q.CountyPeriodRow> {
  const county = await countyBelowActor(db, actor, code);
  return transition(db, actor, county, month, 'accept', async () => ({ accepted_by: actor.userId || null, accepted_at: now }));
}

export async function returnCountyMonth(db: Knex, actor: Actor, code: string, month: string, comment: string, now: Date): Promise<q.CountyPeriodRow> {
  const reason = comment.trim();
  if (!reason) throw ValidationError.field('comment', '请填写退回原因');
  const county = await countyBelowActor(db, actor, code);
  return transition(db, actor, county, month, 'return', async () => ({ returned_by: actor.userId || null, returned_at: now, comment: reason, accepted_at: null }), reason);
}
