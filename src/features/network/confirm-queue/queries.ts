/** SQL of the confirm queue beyond the report rows (event-reports/queries.ts): the card an arrival became. */
import type { Knex } from 'knex';
import type { Scope } from '../../../auth/actor.ts';
import { villagesInScope } from '../../../auth/scope.ts';

/** The active card with this ID number in the caller's villages (an arrival's new card), or undefined. */
export async function activeCardByIdNumber(db: Knex, scope: Scope, idNumber: string): Promise<{ id: number; name: string } | undefined> {
  return db('women').whereIn('region_id', villagesInScope(db, scope)).andWhere({ id_number: idNumber, status: 'active' }).first('id', 'name');
}
