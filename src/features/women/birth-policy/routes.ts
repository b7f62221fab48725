/**
 * The county's birth policy (admin @ county): the rule sets with their rules, and the choice of set.
 *   GET /admin/birth-policy · POST /admin/birth-policy (rule_set, reason; audited)
 */
import type { Router } from 'express';
import { actorOf } from '../../../auth/principal.ts';
import type { AppContext } from '../../../context.ts';
import { flash } from '../../../http/flash.ts';
import { formPage } from '../../../http/forms.ts';
import { guard } from '../../../http/route-kit.ts';
import { parseForm } from '../../../parse.ts';
import { ChooseRuleSetForm } from './schemas.ts';
import { birthPolicyPage, chooseRuleSet } from './service.ts';

export function mountBirthPolicyRoutes(router: Router, ctx: AppContext) {
  const admin = guard('admin.birth_policy');
  const db = ctx.db;
  const page = formPage('women/birth-policy', () => birthPolicyPage(db));

  router.get('/admin/birth-policy', ...admin, page, async (_req, res) => {
    const data = await birthPolicyPage(db);
    res.render('women/birth-policy', { ...data, values: { rule_set: data.chosen } });
  });

  router.post('/admin/birth-policy', ...admin, page, async (req, res) => {
    const set = await chooseRuleSet(db, actorOf(req), parseForm(ChooseRuleSetForm, req.body));
    flash(req, 'success', `本县生育政策已改为“${set.name}”，此后登记的出生按该规则集判定政策属性`);
    res.redirect(303, '/admin/birth-policy');
  });
}
