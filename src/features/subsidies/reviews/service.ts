/**
 * Saving an eligibility audit (资格核查) as dated reviews: the 奖扶特扶资格确认准确率 of 考核 counts each approved
 * beneficiary's latest review in a period, so a period's figure is what was checked in it and never moves when the
 * register changes later. One transaction: the reviews and the audit row with the reason.
 */
import type { Knex } from 'knex';
import type { Actor } from '../../../auth/actor.ts';
import type { SubsidyProgram } from '../../../domain/codes.ts';
import { eligibilityAccuracy, type Rate } from '../../../domain/subsidy-money.ts';
import { recordAudit } from '../../audit/service.ts';
import { reviewApprovedApplications } from '../rosters/service.ts';
import { reviewRuns, upsertReviews, type ReviewRunRow } from './queries.ts';

export type { ReviewRunRow } from './queries.ts';

export interface SavedReview {
  reviewed: number;
  met: number;
}

export async function saveEligibilityReview(db: Knex, actor: Actor, today: string, input: { program?: SubsidyProgram; reason: string }): Promise<SavedReview> {
  return db.transaction(async (trx) => {
    const reviews = await reviewApprovedApplications(trx, actor.scope, today, input.program);
    await upsertReviews(
      trx,
      reviews.map((r) => ({
        application_id: r.application.id,
        woman_id: r.application.woman_id,
        region_id: r.application.region_id,
        program: r.application.program,
        reviewed_on: today,
        result: r.result,
        failing: JSON.stringify(r.failing.map((c) => ({ key: c.key, label: c.label, result: c.result, detail: c.detail }))),
        reviewed_by: actor.userId > 0 ? actor.userId : null,
      })),
    );
    const met = reviews.filter((r) => r.result === 'met').length;
    await recordAudit(trx, actor, {
      action: 'subsidy_review.save',
      entity: 'subsidy_eligibility_review',
      entityId: today,
      regionId: actor.scope.regionId,
      after: { reviewed_on: today, program: input.program ?? null, reviewed: reviews.length, met },
      reason: input.reason,
    });
    return { reviewed: reviews.length, met };
  });
}

/** The latest saved runs (the audit page's 核查记录), each with its 资格确认准确率. */
export async function savedReviewRuns(db: Knex, actor: Actor, limit = 24): Promise<(ReviewRunRow & { rate: Rate })[]> {
  return (await reviewRuns(db, actor.scope, limit)).map((r) => ({ ...r, rate: eligibilityAccuracy(r.met, r.reviewed) }));
}
