/** The saved eligibility reviews: writing one run, and the history of runs shown on the audit page. */
import type { Knex } from 'knex';
import type { Scope } from '../../../auth/actor.ts';
import { villagesInScope } from '../../../auth/scope.ts';
import type { SubsidyEligibilityReviewsTable } from '../../../db/tables.ts';

export type ReviewInsert = Pick<SubsidyEligibilityReviewsTable, 'application_id' | 'woman_id' | 'region_id' | 'program' | 'reviewed_on' | 'result' | 'reviewed_by'> & {
  failing: string;
};

/** One row per application and day: saving again the same day replaces that day's result. */
export async function upsertReviews(db: Knex, rows: ReviewInsert[]): Promise<void> {
  if (rows.length === 0) return;
  await db('subsidy_eligibility_reviews').insert(rows).onConflict(['application_id', 'reviewed_on']).merge(['result', 'failing', 'reviewed_by', 'region_id', 'updated_at']);
}

export interface ReviewRunRow {
  reviewed_on: string;
  program: string;
  reviewed: number;
  met: number;
}

/** The saved runs in scope, newest first: per day and program, how many were reviewed and how many still met. */
export async function reviewRuns(db: Knex, scope: Scope, limit: number): Promise<ReviewRunRow[]> {
  const rows = await db('subsidy_eligibility_reviews as er')
    .whereIn('er.region_id', villagesInScope(db, scope))
    .groupBy('er.reviewed_on', 'er.program')
    .orderBy([
      { column: 'er.reviewed_on', order: 'desc' },
      { column: 'er.program', order: 'asc' },
    ])
    .limit(limit)
    .select<{ reviewed_on: string; program: string; reviewed: string; met: string }[]>(
      'er.reviewed_on',
      'er.program',
      db.raw('count(*) as reviewed'),
      db.raw(`count(*) filter (where er.result = 'met') as met`),
    );
  return rows.map((r) => ({ reviewed_on: r.reviewed_on, program: r.program, reviewed: Number(r.reviewed), met: Number(r.met) }));
}
