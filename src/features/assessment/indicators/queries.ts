/** SQL of the indicator catalogue (assessment_indicators); the values come from the report engine. */
import type { Knex } from 'knex';
import type { AssessmentIndicatorsTable } from '../../../db/tables.ts';

export type IndicatorRow = AssessmentIndicatorsTable;

export async function listIndicators(db: Knex, activeOnly = false): Promise<IndicatorRow[]> {
  const q = db('assessment_indicators')
    .select<IndicatorRow[]>('*')
    .orderBy([{ column: 'sort_order' }, { column: 'code' }]);
  if (activeOnly) q.where('active', true);
  return q;
}

export async function findIndicator(db: Knex, code: string): Promise<IndicatorRow | undefined> {
  return db('assessment_indicators').where({ code }).first<IndicatorRow | undefined>('*');
}
