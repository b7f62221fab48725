/** SQL of the work orders: the village a sheet is for, in the caller's scope (the items come from the other subjects' queries). */
import type { Knex } from 'knex';
import type { Scope } from '../../../auth/actor.ts';

export interface WorkOrderVillage {
  id: number;
  code: string;
  name: string;
  township_name: string;
  township_id: number;
  township_code: string;
}

export async function villageInScope(db: Knex, scope: Scope, code: string): Promise<WorkOrderVillage | undefined> {
  return db('regions as v')
    .join('regions as t', 't.id', 'v.parent_id')
    .where({ 'v.code': code, 'v.level': 'village' })
    .andWhereLike('v.code', `${scope.code}%`)
    .select<WorkOrderVillage[]>('v.id', 'v.code', 'v.name', 't.name as township_name', 't.id as township_id', 't.code as township_code')
    .first();
}
