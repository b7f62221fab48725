/**
 * SQL of the 协查 queue. Scope: a query is the caller's when its receiving region (to_region_id) or its sending
 * township (from_township_id) lies inside the caller's region; the inbox is the first, the sent box the second.
 */
import type { Knex } from 'knex';
import type { Scope } from '../../../auth/actor.ts';
import { regionsInScope, villagesInScope } from '../../../auth/scope.ts';
import type { IsoDate } from '../../../domain/dates.ts';
import { countOf } from '../verifications/queries.ts';
import type { FloatingQueriesTable } from '../../../db/tables.ts';

export type FloatingQueryRow = FloatingQueriesTable;

export interface QueryListRow extends FloatingQueryRow {
  from_name: string | null;
  to_name: string | null;
  to_code: string | null;
  to_township_name: string | null;
  partner_name: string | null;
}

export type Box = 'inbox' | 'sent';
export type StateFilter = 'open' | 'pending' | 'overdue' | 'answered' | 'all';

export interface QueryListQuery {
  box: Box;
  state: StateFilter;
  today: IsoDate;
}

function inBox(db: Knex, scope: Scope, box: Box) {
  return (b: Knex.QueryBuilder) => (box === 'inbox' ? b.whereIn('q.to_region_id', regionsInScope(db, scope)) : b.whereIn('q.from_township_id', regionsInScope(db, scope)));
}

function listBase(db: Knex) {
  return (
    db('floating_queries as q')
      .leftJoin('regions as fr', 'fr.id', 'q.from_township_id')
      .leftJoin('regions as tr', 'tr.id', 'q.to_region_id')
      .leftJoin('regions as tt', 'tt.id', 'tr.parent_id')
      // The partner of the query's own county: the sending township's, or the receiving village's.
      .leftJoin('exchange_partners as p', (j) =>
        j.on(db.raw('p.county_code = coalesce(q.to_county_code, q.from_county_code)')).andOn(db.raw('p.owner_county_code = left(coalesce(fr.code, tr.code), 6)')),
      )
  );
}

const COLUMNS = ['q.*', 'fr.name as from_name', 'tr.name as to_name', 'tr.code as to_code', 'tt.name as to_township_name', 'p.name as partner_name'];

export async function queryPage(db: Knex, scope: Scope, f: QueryListQuery, page: { limit: number; offset: number }): Promise<{ rows: QueryListRow[]; total: number }> {
  const q = listBase(db).where(inBox(db, scope, f.box));
  if (f.state === 'open') q.whereNull('q.answered_on');
  if (f.state === 'pending') q.whereNull('q.answered_on').andWhere('q.due_on', '>=', f.today);
  if (f.state === 'overdue') q.whereNull('q.answered_on').andWhere('q.due_on', '<', f.today);
  if (f.state === 'answered') q.whereNotNull('q.answered_on');
  const rows = (await q
    .clone()
    .select(COLUMNS)
    .select(db.raw('count(*) over () as total'))
    .orderBy([{ column: 'q.due_on' }, { column: 'q.id' }])
    .limit(page.limit)
    .offset(page.offset)) as (QueryListRow & { total: number })[];
  return { rows, total: rows[0]?.total ?? (page.offset > 0 ? await countOf(db, q) : 0) };
}

/** Counts of a box on a day: open, overdue, answered. */
export async function boxCounts(db: Knex, scope: Scope, box: Box, today: IsoDate): Promise<{ open: number; overdue: number; answered: number }> {
  const row = (await db('floating_queries as q')
    .where(inBox(db, scope, box))
    .first(
      db.raw('count(*) filter (where q.answered_on is null)::int as open'),
      db.raw('count(*) filter (where q.answered_on is null and q.due_on < ?::date)::int as overdue', [today]),
      db.raw('count(*) filter (where q.answered_on is not null)::int as answered'),
    )) as { open: number; overdue: number; answered: number } | undefined;
  return row ?? { open: 0, overdue: 0, answered: 0 };
}

/** One query the caller may see (in either box), with forUpdate inside a transaction. */
export async function queryInScope(db: Knex, scope: Scope, id: number, lock = false): Promise<QueryListRow | undefined> {
  const q = listBase(db)
    .where('q.id', id)
    .andWhere((b) => b.whereIn('q.to_region_id', regionsInScope(db, scope)).orWhereIn('q.from_township_id', regionsInScope(db, scope)))
    .first(COLUMNS);
  if (lock) q.forUpdate('q');
  return (await q) as QueryListRow | undefined;
}

