/** SQL of the village's reported events: the register picker, the report rows and the village's list. */
import type { Knex } from 'knex';
import type { Scope } from '../../../auth/actor.ts';
import { villagesInScope } from '../../../auth/scope.ts';
import type { IsoDate } from '../../../domain/dates.ts';
import type { ReportedEventKind, ReportedEventStatus } from '../../../domain/codes.ts';

export interface PickableWoman {
  id: number;
  name: string;
  id_number: string;
  birth_date: IsoDate;
  region_id: number;
  village_name: string;
}

/** Active women of the caller's villages whose name contains q (the report form's picker), by name. */
export async function pickableWomen(db: Knex, scope: Scope, q: string | undefined, limit: number): Promise<PickableWoman[]> {
  const query = db('women as w')
    .join('regions as v', 'v.id', 'w.region_id')
    .whereIn('w.region_id', villagesInScope(db, scope))
    .andWhere('w.status', 'active')
    .select('w.id', 'w.name', 'w.id_number', 'w.birth_date', 'w.region_id', 'v.name as village_name')
    .orderBy([{ column: 'w.name' }, { column: 'w.id' }])
    .limit(limit);
  if (q) query.andWhereLike('w.name', `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  return query;
}

/** One active woman of the caller's villages, or undefined (missing, exited or out of scope). */
export async function womanInScope(db: Knex, scope: Scope, id: number): Promise<PickableWoman | undefined> {
  return db('women as w')
    .join('regions as v', 'v.id', 'w.region_id')
    .whereIn('w.region_id', villagesInScope(db, scope))
    .andWhere({ 'w.id': id, 'w.status': 'active' })
    .first('w.id', 'w.name', 'w.id_number', 'w.birth_date', 'w.region_id', 'v.name as village_name');
}

export interface ReportInsert {
  kind: ReportedEventKind;
  region_id: number;
  woman_id: number | null;
  person_name: string | null;
  id_number: string | null;
  event_date: IsoDate;
  lmp_date: IsoDate | null;
  child_sex: 'male' | 'female' | null;
  destination: string | null;
  note: string | null;
  reported_by: number;
}

export async function insertReport(db: Knex, row: ReportInsert): Promise<{ id: number }> {
  const [r] = await db('reported_events').insert(row).returning('id');
  return r as { id: number };
}

export interface ReportRow {
  id: number;
  kind: ReportedEventKind;
  status: ReportedEventStatus;
  region_id: number;
  village_code: string;
  village_name: string;
  township_name: string;
  woman_id: number | null;
  woman_name: string | null;
  woman_id_number: string | null;
  woman_version: number | null;
  person_name: string | null;
  id_number: string | null;
  event_date: IsoDate;
  lmp_date: IsoDate | null;
  child_sex: string | null;
  destination: string | null;
  note: string | null;
  reported_by: number;
  reported_by_name: string;
  reported_at: Date;
  decided_by_name: string | null;
  decided_at: Date | null;
  return_reason: string | null;
  result_entity: string | null;
  result_id: number | null;
  version: number;
}

/** The reports of the caller's villages with their woman, village and people (scope on the report's village). */
export function reportsInScope(db: Knex, scope: Scope): Knex.QueryBuilder {
  return db('reported_events as r')
    .join('regions as v', 'v.id', 'r.region_id')
    .join('regions as t', 't.id', 'v.parent_id')
    .leftJoin('women as w', 'w.id', 'r.woman_id')
    .join('users as u', 'u.id', 'r.reported_by')
    .leftJoin('users as d', 'd.id', 'r.decided_by')
    .whereIn('r.region_id', villagesInScope(db, scope));
}

const COLUMNS = [
  'r.*',
  'v.code as village_code',
  'v.name as village_name',
  't.name as township_name',
  'w.name as woman_name',
  'w.id_number as woman_id_number',
  'w.version as woman_version',
  'u.display_name as reported_by_name',
  'd.display_name as decided_by_name',
];

export async function reportById(db: Knex, scope: Scope, id: number, lock = false): Promise<ReportRow | undefined> {
  const q = reportsInScope(db, scope).where('r.id', id).first(COLUMNS);
  if (lock) q.forUpdate('r');
  return q as Promise<ReportRow | undefined>;
}

/** A page of reports: newest first for the village's own list, oldest first for the township's queue. */
export async function listReports(
  db: Knex,
  scope: Scope,
  f: { status?: ReportedEventStatus; order: 'newest' | 'oldest' },
  page: { limit: number; offset: number },
): Promise<{ rows: ReportRow[]; total: number }> {
  const base = reportsInScope(db, scope);
  if (f.status) base.andWhere('r.status', f.status);
  const [{ total }] = (await base.clone().count({ total: '*' })) as { total: number }[];
  const dir = f.order === 'newest' ? 'desc' : 'asc';
  const rows = (await base
    .select(COLUMNS)
    .orderBy([
      { column: 'r.reported_at', order: dir },
      { column: 'r.id', order: dir },
    ])
    .limit(page.limit)
    .offset(page.offset)) as ReportRow[];
  return { rows, total };
}

/** Reports by status in the caller's area (the home panels' counts). */
export async function countByStatus(db: Knex, scope: Scope): Promise<Record<ReportedEventStatus, number>> {
  const rows = (await db('reported_events').whereIn('region_id', villagesInScope(db, scope)).groupBy('status').select('status').count({ n: '*' })) as { status: ReportedEventStatus; n: number }[];
  const out = { pending: 0, confirmed: 0, returned: 0 };
  for (const r of rows) out[r.status] = r.n;
  return out;
}

export async function markDecided(
  db: Knex,
  id: number,
  change: {
    status: 'confirmed' | 'returned';
    decided_by: number | null;
    decided_at: Date;
    return_reason?: string | null;
    result_entity?: 'pregnancy' | 'child' | 'woman' | null;
    result_id?: number | null;
  },
): Promise<void> {
  await db('reported_events')
    .where({ id, status: 'pending' })
    .update({ ...change, version: db.raw('version + 1') });
}
