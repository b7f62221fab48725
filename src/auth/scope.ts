/**
 * Scope in the query layer (DESIGN §1): every query that reads people or their events filters by the villages
 * inside the actor's region. Region codes nest (a village code starts with its township's), so "in scope" is a
 * prefix match on an indexed column — one rule for county and township alike.
 */
import type { Knex } from 'knex';
import type { Scope } from './actor.ts';

/** Subquery of the ids of every village in scope, for `whereIn('x.region_id', villagesInScope(db, scope))`. */
export function villagesInScope(db: Knex, scope: Scope): Knex.QueryBuilder {
  return db('regions').select('id').where('level', 'village').andWhereLike('code', `${scope.code}%`);
}

/** Subquery of every region (any level) in scope: villages, townships and the scope's own region. */
export function regionsInScope(db: Knex, scope: Scope): Knex.QueryBuilder {
  return db('regions').select('id').whereLike('code', `${scope.code}%`);
}

export function codeInScope(scope: Scope, code: string): boolean {
  return code.startsWith(scope.code);
}
