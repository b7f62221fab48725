/**
 * The JSON API's rules: a bearer token names a client (by its sha256; a revoked client names nothing), the client
 * acts as an actor scoped to its region, calls are counted per client per minute in PostgreSQL, and every call is
 * logged (api_calls, kept RETENTION_DAYS). The figures, tables, month-close status and exchange packages come from
 * the reports and floating features' public services: the same numbers as the pages, no SQL of their own.
 */
import type { Knex } from 'knex';
import type { Actor } from '../../../auth/actor.ts';
import type { PgRateLimitStore } from '../../../db/rate-limit-store.ts';
import { chinaDate, type IsoDate } from '../../../domain/dates.ts';
import { FIGURE_LABEL } from '../../../domain/figure-labels.ts';
import type { Figures } from '../../../domain/indicators.ts';
import { lastMonth, monthPeriod, statisticalPeriod, statisticalYearOf, TIMELINESS_LABEL, type Period } from '../../../domain/report-periods.ts';
import { NotFoundError } from '../../../errors.ts';
import { commitImport, exportPackage, planImport, type ImportPlan } from '../../floating/service.ts';
import { computeReport, LAYOUTS, reportJson, reportRegion, townshipStatuses, type Report } from '../../reports/service.ts';
import { getRegion } from '../../regions/service.ts';
import { tokenHash } from '../clients/service.ts';
import * as q from './queries.ts';
import type { TokenClient } from './queries.ts';

export type { TokenClient } from './queries.ts';

export const RETENTION_DAYS = 90;
const PRUNE_EVERY = 500;
let callsSincePrune = 0;

/** The client a bearer token names, or undefined (unknown, revoked, malformed). */
export async function authenticate(db: Knex, token: string | undefined): Promise<TokenClient | undefined> {
  if (!token || token.length < 16 || token.length > 200) return undefined;
  return q.clientByHash(db, tokenHash(token));
}

/** The client as an actor: its region (a province, city, county, township or village) is its scope; audit rows name it `api:<token prefix>`. */
export function clientActor(c: TokenClient, ip?: string): Actor {
  const level = c.region_level;
  return {
    userId: 0,
    username: `api:${c.token_prefix}`,
    displayName: c.name,
    role: 'supervisor',
    level,
    regionId: c.region_id,
    regionCode: c.region_code,
    regionName: c.region_name,
    ip,
    scope: { level, regionId: c.region_id, code: c.region_code },
  };
}

/** Count a call against the client's limit; `retryAfter` (seconds) when the minute's calls are used up. */
export async function countCall(store: PgRateLimitStore, client: TokenClient, now: Date): Promise<{ ok: true } | { ok: false; retryAfter: number }> {
  const { totalHits, resetTime } = await store.increment(`client:${client.id}`);
  if (totalHits <= client.rate_limit_per_minute) return { ok: true };
  return { ok: false, retryAfter: Math.max(1, Math.ceil(((resetTime?.getTime() ?? now.getTime()) - now.getTime()) / 1000)) };
}

/** One row of the call log (and the client's last use); now and then, rows past the retention go. */
export async function logCall(db: Knex, entry: { clientId: number | null; method: string; path: string; status: number; ms: number }, now: Date): Promise<void> {
  const method = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'].includes(entry.method) ? entry.method : 'GET';
  await q.insertCall(db, { client_id: entry.clientId, at: now, method: method as 'GET', path: entry.path.slice(0, 500) || '/', status: entry.status, ms: Math.max(0, Math.round(entry.ms)) });
  if (entry.clientId) await q.touchClient(db, entry.clientId, now);
  if (++callsSincePrune >= PRUNE_EVERY) {
    callsSincePrune = 0;
    await q.pruneCalls(db, new Date(now.getTime() - RETENTION_DAYS * 86_400_000));
  }
}

/** Remove the call log's rows older than the retention (also done as calls come in). */
export const pruneCallLog = (db: Knex, now: Date) => q.pruneCalls(db, new Date(now.getTime() - RETENTION_DAYS * 86_400_000));

export const defaultMonth = (now: Date) => lastMonth(chinaDate(now));

/** The report of a region in the token's scope (county or township) for a month or a period, with the figures' names. */
export async function figures(db: Knex, actor: Actor, input: { region?: string; month?: string; from?: string; to?: string }) {
  const region = await reportRegion(db, actor, input.region);
  const period: Period = input.month ? monthPeriod(input.month) : { from: input.from!, to: input.to! };
  const report = await computeReport(db, region, period);
  return { ...reportJson(report), labels: FIGURE_LABEL };
}

