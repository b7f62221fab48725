/**
 * The county's targets (考核目标) of a statistical year: every report reader sees them (a township its own
 * overrides); the county supervisor and admin (assessment.targets) edit this year's and later years'.
 *   GET  /targets/settings?year=YYYY
 *   POST /targets/settings          year, indicator, region (township code; empty = every township), target,
 *                                     near, weight, score_rule, version (when editing), reason
 *   POST /targets/settings/remove   id, version, reason (a township's override)
 */
import type { Request, Router } from 'express';
import { actorOf } from '../../../auth/principal.ts';
import { DIRECTION_LABEL, SCORE_RULE_LABEL, SOURCE_LABEL } from '../../../domain/assessment.ts';
import { can } from '../../../domain/permissions.ts';
import { flash } from '../../../http/flash.ts';
import { formPage } from '../../../http/forms.ts';
import { guard, todayOf } from '../../../http/route-kit.ts';
import { parseForm, parseQuery } from '../../../parse.ts';
import type { FeatureContext } from '../../feature.ts';
import { RemoveForm, TargetForm, TargetsQuery } from './schemas.ts';
import { removeOverride, saveTarget, targetsPage } from './service.ts';

export const TARGETS_PATH = '/targets/settings';

export function targetRoutes(router: Router, ctx: FeatureContext) {
  const db = ctx.db;

  async function page(req: Request, year: number | undefined) {
    const actor = actorOf(req);
    const t = await targetsPage(db, actor, { year, canEdit: can(actor, 'assessment.targets') }, todayOf(ctx));
    return { t, directionLabel: DIRECTION_LABEL, scoreRuleLabel: SCORE_RULE_LABEL, sourceLabel: SOURCE_LABEL };
  }

  /** The year of a posted form (to re-render its page), when it is one. */
  const postedYear = (req: Request) => {
    const y = Number((req.body as Record<string, unknown> | undefined)?.year);
    return Number.isInteger(y) && y >= 2000 && y <= 2100 ? y : undefined;
  };

  router.get(TARGETS_PATH, ...guard('reports.read', 'assessment.targets'), async (req, res) => {
    const f = parseQuery(TargetsQuery, req.query);
    res.render('assessment/targets', await page(req, f.year));
  });

  const edit = guard('assessment.targets');

  router.post(
    TARGETS_PATH,
    ...edit,
    formPage('assessment/targets', (req) => page(req, postedYear(req))),
    async (req, res) => {
      const f = parseForm(TargetForm, req.body);
      const saved = await saveTarget(db, actorOf(req), f, todayOf(ctx));
      flash(req, 'success', `已保存${f.year}年度${saved.regionName}的“${saved.indicator.name}”目标`);
      res.redirect(303, `${TARGETS_PATH}?year=${f.year}`);
    },
  );

  router.post(
    `${TARGETS_PATH}/remove`,
    ...edit,
    formPage('assessment/targets', (req) => page(req, postedYear(req))),
    async (req, res) => {
      const f = parseForm(RemoveForm, req.body);
      const removed = await removeOverride(db, actorOf(req), f, todayOf(ctx));
      flash(req, 'success', `已删除${removed.year}年度${removed.regionName}的“${removed.indicator.name}”单独目标，该乡镇改按全部乡镇的目标考核`);
      res.redirect(303, `${TARGETS_PATH}?year=${removed.year}`);
    },
  );
}
