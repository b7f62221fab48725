/** The SQL of the 漏报 work list: open not_recorded / unknown_mother rows of confirmed lists in scope. */
import type { Knex } from 'knex';
import type { Scope } from '../../../auth/actor.ts';
import { regionsInScope } from '../../../auth/scope.ts';

export interface MissingRow {
  id: number;
  list_id: number;
  list_name: string;
  source_kind: string;
  row_no: number;
  mother_id_number: string | null;
  mother_name: string;
  child_name: string | null;
  sex: 'male' | 'female';
  birth_date: string;
  facility: string | null;
  certificate_no: string | null;
  match_status: 'not_recorded' | 'unknown_mother';
  woman_id: number | null;
  region_code: string;
  region_name: string;
  total: number;
}

function openItems(db: Knex, scope: Scope, village: string | undefined) {
  return db('outside_births as ob')
    .join('outside_birth_lists as l', function () {
      this.on('l.id', 'ob.list_id').andOnVal('l.status', 'confirmed');
    })
    .join('regions as r', 'r.id', 'ob.region_id')
    .whereIn('ob.match_status', ['not_recorded', 'unknown_mother'])
    .whereNull('ob.explained_at')
    .whereIn('ob.region_id', regionsInScope(db, scope))
    .modify((qb) => {
      if (village) qb.whereLike('r.code', `${village}%`);
    });
}

/** One page of open items, by village then birth date (limit null: all, for the print sheet and the CSV). */
export async function missingPage(db: Knex, scope: Scope, village: string | undefined, page: { limit: number | null; offset: number }): Promise<{ rows: MissingRow[]; total: number }> {
  const rows: MissingRow[] = await openItems(db, scope, village)
    .orderBy([{ column: 'r.code' }, { column: 'ob.birth_date' }, { column: 'ob.id' }])
    .modify((qb) => {
      if (page.limit !== null) qb.limit(page.limit).offset(page.offset);
    })
    .select(
      'ob.id',
      'ob.list_id',
      'l.name as list_name',
      'l.source_kind',
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
      'r.code as region_code',
      'r.name as region_name',
      db.raw('count(*) over ()::int as total'),
    );
  return { rows, total: rows[0]?.total ?? 0 };
}

/** One open item in scope. */
export async function openItem(db: Knex, scope: Scope, id: number): Promise<{ id: number; region_id: number; mother_name: string; birth_date: string; version: number } | undefined> {
  return openItems(db, scope, undefined).where('ob.id', id).first('ob.id', 'ob.region_id', 'ob.mother_name', 'ob.birth_date', 'ob.version');
}

export async function explain(db: Knex, id: number, text: string, userId: number | null, now: Date): Promise<number> {
  return db('outside_births')
    .where({ id })
    .whereNull('explained_at')
    .update({ explanation: text, explained_by: userId, explained_at: now, updated_at: now, version: db.raw('version + 1') });
}