type TableKey = 'monthly' | 'table1' | 'table2';

/** An official table as JSON: its columns in the official order, its rows and total (and 城镇/农村 for 统1/统2表). */
export async function officialTable(db: Knex, actor: Actor, table: TableKey, input: { region?: string; month?: string; year?: number; half: boolean }, now: Date) {
  const region = await reportRegion(db, actor, input.region);
  const layout = LAYOUTS[table];
  let period: Period;
  let heading = layout.heading;
  if (table === 'monthly') period = monthPeriod(input.month ?? defaultMonth(now));
  else {
    const year = input.year ?? statisticalYearOf(monthPeriod(defaultMonth(now)).to);
    period = statisticalPeriod(year, input.half);
    heading = `${input.half ? '半年度' : '年度'}${table === 'table1' ? '人口与出生情况' : '节育情况'}`;
  }
  const columns = layout.parts.flatMap((p) => p.groups.flatMap((g) => g.columns.map((c) => ({ part: p.title, group: g.label, key: c.key, label: c.label }))));
  const pick = (f: Figures) => Object.fromEntries(columns.map((c) => [c.key, f[c.key]]));
  const body = (r: Report) => ({ rows: r.rows.map((row) => ({ region: { code: row.region.code, name: row.region.name }, figures: pick(row.figures) })), total: { figures: pick(r.total) } });
  const report = await computeReport(db, region, period);
  const out = {
    table,
    table_no: layout.tableNo,
    heading,
    unit: layout.unit,
    official: layout.official ?? null,
    region: { code: report.region.code, name: report.region.name, level: report.region.level },
    period,
    columns,
    ...body(report),
  };
  if (table === 'monthly') return out;
  const [urban, rural] = await Promise.all([computeReport(db, region, period, 'urban'), computeReport(db, region, period, 'rural')]);
  return { ...out, urban: body(urban), rural: body(rural) };
}

/** Each township's month-close status in the token's region; for a county token, the county's summary too. */
export async function monthClose(db: Knex, actor: Actor, month: string, now: Date) {
  const region = await getRegion(db, actor.scope.regionId);
  const statuses = await townshipStatuses(db, region, month, now);
  const townships = statuses.map((s) => ({
    code: s.township.code,
    name: s.township.name,
    status: s.status,
    status_label: s.label,
    timeliness: s.timeliness,
    timeliness_label: TIMELINESS_LABEL[s.timeliness],
    deadline: s.deadline,
    first_submitted_at: s.period?.first_submitted_at ?? null,
    accepted_at: s.period?.accepted_at ?? null,
  }));
  const count = (status: string) => townships.filter((t) => t.status === status).length;
  return {
    month,
    region: { code: region.code, name: region.name, level: region.level },
    ...(region.level === 'county'
      ? {
          county: {
            code: region.code,
            name: region.name,
            townships: townships.length,
            open: count('open'),
            submitted: count('submitted'),
            accepted: count('accepted'),
            returned: count('returned'),
            all_accepted: townships.length > 0 && count('accepted') === townships.length,
          },
        }
      : {}),
    townships,
  };
}

/** Exchange packages are the county's: a township token has none (404, like anything outside its region). */
function countyOnly(actor: Actor) {
  if (actor.scope.level !== 'county') throw new NotFoundError('协查交换包按县交换：该令牌的区划不是县。');
}

export async function exportForPartner(db: Knex, actor: Actor, partner: string, today: IsoDate) {
  countyOnly(actor);
  return exportPackage(db, actor, partner, today);
}

/** Dry run (nothing written) or import, all or nothing; what the package held or did. */
export async function importPackage(db: Knex, actor: Actor, bytes: Buffer, dryRun: boolean) {
  countyOnly(actor);
  const plan: ImportPlan = dryRun ? await planImport(db, actor, bytes) : await commitImport(db, actor, bytes);
  return {
    dry_run: dryRun,
    imported: !dryRun,
    package_id: plan.body.package_id,
    from_county: plan.body.from_county,
    partner: plan.partnerName,
    queries: plan.queries.map((x) => ({ ref: x.ref, kind: x.kind, woman_name: x.woman_name, to: x.to_name, due_on: x.due_on })),
    answers: plan.answers.map((a) => ({ ref: a.ref, result_code: a.result_code, answered_on: a.answered_on, woman_name: a.woman_name, already_answered: a.already })),
  };
}
