/**
 * 长效节育措施落实规则: every report reader sees the dated rules and the one in force today; the county
 * (reports.rules: county supervisor and admin) adds a rule from a date on.
 *   GET  /reports/long-acting-rules
 *   POST /reports/long-acting-rules   effective_from, min_birth_order, within_days, note, reason
 */
import type { Router } from 'express';
import { actorOf } from '../../../auth/principal.ts';
import { birthOrderWords, withinDaysWords } from '../../../domain/long-acting-rules.ts';
import { flash } from '../../../http/flash.ts';
import { formPage } from '../../../http/forms.ts';
import { guard, todayOf } from '../../../http/route-kit.ts';
import { parseForm } from '../../../parse.ts';
import type { FeatureContext } from '../../feature.ts';
import { LongActingRuleForm } from './schemas.ts';
import { addLongActingRule, longActingRules } from './service.ts';

export const LONG_ACTING_RULES_PATH = '/reports/long-acting-rules';

export function longActingRoutes(router: Router, ctx: FeatureContext) {
  const db = ctx.db;
  const page = async () => {
    const today = todayOf(ctx);
    return { ...(await longActingRules(db, today)), today, birthOrderWords, withinDaysWords };
  };

  router.get(LONG_ACTING_RULES_PATH, ...guard('reports.read', 'reports.rules'), async (_req, res) => {
    res.render('reports/long-acting-rules', await page());
  });

  router.post(LONG_ACTING_RULES_PATH, ...guard('reports.rules'), formPage('reports/long-acting-rules', page), async (req, res) => {
    const input = parseForm(LongActingRuleForm, req.body);
    await addLongActingRule(db, actorOf(req), input);
    flash(req, 'success', `已新增长效节育措施落实规则：自 ${input.effective_from} 起，${birthOrderWords(input.min_birth_order)}的妇女${withinDaysWords(input.within_days)}落实。`);
    res.redirect(303, LONG_ACTING_RULES_PATH);
  });
}
