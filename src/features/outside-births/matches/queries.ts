/** The register as the matching of outside births reads it, and the match results written back. */
import type { Knex } from 'knex';
import type { BirthMatch } from '../../../domain/codes.ts';

export interface RowToMatch {
  id: number;
  mother_id_number: string | null;
  mother_name: string;
  child_name: string | null;
  sex: 'male' | 'female';
  birth_date: string;
  village_id: number | null;
  village_code: string | null;
  list_region_id: number;
}

const ROW_COLUMNS = `ob.id, ob.mother_id_number, ob.mother_name, ob.child_name, ob.sex, ob.birth_date, ob.village_id, rv.code as village_code, l.region_id as list_region_id`;

/** The rows of one list. */
export async function rowsOfList(db: Knex, listId: number): Promise<RowToMatch[]> {
  const { rows } = await db.raw<{ rows: RowToMatch[] }>(
    `select ${ROW_COLUMNS} from outside_births ob join outside_birth_lists l on l.id = ob.list_id left join regions rv on rv.id = ob.village_id
      where ob.list_id = ? order by ob.row_no`,
    [listId],
  );
  return rows;
}

/** The rows of confirmed lists placed under a region code (a township's or the county's re-match). */
export async function confirmedRowsUnder(db: Knex, code: string): Promise<RowToMatch[]> {
  const { rows } = await db.raw<{ rows: RowToMatch[] }>(
    `select ${ROW_COLUMNS} from outside_births ob join outside_birth_lists l on l.id = ob.list_id and l.status = 'confirmed'
       join regions r on r.id = ob.region_id left join regions rv on rv.id = ob.village_id
      where r.code like ? order by ob.id`,
    [`${code}%`],
  );
  return rows;
}

export interface Mother {
  id: number;
  id_number: string;
  name: string;
  region_id: number;
  village_code: string;
}

/** Women by ID number, active cards first (an exited card is still the mother of her children). */
export async function womenByIdNumbers(db: Knex, ids: string[]): Promise<Mother[]> {
  if (ids.length === 0) return [];
  return db('women as w')
    .join('regions as v', 'v.id', 'w.region_id')
    .whereIn('w.id_number', ids)
    .orderByRaw(`(w.status = 'active') desc, w.id desc`)
    .select('w.id', 'w.id_number', 'w.name', 'w.region_id', 'v.code as village_code');
}

/** Women by name (matching rows without an ID number). */
export async function womenByNames(db: Knex, names: string[]): Promise<Mother[]> {
  if (names.length === 0) return [];
  return db('women as w').join('regions as v', 'v.id', 'w.region_id').whereIn('w.name', names).select('w.id', 'w.id_number', 'w.name', 'w.region_id', 'v.code as village_code');
}

export interface RegisterChildRow {
  id: number;
  woman_id: number;
  region_id: number;
  name: string | null;
  sex: 'male' | 'female';
  birth_date: string;
}

export async function childrenOfWomen(db: Knex, womanIds: number[]): Promise<RegisterChildRow[]> {
  if (womanIds.length === 0) return [];
  return db('children').whereIn('woman_id', womanIds).orderBy(['birth_date', 'id']).select('id', 'woman_id', 'region_id', 'name', 'sex', 'birth_date');
}

export interface MatchResult {
  id: number;
  match_status: BirthMatch;
  woman_id: number | null;
  child_id: number | null;
  register_sex: 'male' | 'female' | null;
  register_birth_date: string | null;
  region_id: number;
}

/** Write the results (one statement for all rows). */
export async function saveMatches(db: Knex, results: MatchResult[], now: Date): Promise<void> {
  for (let i = 0; i < results.length; i += 1000) {
    const chunk = results.slice(i, i + 1000);
    await db.raw(
      `update outside_births ob set match_status = x.match_status, woman_id = x.woman_id, child_id = x.child_id, register_sex = x.register_sex,
              register_birth_date = x.register_birth_date, region_id = x.region_id, matched_at = ?, updated_at = ?
         from jsonb_to_recordset(?::jsonb) as x(id int, match_status text, woman_id int, child_id int, register_sex text, register_birth_date date, region_id int)
        where ob.id = x.id`,
      [now, now, JSON.stringify(chunk)],
    );
  }
}

export async function markListMatched(db: Knex, listIds: number[], now: Date): Promise<void> {
  if (listIds.length) await db('outside_birth_lists').whereIn('id', listIds).update({ matched_at: now, updated_at: now });
}
