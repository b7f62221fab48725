/**
 * SQL for the card itself (the women table). Reads that serve a user take the scope: a card outside it is
 * simply not found. Writes are by id after the service has checked scope under a row lock.
 */
import type { Knex } from 'knex';
import type { Scope } from '../../../auth/actor.ts';
import type { CardRow, WomanRow } from './rows.ts';

function cards(db: Knex) {
  return db('women as w')
    .join('regions as v', 'v.id', 'w.region_id')
    .join('regions as t', 't.id', 'v.parent_id')
    .leftJoin('users as u', 'u.id', 'w.updated_by')
    .select<CardRow[]>('w.*', 'v.code as village_code', 'v.name as village_name', 't.id as township_id', 't.code as township_code', 't.name as township_name', 'u.display_name as updated_by_name');
}

/** A card inside the scope, or undefined (missing and out of scope look the same). */
export async function findCardInScope(db: Knex, scope: Scope, id: number): Promise<CardRow | undefined> {
  return cards(db).where('w.id', id).andWhereLike('v.code', `${scope.code}%`).first();
}

/** A card by id regardless of scope (services check scope themselves, e.g. for transfers between townships). */
export async function findCard(db: Knex, id: number): Promise<CardRow | undefined> {
  return cards(db).where('w.id', id).first();
}

/** The woman's row by id, regardless of scope (callers checked it, or are system code). */
export async function womanById(db: Knex, id: number): Promise<WomanRow | undefined> {
  return db('women').where({ id }).first();
}

/** Lock the woman's row for the rest of the transaction: every change to her card is serialised. */
export async function lockWoman(trx: Knex, id: number): Promise<WomanRow | undefined> {
  return trx('women').where({ id }).forUpdate().first();
}

export type WomanInsert = Omit<WomanRow, 'id' | 'version' | 'created_at' | 'updated_at' | 'status' | 'exit_reason' | 'exit_date' | 'exit_note'>;

export async function insertWoman(db: Knex, row: WomanInsert): Promise<WomanRow> {
  const [created] = await db('women').insert(row).returning('*');
  return created;
}

/** Update only if the version is the one read; undefined means someone else saved first. */
export async function updateWoman(db: Knex, id: number, version: number, patch: Partial<WomanRow>): Promise<WomanRow | undefined> {
  const [row] = await db('women')
    .where({ id, version })
    .update({ ...patch, version: db.raw('version + 1') })
    .returning('*');
  return row;
}

/** Update without a version check (system changes inside a transaction that holds the row lock). */
export async function patchWoman(db: Knex, id: number, patch: Partial<WomanRow>): Promise<WomanRow> {
  const [row] = await db('women')
    .where({ id })
    .update({ ...patch, version: db.raw('version + 1') })
    .returning('*');
  return row;
}

export interface ActiveCardRef {
  id: number;
  name: string;
  id_number: string;
  village_code: string;
  village_name: string;
  township_name: string;
}

/** Active cards with this ID number anywhere in the database (the duplicate guard looks everywhere). */
export async function activeCardsByIdNumber(db: Knex, idNumber: string, exceptId?: number): Promise<ActiveCardRef[]> {
  const q = db('women as w')
    .join('regions as v', 'v.id', 'w.region_id')
    .join('regions as t', 't.id', 'v.parent_id')
    .where({ 'w.id_number': idNumber, 'w.status': 'active' })
    .select('w.id', 'w.name', 'w.id_number', 'v.code as village_code', 'v.name as village_name', 't.name as township_name');
  if (exceptId) q.whereNot('w.id', exceptId);
  return q;
}

export interface VillageRef {
  id: number;
  code: string;
  name: string;
  active: boolean;
  township_id: number;
  township_code: string;
  township_name: string;
}