export interface WomanForQuery {
  id: number;
  name: string;
  id_number: string;
  region_id: number;
  township_id: number;
  /** Her village's code (its first 6 digits are her county: the 协查 reference's prefix). */
  village_code: string;
}

/** A woman on the register (active) in the caller's villages, by her ID number. */
export async function womanByIdNumber(db: Knex, scope: Scope, idNumber: string): Promise<WomanForQuery | undefined> {
  return db('women as w')
    .join('regions as v', 'v.id', 'w.region_id')
    .where('w.id_number', idNumber)
    .andWhere('w.status', 'active')
    .whereIn('w.region_id', villagesInScope(db, scope))
    .first('w.id', 'w.name', 'w.id_number', 'w.region_id', 'v.parent_id as township_id', 'v.code as village_code');
}

export async function womanById(db: Knex, scope: Scope, id: number): Promise<WomanForQuery | undefined> {
  return db('women as w')
    .join('regions as v', 'v.id', 'w.region_id')
    .where('w.id', id)
    .andWhere('w.status', 'active')
    .whereIn('w.region_id', villagesInScope(db, scope))
    .first('w.id', 'w.name', 'w.id_number', 'w.region_id', 'v.parent_id as township_id', 'v.code as village_code');
}

/** The active villages of a county outside a township (the send form's choices: one county's, however big the deployment). */
export async function villagesOutside(db: Knex, countyCode: string, townshipCode: string): Promise<{ id: number; code: string; name: string; township_name: string }[]> {
  return db('regions as v')
    .join('regions as t', 't.id', 'v.parent_id')
    .where('v.level', 'village')
    .andWhere('v.active', true)
    .andWhere('t.code', 'like', `${countyCode}%`)
    .andWhereNot('t.code', townshipCode)
    .orderBy('v.code')
    .select('v.id', 'v.code', 'v.name', 't.name as township_name');
}

/** The deployment's active counties (a city or province deployment holds several). */
export async function activeCounties(db: Knex): Promise<{ code: string; name: string }[]> {
  return db('regions').where({ level: 'county', active: true }).orderBy('code').select('code', 'name');
}

export async function villageByCode(db: Knex, code: string): Promise<{ id: number; code: string; parent_id: number | null } | undefined> {
  return db('regions').where({ code, level: 'village', active: true }).first('id', 'code', 'parent_id');
}

export async function dueDays(db: Knex, kind: FloatingQueriesTable['kind']): Promise<number> {
  const row = await db('floating_query_kinds').where({ kind }).first('due_days');
  return row?.due_days ?? 15;
}

/** The active partners of one county of the deployment. */
export async function activePartners(db: Knex, owner: string): Promise<{ county_code: string; name: string }[]> {
  return db('exchange_partners').where({ owner_county_code: owner, active: true }).orderBy('county_code').select('county_code', 'name');
}

export async function insertQuery(db: Knex, row: Omit<FloatingQueriesTable, 'id' | 'created_at' | 'updated_at' | 'version'>): Promise<FloatingQueryRow> {
  const [out] = await db('floating_queries').insert(row).returning('*');
  return out!;
}

export async function saveAnswer(
  db: Knex,
  id: number,
  a: { answered_on: IsoDate; answer: string; result_code: FloatingQueriesTable['result_code']; answered_by: number | null },
): Promise<FloatingQueryRow> {
  const [out] = await db('floating_queries')
    .where({ id })
    .update({ ...a, version: db.raw('version + 1') })
    .returning('*');
  return out!;
}

/** The queries about one woman that the caller may see (either side), newest first. */
export async function queriesOfWoman(db: Knex, scope: Scope, womanId: number): Promise<QueryListRow[]> {
  return (await listBase(db)
    .where('q.woman_id', womanId)
    .andWhere((b) => b.whereIn('q.to_region_id', regionsInScope(db, scope)).orWhereIn('q.from_township_id', regionsInScope(db, scope)))
    .orderBy([
      { column: 'q.sent_on', order: 'desc' },
      { column: 'q.id', order: 'desc' },
    ])
    .limit(20)
    .select(COLUMNS)) as QueryListRow[];
}
