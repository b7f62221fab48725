/**
 * The complications report's SQL: procedures (services of a PROCEDURE_KIND) performed in the period, grouped by
 * row region, kind, complication and severity; the list behind a count with her county follow-up. Procedures
 * count in the village where they were performed; every query is held to the caller's villages.
 */
import type { Knex } from 'knex';
import type { Scope } from '../../../auth/actor.ts';
import { villagesInScope } from '../../../auth/scope.ts';
import { PROCEDURE_KIND } from '../../../domain/codes.ts';
import type { Period } from '../../../domain/report-periods.ts';
import type { ComplicationFilter } from './schemas.ts';
import type { ComplicationCell, TableRegion } from './table.ts';

const PROCEDURES = Object.keys(PROCEDURE_KIND);

/** Procedures under a region code in the period, grouped per row region (townships or villages), kind, complication, severity. */
export async function complicationCells(db: Knex, scope: Scope, m: { prefix: string; rowLevel: 'township' | 'village' }, period: Period): Promise<ComplicationCell[]> {
  const row = m.rowLevel === 'township' ? 'v.parent_id' : 'v.id';
  return db('services as s')
    .join('regions as v', 'v.id', 's.region_id')
    .where('v.level', 'village')
    .whereLike('v.code', `${m.prefix}%`)
    .whereIn('s.region_id', villagesInScope(db, scope))
    .whereIn('s.kind', PROCEDURES)
    .whereBetween('s.performed_on', [period.from, period.to])
    .groupByRaw(`${row}, s.kind, s.complication, s.complication_serious`)
    .select(db.raw(`${row} as row_id`), 's.kind', 's.complication', 's.complication_serious as serious', db.raw('count(*)::int as n'));
}

/** The rows of the report: the townships of a county, the villages of a township. */
export async function childRegions(db: Knex, parentId: number): Promise<TableRegion[]> {
  return db('regions').where({ parent_id: parentId }).orderBy('code').select('id', 'code', 'name', 'active');
}

export interface ComplicationPersonRow {
  service_id: number;
  woman_id: number;
  woman_name: string;
  id_number: string;
  village_code: string;
  village_name: string;
  performed_on: string;
  kind: string;
  complication: string;
  serious: boolean;
  facility: string | null;
  /** Her county-level follow-up after this procedure (the earliest when there are several), if any. */
  county_follow_up_id: number | null;
  county_due_on: string | null;
  county_done_on: string | null;
  total: number;
}

/** One page of the procedures behind a count, with the total. */
export async function complicationPeople(
  db: Knex,
  scope: Scope,
  input: { prefix: string; period: Period; filter: ComplicationFilter },
  page: { limit: number; offset: number },
): Promise<{ rows: ComplicationPersonRow[]; total: number }> {
  const { filter } = input;
  const q = db('services as s')
    .join('women as w', 'w.id', 's.woman_id')
    .join('regions as v', 'v.id', 's.region_id')
    .joinRaw(
      `left join lateral (select f.id, f.due_on, f.done_on from follow_ups f
                            where f.service_id = s.id and f.level = 'county' order by f.due_on, f.id limit 1) fu on true`,
    )
    .where('v.level', 'village')
    .whereLike('v.code', `${input.prefix}%`)
    .whereIn('s.region_id', villagesInScope(db, scope))
    .whereIn('s.kind', filter.kind ? [filter.kind] : PROCEDURES)
    .whereBetween('s.performed_on', [input.period.from, input.period.to]);
  // 'any' and "serious" both mean a complication was recorded (serious alone with 'none' is no complication).
  if (filter.complication === 'any' || filter.serious) q.whereNot('s.complication', 'none');
  if (filter.complication && filter.complication !== 'any') q.where('s.complication', filter.complication);
  if (filter.serious) q.where('s.complication_serious', true);
  const rows = await pageOf(db, q.clone(), page);
  if (rows.length > 0 || page.offset === 0) return { rows, total: rows[0]?.total ?? 0 };
  // Past the last page the window is empty and carries no total: count, so the caller can show the last page.
  const [c] = await q.clone().count<{ n: number }[]>({ n: '*' });
  return { rows: [], total: Number(c?.n ?? 0) };
}

function pageOf(db: Knex, q: Knex.QueryBuilder, page: { limit: number; offset: number }): Promise<ComplicationPersonRow[]> {
  return q
    .select(
      's.id as service_id',
      's.woman_id',
      'w.name as woman_name',
      'w.id_number',
      'v.code as village_code',
      'v.name as village_name',
      's.performed_on',
      's.kind',
      's.complication',
      's.complication_serious as serious',
      's.facility',
      'fu.id as county_follow_up_id',
      'fu.due_on as county_due_on',
      'fu.done_on as county_done_on',
      db.raw('count(*) over ()::int as total'),
    )
    .orderBy([{ column: 'v.code' }, { column: 's.performed_on' }, { column: 'w.name' }, { column: 's.id' }])
    .limit(page.limit)
    .offset(page.offset);
}