export async function villageByCode(db: Knex, code: string): Promise<VillageRef | undefined> {
  return db('regions as v')
    .join('regions as t', 't.id', 'v.parent_id')
    .where({ 'v.code': code, 'v.level': 'village' })
    .select<VillageRef[]>('v.id', 'v.code', 'v.name', 'v.active', 't.id as township_id', 't.code as township_code', 't.name as township_name')
    .first();
}

export async function villageById(db: Knex, id: number): Promise<VillageRef | undefined> {
  return db('regions as v')
    .join('regions as t', 't.id', 'v.parent_id')
    .where({ 'v.id': id, 'v.level': 'village' })
    .select<VillageRef[]>('v.id', 'v.code', 'v.name', 'v.active', 't.id as township_id', 't.code as township_code', 't.name as township_name')
    .first();
}

/** Display names of users by id (one query for a page's worth of audit rows or records). */
export async function userNames(db: Knex, ids: (number | null)[]): Promise<Map<number, string>> {
  const wanted = [...new Set(ids.filter((x): x is number => !!x))];
  if (wanted.length === 0) return new Map();
  const rows: { id: number; display_name: string }[] = await db('users').whereIn('id', wanted).select('id', 'display_name');
  return new Map(rows.map((r) => [r.id, r.display_name]));
}

/** Villages by code (one query for a whole import file); unknown codes are simply absent. */
export async function villagesByCodes(db: Knex, codes: string[]): Promise<VillageRef[]> {
  if (codes.length === 0) return [];
  return db('regions as v')
    .join('regions as t', 't.id', 'v.parent_id')
    .where('v.level', 'village')
    .whereRaw('v.code = any(?::text[])', [codes])
    .select('v.id', 'v.code', 'v.name', 'v.active', 't.id as township_id', 't.code as township_code', 't.name as township_name');
}

/** Active cards holding any of these ID numbers, anywhere (the duplicate guard of a bulk import). */
export async function activeCardsByIdNumbers(db: Knex, idNumbers: string[]): Promise<ActiveCardRef[]> {
  if (idNumbers.length === 0) return [];
  return db('women as w')
    .join('regions as v', 'v.id', 'w.region_id')
    .join('regions as t', 't.id', 'v.parent_id')
    .where('w.status', 'active')
    .whereRaw('w.id_number = any(?::text[])', [idNumbers])
    .select('w.id', 'w.name', 'w.id_number', 'v.code as village_code', 'v.name as village_name', 't.name as township_name');
}

const WOMAN_COLUMN_TYPES: Record<string, string> = {
  region_id: 'int',
  birth_date: 'date',
  marriage_date: 'date',
  migrant_since: 'date',
  migrant_verified_on: 'date',
  registered_on: 'date',
  only_child: 'boolean',
  spouse_only_child: 'boolean',
  created_by: 'int',
  updated_by: 'int',
};

/**
 * Many new cards in a few statements: one array parameter per column and chunk, unnested (no parameter ceiling,
 * no round trip per card; measured ~20% faster than a JSON parameter). Column defaults (status, version,
 * timestamps) apply. Returns the ids with their ID numbers.
 */
export async function insertWomen(db: Knex, rows: WomanInsert[]): Promise<{ id: number; id_number: string }[]> {
  const out: { id: number; id_number: string }[] = [];
  const cols = Object.keys(rows[0] ?? {}) as (keyof WomanInsert)[];
  const list = cols.map((c) => `"${c}"`).join(', ');
  const args = cols.map((c) => `?::${WOMAN_COLUMN_TYPES[c] ?? 'text'}[]`).join(', ');
  for (let i = 0; i < rows.length; i += 5000) {
    const chunk = rows.slice(i, i + 5000);
    const { rows: ids } = await db.raw<{ rows: { id: number; id_number: string }[] }>(
      `insert into women (${list}) select * from unnest(${args}) returning id, id_number`,
      cols.map((c) => chunk.map((r) => r[c] ?? null)) as unknown as Knex.RawBinding[],
    );
    out.push(...ids);
  }
  return out;
}
