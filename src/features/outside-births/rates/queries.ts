/** The rows of the 出生信息 page and the outside births it cannot place in a village. */
import type { Knex } from 'knex';
import type { Scope } from '../../../auth/actor.ts';
import { regionsInScope } from '../../../auth/scope.ts';

export interface TownshipRow {
  id: number;
  code: string;
  name: string;
}

/** The townships in scope (one for a township user). */
export async function townshipsInScope(db: Knex, scope: Scope): Promise<TownshipRow[]> {
  return db('regions').where('level', 'township').whereIn('id', regionsInScope(db, scope)).orderBy('code').select('id', 'code', 'name');
}

/** Rows of confirmed lists born in the period and placed above village level (no village known), in scope. */
export async function unplacedCount(db: Knex, scope: Scope, from: string, to: string): Promise<number> {
  const row = await db('outside_births as ob')
    .join('outside_birth_lists as l', 'l.id', 'ob.list_id')
    .join('regions as r', 'r.id', 'ob.region_id')
    .where('l.status', 'confirmed')
    .whereNot('r.level', 'village')
    .whereBetween('ob.birth_date', [from, to])
    .whereIn('ob.region_id', regionsInScope(db, scope))
    .count<{ n: number }>('* as n')
    .first();
  return Number(row?.n ?? 0);
}
