/**
 * SQL of the indicator catalogue (assessment_indicators) and of the one indicator the report engine does not count:
 * 双查到位率, from the double-check rounds of the townships under a region (inside the caller's scope).
 */
import type { Knex } from 'knex';
import type { Scope } from '../../../auth/actor.ts';
import { regionsInScope } from '../../../auth/scope.ts';
import type { AssessmentIndicatorsTable } from '../../../db/tables.ts';
import type { Period } from '../../../domain/report-periods.ts';

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

/**
 * Women due (due or done; excused women are not due) and checked in the rounds whose quarter overlaps the period,
 * in the townships whose code starts with `prefix` — the same counts as the rounds page.
 */
export async function doubleCheckCounts(db: Knex, scope: Scope, prefix: string, period: Period): Promise<{ due: number; done: number }> {
  const row = await db('check_results as c')
    .join('check_rounds as r', 'r.id', 'c.round_id')
    .join('regions as t', 't.id', 'r.township_id')
    .whereIn('t.id', regionsInScope(db, scope))
    .andWhereLike('t.code', `${prefix}%`)
    .andWhereRaw(`make_date(r.year, (r.quarter - 1) * 3 + 1, 1) <= ?::date`, [period.to])
    .andWhereRaw(`(make_date(r.year, (r.quarter - 1) * 3 + 1, 1) + interval '3 months')::date > ?::date`, [period.from])
    .first<{ due: number; done: number }>(db.raw(`count(*) filter (where c.status in ('due', 'done'))::int as due`), db.raw(`count(*) filter (where c.status = 'done')::int as done`));
  return { due: row?.due ?? 0, done: row?.done ?? 0 };
}
