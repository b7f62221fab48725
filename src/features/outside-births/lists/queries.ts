/** The SQL of outside birth lists: the batch, its rows, the villages a file names. */
import type { Knex } from 'knex';
import type { Scope } from '../../../auth/actor.ts';
import { regionsInScope, villagesInScope } from '../../../auth/scope.ts';
import type { OutsideBirthListsTable, OutsideBirthsTable } from '../../../db/tables.ts';

export type ListRow = Pick<OutsideBirthListsTable, 'id' | 'source_kind' | 'name' | 'period' | 'file_name' | 'region_id' | 'status' | 'row_count' | 'matched_at' | 'confirmed_at' | 'created_at'> & {
  region_name: string;
  region_code: string;
  matched: number;
  differs: number;
  not_recorded: number;
  unknown_mother: number;
};

/** Villages in scope by code. */
export async function villagesByCode(db: Knex, scope: Scope, codes: string[]): Promise<Map<string, number>> {
  if (codes.length === 0) return new Map();
  const rows: { id: number; code: string }[] = await db('regions').whereIn('id', villagesInScope(db, scope)).whereIn('code', codes).select('id', 'code');
  return new Map(rows.map((r) => [r.code, r.id]));
}

export async function insertList(db: Knex, row: Omit<OutsideBirthListsTable, 'id' | 'created_at' | 'updated_at' | 'matched_at' | 'confirmed_at'>): Promise<number> {
  const [r] = await db('outside_birth_lists').insert(row).returning('id');
  return r!.id;
}

export type NewBirthRow = Pick<
  OutsideBirthsTable,
  'list_id' | 'row_no' | 'mother_id_number' | 'mother_name' | 'child_name' | 'sex' | 'birth_date' | 'facility' | 'certificate_no' | 'village_id' | 'region_id'
>;

export async function insertBirths(db: Knex, rows: NewBirthRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 1000) await db('outside_births').insert(rows.slice(i, i + 1000));
}

/** A list's rows per match result, only the rows placed in the scope (`?` = the scope's code prefix). */
const COUNTS = ['matched', 'differs', 'not_recorded', 'unknown_mother']
  .map((k) => `(select count(*) from outside_births ob join regions rr on rr.id = ob.region_id where ob.list_id = l.id and ob.match_status = '${k}' and rr.code like ?)::int as ${k}`)
  .join(', ');
const counts = (db: Knex, scope: Scope) => db.raw(COUNTS, Array<string>(4).fill(`${scope.code}%`));

/** Lists the scope may open: imported in it, or holding rows placed in it (a county list's township rows). */
function visible(db: Knex, scope: Scope) {
  return (qb: Knex.QueryBuilder) =>
    qb.whereIn('l.region_id', regionsInScope(db, scope)).orWhereExists(db('outside_births as ob').whereRaw('ob.list_id = l.id').whereIn('ob.region_id', regionsInScope(db, scope)));
}

const LIST_COLUMNS = [
  'l.id',
  'l.source_kind',
  'l.name',
  'l.period',
  'l.file_name',
  'l.region_id',
  'l.status',
  'l.row_count',
  'l.matched_at',
  'l.confirmed_at',
  'l.created_at',
  'r.name as region_name',
  'r.code as region_code',
];

/** One list, when the scope may open it. */
export async function listInScope(db: Knex, scope: Scope, id: number): Promise<ListRow | undefined> {
  return db('outside_birth_lists as l')
    .join('regions as r', 'r.id', 'l.region_id')
    .where('l.id', id)
    .where(visible(db, scope))
    .first(...LIST_COLUMNS, counts(db, scope));
}

/** The lists in scope, newest first, a page at a time. */
export async function listsInScope(db: Knex, scope: Scope, page: { limit: number; offset: number }): Promise<{ rows: ListRow[]; total: number }> {
  const rows: (ListRow & { total: number })[] = await db('outside_birth_lists as l')
    .join('regions as r', 'r.id', 'l.region_id')
    .where(visible(db, scope))
    .orderBy([
      { column: 'l.created_at', order: 'desc' },
      { column: 'l.id', order: 'desc' },
    ])
    .limit(page.limit)
    .offset(page.offset)
    .select(...LIST_COLUMNS, counts(db, scope), db.raw('count(*) over ()::int as total'));
  return { rows, total: rows[0]?.total ?? 0 };
}

export interface BirthRowView {
  id: number;
  row_no: number;
  mother_id_number: string | null;
  mother_name: string;
  child_name: string | null;
  sex: 'male' | 'female';
  birth_date: string;
  facility: string | null;
  certificate_no: string | null;
  match_status: string | null;
  woman_id: number | null;
  register_sex: string | null;
  register_birth_date: string | null;
  region_name: string;
  total: number;
}

/** A list's rows placed in the caller's scope, in file order; `status` filters by match result. */
export async function rowsOfListInScope(db: Knex, scope: Scope, listId: number, status: string | undefined, page: { limit: number; offset: number }): Promise<{ rows: BirthRowView[]; total: number }> {
  const rows: BirthRowView[] = await db('outside_births as ob')
    .join('regions as r', 'r.id', 'ob.region_id')
    .where('ob.list_id', listId)
    .whereIn('ob.region_id', regionsInScope(db, scope))
    .modify((qb) => {
      if (status) qb.where('ob.match_status', status);
    })
    .orderBy('ob.row_no')
    .limit(page.limit)
    .offset(page.offset)
    .select(
      'ob.id',
      'ob.row_no',
      'ob.mother_id_number',
      'ob.mother_name',
      'ob.child_name',
      'ob.sex',
      'ob.birth_date',
      'ob.facility',
      'ob.certificate_no',
      'ob.match_status',
      'ob.woman_id',
      'ob.register_sex',
      'ob.register_birth_date',
      'r.name as region_name',
      db.raw('count(*) over ()::int as total'),
    );
  return { rows, total: rows[0]?.total ?? 0 };
}

export async function confirmList(db: Knex, id: number, now: Date): Promise<number> {
  return db('outside_birth_lists').where({ id, status: 'draft' }).update({ status: 'confirmed', confirmed_at: now, updated_at: now });
}

export async function deleteDraft(db: Knex, id: number): Promise<number> {
  return db('outside_birth_lists').where({ id, status: 'draft' }).delete();
}
