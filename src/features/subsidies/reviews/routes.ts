/**
 * Saving the eligibility audit as dated reviews (county supervisor): the 考核 indicator 奖扶特扶资格确认准确率
 * counts them per period.
 *   POST /subsidies/audit/reviews   program (empty: every program), reason
 */
import type { Request, Router } from 'express';
import { actorOf } from '../../../auth/principal.ts';
import { userCan } from '../../../auth/guards.ts';
import { SUBSIDY_PROGRAM, type SubsidyProgram } from '../../../domain/codes.ts';
import { flash } from '../../../http/flash.ts';
import { formPage } from '../../../http/forms.ts';
import { guard, todayOf } from '../../../http/route-kit.ts';
import { parseForm } from '../../../parse.ts';
import type { FeatureContext } from '../../feature.ts';
import { listPrograms } from '../programs/service.ts';
import { eligibilityAudit } from '../rosters/service.ts';
import { AuditQuery } from '../rosters/schemas.ts';
import { SaveReviewForm } from './schemas.ts';
import { saveEligibilityReview, savedReviewRuns } from './service.ts';

/** What /subsidies/audit shows: the live audit, the saved runs, and whether this user may save one. */
export async function auditPage(ctx: FeatureContext, req: Request, program?: SubsidyProgram) {
  const db = ctx.db;
  const actor = actorOf(req);
  const f = { program };
  const today = todayOf(ctx);
  return {
    audit: await eligibilityAudit(db, actor.scope, today, f.program),
    filters: f,
    programs: await listPrograms(db),
    today,
    runs: await savedReviewRuns(db, actor),
    mayReview: userCan(req, 'subsidies.review'),
  };
}

/** The program the failed form was for, when it names one (the page re-renders for it; anything else: all). */
function programOfBody(req: Request): SubsidyProgram | undefined {
  const parsed = AuditQuery.safeParse({ program: (req.body as Record<string, unknown> | undefined)?.program });
  return parsed.success ? parsed.data.program : undefined;
}

export function reviewRoutes(router: Router, ctx: FeatureContext) {
  router.post(
    '/subsidies/audit/reviews',
    ...guard('subsidies.review'),
    formPage('subsidies/audit', (req) => auditPage(ctx, req, programOfBody(req))),
    async (req, res) => {
      const input = parseForm(SaveReviewForm, req.body);
      const saved = await saveEligibilityReview(ctx.db, actorOf(req), todayOf(ctx), input);
      const which = input.program ? SUBSIDY_PROGRAM[input.program] : '全部补助项目';
      flash(req, 'success', `已保存 ${todayOf(ctx)} 的资格核查结果（${which}）：核查 ${saved.reviewed} 人，仍符合条件 ${saved.met} 人。`);
      res.redirect(303, `/subsidies/audit${input.program ? `?program=${input.program}` : ''}`);
    },
  );
}
