/**
 * The verification schedule of floating women.
 *   GET  /floating/verifications?status=due|all&village=&page=   due (next verification on or before today) or all
 *   GET  /floating/verifications/:womanId                        her verification form
 *   POST /floating/verifications/:womanId (verified_on, result, note)   record a verification
 */
import { Router, type Request } from 'express';
import { actorOf } from '../../../auth/principal.ts';
import { FLOATING_VERIFY_RESULT, options } from '../../../domain/codes.ts';
import { flash } from '../../../http/flash.ts';
import { formPage } from '../../../http/forms.ts';
import { fetchPage, guard, idParam, todayOf } from '../../../http/route-kit.ts';
import { parseForm, parseQuery } from '../../../parse.ts';
import { assertFilterInScope, villageOptions } from '../../regions/service.ts';
import type { FeatureContext } from '../../feature.ts';
import { VerificationFilters, VerificationForm } from './schemas.ts';
import { FLOATING_WOMAN_NOT_FOUND, floatingWoman, recordVerification, verificationList } from './service.ts';

export function verificationRoutes(ctx: FeatureContext): Router {
  const router = Router();
  const db = ctx.db;

  router.get('/floating/verifications', ...guard('cards.read'), async (req, res) => {
    const f = parseQuery(VerificationFilters, req.query);
    const actor = actorOf(req);
    await assertFilterInScope(db, actor.scope, f.village, 'village');
    const today = todayOf(ctx);
    const status = f.status ?? 'due';
    const { rows, pageInfo, months } = await fetchPage(f.page, (w) => verificationList(db, actor.scope, { today, status, village: f.village }, w));
    res.render('floating/verifications', { rows, pageInfo, months, today, filters: { ...f, status }, query: { status, village: f.village }, villages: await villageOptions(db, actor.scope, true) });
  });

  const load = async (req: Request) => {
    const today = todayOf(ctx);
    return { woman: await floatingWoman(db, actorOf(req).scope, idParam(req, 'womanId', FLOATING_WOMAN_NOT_FOUND), today), today, results: options(FLOATING_VERIFY_RESULT) };
  };
  const page = formPage('floating/verification', load);

  router.get('/floating/verifications/:womanId', ...guard('cards.read'), page, async (req, res) => {
    const data = await load(req);
    res.render('floating/verification', { ...data, values: { verified_on: data.today } });
  });

  router.post('/floating/verifications/:womanId', ...guard('services.write'), page, async (req, res) => {
    const id = idParam(req, 'womanId', FLOATING_WOMAN_NOT_FOUND);
    const values = parseForm(VerificationForm, req.body);
    const { woman } = await recordVerification(db, actorOf(req), id, values, todayOf(ctx));
    flash(req, 'success', `已登记 ${woman.name} 的核查（${values.verified_on}）`);
    res.redirect(303, '/floating/verifications');
  });

  return router;
}
