/**
 * SQL of the importers: who the rows of a file are about (active cards by ID number, always within the caller's
 * scope), what is on their cards already (for duplicates), and which region codes exist.
 */
import type { Knex } from 'knex';
import type { Scope } from '../../../auth/actor.ts';

export interface CardRef {
  id: number;
  id_number: string;
  name: string;
}

/** Active cards in scope with these ID numbers (one query for a file); others are "not found". */
export async function activeCardsInScope(db: Knex, scope: Scope, idNumbers: string[]): Promise<Map<string, CardRef>> {
  const out = new Map<string, CardRef>();
  for (let i = 0; i < idNumbers.length; i += 5000) {
    const rows: CardRef[] = await db('women as w')
      .join('regions as v', 'v.id', 'w.region_id')
      .where('w.status', 'active')
      .whereRaw('w.id_number = any(?::text[])', [idNumbers.slice(i, i + 5000)])
      .andWhereLike('v.code', `${scope.code}%`)
      .select('w.id', 'w.id_number', 'w.name');
    for (const r of rows) out.set(r.id_number, r);
  }
  return out;
}

/** The children already on these cards (keys for the duplicate check). */
export async function childrenOf(db: Knex, womanIds: number[]): Promise<{ woman_id: number; birth_date: string; sex: string; name: string | null }[]> {
  if (womanIds.length === 0) return [];
  return db('children').whereRaw('woman_id = any(?::int[])', [womanIds]).select('woman_id', 'birth_date', 'sex', 'name');
}

/** The services already on these cards (keys for the duplicate check). */
export async function servicesOf(db: Knex, womanIds: number[]): Promise<{ woman_id: number; kind: string; performed_on: string }[]> {
  if (womanIds.length === 0) return [];
  return db('services').whereRaw('woman_id = any(?::int[])', [womanIds]).select('woman_id', 'kind', 'performed_on');
}

/** Regions by code (the regions import tells new codes from existing ones). */
export async function regionsByCodes(db: Knex, codes: string[]): Promise<Map<string, { code: string; name: string }>> {
  if (codes.length === 0) return new Map();
  const rows: { code: string; name: string }[] = await db('regions').whereRaw('code = any(?::text[])', [codes]).select('code', 'name');
  return new Map(rows.map((r) => [r.code, r]));
}
